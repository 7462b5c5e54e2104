"""In the request or in a worker: what the inline decision costs, and how long the
heaviest sources it keeps in the request take to render.

    .venv/bin/python benchmarks/rendition_inline.py

For each source: its stored size, what it expands to (as renditions.builders measures
it), the decision with the default limits and the time taken to make it; then, for the
sources kept in the request, the time to lay them out (mammoth or Markdown, then the
controlled layout with WeasyPrint), beside a bare baseline (the same HTML laid out by
WeasyPrint alone; benchmarks/harness.py). Sources just under each limit show the worst a
request can take; those just over it, and the issue's 8.5 KB DOCX of 13,000 paragraphs
(over 2 MiB of XML), show what goes to the worker instead.
"""

import io
import zipfile
from types import SimpleNamespace

import harness

TEXT = "Cán bộ một cửa kiểm tra tính đầy đủ của hồ sơ, ghi phiếu hẹn trả kết quả. "
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class MemoryFile:
    def __init__(self, data: bytes):
        self.data = data

    def __bool__(self):
        return True

    def open(self, mode="rb"):
        return io.BytesIO(self.data)


def docx_of(paragraphs: list[str]) -> bytes:
    body = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'
        for text in paragraphs
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>',
        )
    return out.getvalue()


def sources():
    yield "docx: 13,000 short paragraphs (issue D3)", docx_of(["Dòng văn bản số."] * 13_000), ""
    yield "docx: 245 paragraphs (490 elements)", docx_of([TEXT[:110]] * 245), ""
    yield "docx: 120 long paragraphs, ~95 KB XML", docx_of([TEXT * 7] * 120), ""
    yield "docx: 300 paragraphs (over the element limit)", docx_of(["Dòng."] * 300), ""
    yield "markdown: 94 KB of paragraphs", None, "\n\n".join([TEXT * 16] * 56)
    yield "markdown: 240 list items (480 elements)", None, "\n".join(["- mục số một"] * 240)
    yield (
        "markdown: table of 14 x 30 cells",
        None,
        (
            "| "
            + " | ".join(["h"] * 30)
            + " |\n|"
            + "---|" * 30
            + "\n"
            + ("| " + " | ".join(["ô"] * 30) + " |\n") * 13
        ),
    )
    yield "markdown: 245 bold spans", None, "**đậm** " * 245
    yield "markdown: 3,000 list items (issue D3: 85 KB)", None, "\n".join(["- mục"] * 3000)


def main():
    harness.django_start(settings="qms.settings.base")
    from django.utils import translation
    from weasyprint import HTML

    from renditions import builders, rendering

    header = rendering.ControlledHeader(number="QT-VP-01", title="Quy trình thử", revision="01")
    rendering.render_controlled_pdf(html_body="<p>-</p>", header=header)  # fonts loaded before timing
    print(
        f"{'source':48} {'stored':>8} {'text':>9} {'elems':>6} {'decision':>8} {'decide':>8} "
        f"{'render':>8} {'cpu':>6} {'bare':>7} {'ratio':>6}"
    )
    for name, data, body in sources():
        version = SimpleNamespace(
            file=MemoryFile(data) if data else None,
            size=len(data) if data else 0,
            content_type=DOCX_TYPE if data else "",
            body=body,
        )
        large, decide = harness.run(lambda version=version: builders.is_large(version), count_queries=False)
        size = builders.source_size(version)
        render = cpu = bare = ratio = ""
        if not large:

            def html(data=data, body=body):
                return rendering.docx_to_html(data) if data else rendering.markdown_to_html(body)

            with translation.override("vi"):
                _, laid_out = harness.run(
                    lambda: rendering.render_controlled_pdf(html_body=html(), header=header, trusted=True),
                    count_queries=False,
                )
                # bare: the same conversion, laid out by WeasyPrint alone (no controlled layout)
                _, plain = harness.run(lambda: HTML(string=html()).write_pdf(), count_queries=False)
            render, cpu = f"{laid_out.seconds:.2f}s", f"{laid_out.cpu_seconds:.2f}s"
            bare, ratio = f"{plain.seconds:.2f}s", f"x{laid_out.seconds / plain.seconds:.1f}"
        print(
            f"{name:48} {size.stored or len(body.encode()):>8} {size.text_bytes:>9} {size.elements:>6} "
            f"{'worker' if large else 'request':>8} {decide.seconds * 1000:>6.1f}ms {render:>8} {cpu:>6} "
            f"{bare:>7} {ratio:>6}"
        )


if __name__ == "__main__":
    main()
