"""A citizen on a phone (390 px) in a real browser: finds the procedure without typing
accents, reads the steps, downloads the form (the effective revision, stamped), and the
posting sheet's QR code carries the page's address.

No QR decoder is installed (zbarimg is absent), so the QR payload is checked by rendering
the expected address with the same encoder (segno, renditions.rendering.qr_data_uri) and
comparing it with the image on the page; the posting sheet prints the same address."""

import io
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from pypdf import PdfReader

from renditions import rendering
from tests.procedures.factories import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def test_a_citizen_on_a_phone_finds_reads_and_downloads(page):
    world = World()
    page.set_viewport_size({"width": 390, "height": 844})
    # when: searching without diacritics
    page.goto("/thu-tuc/")
    page.fill("input[name=q]", "cap ban sao bang tot nghiep")
    page.click("form[role=search] button[type=submit]")
    page.click("text=Cấp bản sao bằng tốt nghiệp từ sổ gốc")
    # then: the steps, in order, and the page fits the phone
    assert urlparse(page.url).path == "/thu-tuc/1.005090/"
    # (drawn as the phone's numbered diagram; read as an ordered list by screen readers)
    assert page.locator(".procedure-diagram svg.d-md-none").is_visible()
    assert not page.locator(".procedure-diagram svg.d-md-block").is_visible()
    steps = page.locator("ol.procedure-steps > li").all_text_contents()
    assert [step.split(";")[0].strip() for step in steps] == [
        "Tiếp nhận hồ sơ",
        "Thẩm định, đối chiếu sổ gốc",
        "Trả kết quả",
    ]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # when: downloading the form
    with page.expect_download() as download:
        page.click(f"text=Download form {world.form.number} (PDF)")
    data = Path(download.value.path()).read_bytes()
    # then: the effective revision, stamped as an uncontrolled copy
    text = _pdf_text(data)
    assert world.form.number in text and "UNCONTROLLED COPY" in text
    # and the QR code on the page and on the posting sheet carries the page's address
    address = settings.QMS_SITE_URL.rstrip("/") + "/thu-tuc/1.005090/"
    assert page.get_attribute("img[alt^='QR code']", "src") == rendering.qr_data_uri(address)
    sheet = page.request.get(page.get_attribute("text=Printable notice (A4 PDF)", "href"))
    assert sheet.headers["content-type"] == "application/pdf"
    assert address in _pdf_text(sheet.body()).replace("\n", "")
