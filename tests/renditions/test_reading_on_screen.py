"""Issue 16, problem 3: the document page leads with the controlled PDF (shown in a frame
of our own PDF view on a desktop, opened by its button on a phone); the original file is
a secondary download."""

import re

import pytest
from django.urls import reverse

from documents.workflow import DocumentStatus
from renditions.models import AccessEvent
from tests.documents.factories import UserFactory, make_document

pytestmark = pytest.mark.django_db


def buttons(page: str) -> list[tuple[str, str, str]]:
    """(kind, href, text) of each link styled as a button: kind "button" for the primary
    (Bootstrap's btn-primary), "button secondary" for an outline one."""
    kinds = {"btn btn-primary": "button", "btn btn-outline-secondary": "button secondary"}
    return [
        (kinds.get(cls, cls), href, re.sub(r"\s+", " ", text).strip())
        for href, cls, text in re.findall(r'<a href="([^"]+)" class="(btn [^"]*)">(.*?)</a>', page)
    ] + [
        (kinds.get(cls, cls), href, re.sub(r"\s+", " ", text).strip())
        for cls, href, text in re.findall(r'<a class="(btn [^"]*)" href="([^"]+)">(.*?)</a>', page)
    ]


def test_the_document_page_leads_with_the_controlled_pdf_and_offers_the_original_second(client):
    # given an effective procedure uploaded as a DOCX, and a staff reader
    officer = UserFactory(officer=True)
    document = make_document(officer=officer, status=DocumentStatus.EFFECTIVE, file_name="quy-trinh.docx")
    version = document.versions.get()
    client.force_login(UserFactory(staff=True))
    # when the reader opens the document page
    response = client.get(reverse("documents:detail", args=[document.pk]))
    page = response.content.decode()
    # then the one primary button opens the controlled PDF, the DOCX is a secondary download
    pdf_url = reverse("renditions:version_pdf", args=[version.pk])
    primary = [b for b in buttons(page) if b[0] == "button"]
    assert primary == [("button", pdf_url, "View controlled PDF")]
    assert (
        "button secondary",
        reverse("documents:download", args=[version.pk]),
        "Download original (quy-trinh.docx)",
    ) in buttons(page)
    # and the desktop viewer frames our own PDF view (loaded by script on wide screens only)
    assert f'<iframe data-src="{pdf_url}"' in page
    assert "frame-src 'self'" in response["Content-Security-Policy"]
    assert AccessEvent.objects.count() == 0  # opening the page is not yet reading the PDF


def test_the_pdf_view_may_be_framed_by_our_own_pages_only(client):
    officer = UserFactory(officer=True)
    version = make_document(officer=officer, status=DocumentStatus.EFFECTIVE, file_name=None).versions.get()
    client.force_login(UserFactory(staff=True))
    pdf = client.get(reverse("renditions:version_pdf", args=[version.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in pdf["Content-Security-Policy"]
    # every other page is still never framed
    page = client.get(reverse("documents:detail", args=[version.document_id]))
    assert page["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_the_version_page_offers_the_original_as_a_secondary_download(client):
    officer = UserFactory(officer=True)
    version = make_document(
        officer=officer, status=DocumentStatus.EFFECTIVE, file_name="quy-trinh.docx"
    ).versions.get()
    client.force_login(UserFactory(staff=True))
    page = client.get(reverse("documents:version_detail", args=[version.pk])).content.decode()
    download = reverse("documents:download", args=[version.pk])
    assert ("button secondary", download, "Download original") in buttons(page)
    assert ("button", download, "Download") not in buttons(page)
