"""The shared rendering service, read back from the PDFs it produces."""

import datetime
import http.server
import threading
import unicodedata
from pathlib import Path

import pytest
from django.utils import translation
from fontTools.ttLib import TTFont

from renditions import rendering
from renditions.rendering import ControlledHeader, Manifest, RevisionRow, SafeURLFetcher, Signatory
from tests.renditions.pdftext import all_text, font_names, page_count, page_sizes, pages_text

HEADER = ControlledHeader(
    number="QT-VP-01",
    title="Quy trình tiếp nhận và trả kết quả hồ sơ",
    revision="03",
    effective_date=datetime.date(2026, 1, 5),
)
MANIFEST = Manifest(
    signatures=[
        Signatory(
            meaning="Prepared by",
            name="Nguyễn Thị Hằng",
            role="Văn phòng",
            signed_at=datetime.date(2026, 1, 2),
        ),
        Signatory(
            meaning="Reviewed by",
            name="Trần Quốc Việt",
            role="Phó Giám đốc",
            signed_at=datetime.date(2026, 1, 3),
        ),
        Signatory(
            meaning="Approved by", name="Lê Đức Thắng", role="Giám đốc", signed_at=datetime.date(2026, 1, 4)
        ),
    ],
    revisions=[
        RevisionRow(
            revision="01", change_summary="Ban hành lần đầu", effective_date=datetime.date(2024, 3, 1)
        ),
        RevisionRow(
            revision="02", change_summary="Bổ sung biểu mẫu BM-02", effective_date=datetime.date(2025, 2, 1)
        ),
        RevisionRow(
            revision="03",
            change_summary="Rút ngắn thời hạn giải quyết",
            effective_date=datetime.date(2026, 1, 5),
        ),
    ],
)

TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # none, huyền, sắc, hỏi, ngã, nặng
VOWELS = "aăâeêioôơuưy"
VIETNAMESE_LETTERS = sorted(
    {unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in TONES}
    | {unicodedata.normalize("NFC", vowel.upper() + tone) for vowel in VOWELS for tone in TONES}
    | {"đ", "Đ"}
)


def long_body(paragraphs=120):
    return "".join(
        f"<p>Đoạn {n}: cán bộ tiếp nhận hồ sơ và kiểm tra thành phần.</p>" for n in range(paragraphs)
    )


def test_every_page_carries_the_header_fields_and_page_x_of_y():
    # given a body long enough for several pages
    # when
    pdf = rendering.render_controlled_pdf(html_body=long_body(), header=HEADER)
    # then
    pages = pages_text(pdf)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "Sở Giáo dục và Đào tạo" in text  # organisation from settings
        assert "QT-VP-01" in text
        assert "Quy trình tiếp nhận và trả kết quả hồ sơ" in text
        assert "Revision: 03" in text
        assert "Effective date: 05/01/2026" in text
        assert f"Page: {number}/{len(pages)}" in text


def test_header_labels_follow_the_active_language():
    with translation.override("vi"):
        pdf = rendering.render_controlled_pdf(html_body="<p>Nội dung</p>", header=HEADER)
    text = all_text(pdf)
    assert "Mã số: QT-VP-01" in text
    assert "Lần ban hành: 03" in text
    assert "Ngày hiệu lực: 05/01/2026" in text
    assert "Trang: 1/1" in text


def test_manifest_lists_the_signatures_and_every_revision():
    pdf = rendering.render_controlled_pdf(html_body="<p>Nội dung</p>", header=HEADER, manifest=MANIFEST)
    first = pages_text(pdf)[0]
    for name in [
        "Nguyễn Thị Hằng",
        "Trần Quốc Việt",
        "Lê Đức Thắng",
        "Prepared by",
        "Reviewed by",
        "Approved by",
    ]:
        assert name in first
    for row in [
        "Ban hành lần đầu",
        "Bổ sung biểu mẫu BM-02",
        "Rút ngắn thời hạn giải quyết",
        "01/03/2024",
        "01/02/2025",
    ]:
        assert row in first
    assert "Revision history" in first


def test_manifest_can_close_the_rendition_instead():
    manifest = Manifest(signatures=MANIFEST.signatures, revisions=MANIFEST.revisions, position="end")
    pdf = rendering.render_controlled_pdf(html_body=long_body(60), header=HEADER, manifest=manifest)
    pages = pages_text(pdf)
    assert "Lê Đức Thắng" not in pages[0]
    assert "Lê Đức Thắng" in pages[-1]


@pytest.mark.parametrize(
    ("status", "english", "vietnamese"),
    [
        ("draft", "DRAFT", "DỰ THẢO"),
        ("in_review", "IN REVIEW", "ĐANG XEM XÉT"),
        ("superseded", "SUPERSEDED", "ĐÃ ĐƯỢC THAY THẾ"),
        ("obsolete", "OBSOLETE", "HẾT HIỆU LỰC"),
    ],
)
def test_watermark_per_status_in_both_languages(status, english, vietnamese):
    for language, expected in (("en", english), ("vi", vietnamese)):
        with translation.override(language):
            pdf = rendering.render_controlled_pdf(
                html_body=long_body(30), header=HEADER, watermark=rendering.watermark_for_status(status)
            )
        for text in pages_text(pdf):
            assert expected in text


def test_effective_version_has_no_status_watermark():
    assert rendering.watermark_for_status("effective") is None


def test_per_download_stamp_marks_every_page_with_the_reader_and_time():
    # given an already rendered PDF
    pdf = rendering.render_controlled_pdf(html_body=long_body(), header=HEADER)
    # when
    with translation.override("vi"):
        stamped = rendering.stamp_watermark(
            pdf, rendering.uncontrolled_copy_watermark(), detail="Phạm Thị Ánh 25/11/2026 10:15"
        )
    # then
    assert page_count(stamped) == page_count(pdf)
    for text in pages_text(stamped):
        assert "TÀI LIỆU KHÔNG KIỂM SOÁT KHI IN" in text
        assert "Phạm Thị Ánh 25/11/2026 10:15" in text
        assert "QT-VP-01" in text  # the page underneath is untouched


def test_controlled_copy_watermark_names_the_copy_number():
    pdf = rendering.render_controlled_pdf(html_body="<p>x</p>", header=HEADER)
    with translation.override("vi"):
        stamped = rendering.stamp_watermark(pdf, rendering.controlled_copy_watermark(7))
    assert "BẢN KIỂM SOÁT SỐ 7" in all_text(stamped)


def test_every_vietnamese_letter_renders_and_no_glyph_is_dropped():
    # given all 134 letters, typed decomposed (as some keyboards and old files do)
    letters = " ".join(VIETNAMESE_LETTERS)
    decomposed = unicodedata.normalize("NFD", letters)
    assert decomposed != letters
    # when they appear in the body, the header and the manifest
    header = ControlledHeader(number="QT-01", title=decomposed, revision="01")
    manifest = Manifest(signatures=[Signatory(meaning="Approved by", name=decomposed)])
    pdf = rendering.render_controlled_pdf(html_body=f"<p>{decomposed}</p>", header=header, manifest=manifest)
    # then the extracted text holds each letter, composed, in every part
    text = all_text(pdf)
    for letter in VIETNAMESE_LETTERS:
        assert text.count(letter) >= 3, letter
    # and only the named font family was used (no silent fallback font) ...
    assert font_names(pdf) and all(name.replace("-", "").startswith("DejaVuSans") for name in font_names(pdf))
    # ... which has a real glyph for every letter
    font = TTFont("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    cmap = font.getBestCmap()
    missing = [letter for letter in VIETNAMESE_LETTERS if ord(letter) not in cmap]
    assert missing == []


def test_authored_markdown_is_sanitised():
    html = rendering.markdown_to_html(
        "# Mục đích\n\n<script>alert(1)</script><p onclick='x()' style='background:url(http://x)'>Đúng</p>\n\n"
        "| A | B |\n|---|---|\n| 1 | 2 |"
    )
    assert "<script" not in html and "onclick" not in html and "style=" not in html
    assert "<h1>Mục đích</h1>" in html and "<table>" in html


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_http_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RecordingHandler)
    _RecordingHandler.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetcher_never_reaches_the_network(local_http_server):
    # given trusted-looking HTML that points at a server on this machine, several ways
    html = (
        f'<img src="{local_http_server}/img.png">'
        f'<link rel="stylesheet" href="{local_http_server}/style.css">'
        f"<style>@import url({local_http_server}/import.css); "
        f"body {{ background: url({local_http_server}/bg.png) }} "
        f"@font-face {{ font-family: X; src: url({local_http_server}/font.ttf) }}</style><p>x</p>"
    )
    fetcher = SafeURLFetcher()
    # when
    rendering.render_controlled_pdf(html_body=html, header=HEADER, trusted=True, fetcher=fetcher)
    # then the server saw nothing and every address was refused
    assert _RecordingHandler.hits == []
    assert {u.rsplit("/", 1)[-1] for u in fetcher.refused} >= {"img.png", "style.css", "import.css", "bg.png"}


def test_fetcher_refuses_local_files_outside_the_static_assets(tmp_path):
    # given a secret file on the server and a static folder with a symlink pointing at it
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0 TOP-SECRET")
    static = tmp_path / "static"
    static.mkdir()
    (static / "ok.css").write_text("p { color: red }")
    (static / "escape.css").symlink_to(secret)
    fetcher = SafeURLFetcher(roots=[static])
    # when / then
    assert fetcher.fetch((static / "ok.css").as_uri()).read() == b"p { color: red }"
    for url in [
        secret.as_uri(),
        (static / "escape.css").as_uri(),
        (static / ".." / "secret.txt").as_uri(),
        "file:///etc/passwd",
        "file://otherhost/etc/passwd",
        "ftp://127.0.0.1/x",
        "https://example.org/x.png",
    ]:
        with pytest.raises(rendering.URLRefused):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 7


def test_rendering_cannot_read_server_files():
    # given content pointing at server files by absolute and relative paths
    html = (
        '<img src="file:///etc/passwd"><img src="../../../../../../etc/hostname">'
        '<link rel="stylesheet" href="file:///etc/passwd"><p>Nội dung</p>'
    )
    fetcher = SafeURLFetcher()
    # when
    pdf = rendering.render_controlled_pdf(html_body=html, header=HEADER, trusted=True, fetcher=fetcher)
    # then
    assert "file:///etc/passwd" in fetcher.refused
    assert any(url.endswith("/etc/hostname") for url in fetcher.refused)
    assert b"root:x:0:0" not in pdf
    assert "Nội dung" in all_text(pdf)


def test_own_static_assets_are_allowed_and_the_logo_is_drawn():
    fetcher = SafeURLFetcher()
    pdf = rendering.render_controlled_pdf(html_body="<p>x</p>", header=HEADER, fetcher=fetcher)
    assert fetcher.refused == []
    assert any(url.endswith("/renditions/logo.svg") for url in fetcher.served)
    assert "QT-VP-01" in all_text(pdf)


def test_qr_code_and_short_url_are_printed():
    pdf = rendering.render_controlled_pdf(
        html_body="<p>x</p>", header=HEADER, manifest=MANIFEST, status_url="http://qms.local/s/AbC123xyz/"
    )
    assert "http://qms.local/s/AbC123xyz/" in all_text(pdf)


def test_landscape_report_with_printed_date():
    header = ControlledHeader(title="Danh mục tài liệu nội bộ", printed_on=datetime.date(2026, 11, 25))
    pdf = rendering.render_controlled_pdf(
        html_body="<table><tr><td>QT-01</td></tr></table>", header=header, landscape=True
    )
    width, height = page_sizes(pdf)[0]
    assert width > height
    assert "25/11/2026" in all_text(pdf)


def test_static_dir_of_the_app_is_an_allowed_root():
    roots = rendering.allowed_static_roots()
    assert Path(rendering.STATIC_DIR).resolve().parent in roots
    assert not any(".venv" in root.parts for root in roots)


def test_report_header_shows_its_status_and_signatures_their_comments():
    header = ControlledHeader(number="NC-2026-004", title="Sự không phù hợp", status_label="Đang xử lý")
    manifest = Manifest(
        signatures=[Signatory(meaning="Verified", name="Hà Văn Kiểm", comment="Hành động có hiệu lực")]
    )
    text = all_text(rendering.render_controlled_pdf(html_body="<p>x</p>", header=header, manifest=manifest))
    assert "Status: Đang xử lý" in text
    assert "Hà Văn Kiểm Hành động có hiệu lực" in text


def _embedded_font_files(pdf: bytes) -> list[str]:
    """The BaseFont name (subset prefix removed) of every font program embedded in ``pdf``,
    once per embedding, whichever pages use it."""
    import io

    from pypdf import PdfReader

    names, seen = [], set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                program = (
                    descriptor.get("/FontFile2")
                    or descriptor.get("/FontFile3")
                    or descriptor.get("/FontFile")
                )
                if program is not None and program.idnum not in seen:
                    seen.add(program.idnum)
                    names.append(str(descendant.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.mark.parametrize("landscape", [False, True])
@pytest.mark.parametrize("position", ["start", "end"])
def test_the_page_furniture_adds_no_page_and_embeds_each_font_once(landscape, position):
    # given a body of several pages, the manifest at either end and a watermark
    manifest = Manifest(signatures=MANIFEST.signatures, revisions=MANIFEST.revisions, position=position)
    # when
    pdf = rendering.render_controlled_pdf(
        html_body=long_body(), header=HEADER, manifest=manifest, watermark="DRAFT", landscape=landscape
    )
    # then every page is the document's own (manifest or body), numbered out of them all
    pages = pages_text(pdf)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Page: {number}/{len(pages)}" in text
        assert "Đoạn" in text or "Lê Đức Thắng" in text
        assert "0123456789" not in text  # the placeholder digits the furniture is laid out with
    assert {width > height for width, height in page_sizes(pdf)} == {landscape}
    # and the header and footer use the body's font programs: none is embedded twice
    fonts = _embedded_font_files(pdf)
    assert fonts and len(fonts) == len(set(fonts)), fonts
