"""Time and peak memory of the PDF rendering service on realistic sources.

    .venv/bin/python benchmarks/pdf_render.py [--docx-pages 20 --pdf-pages 50]

Scenarios (each in a fresh process, so peak RSS is its own):
  docx   a 20-page procedure written in Word (Vietnamese text, headings, tables)
         -> mammoth -> controlled layout (header, footer, manifest, QR) with WeasyPrint
  stamp  a 50-page uploaded PDF -> pages kept, header/footer/watermark overlaid,
         manifest page added (one WeasyPrint pass + pypdf)
and, for each, the per-download stamp (watermark + reader and time) on the result.
Each is printed beside a bare baseline (benchmarks/harness.py): the same text laid out
by mammoth and WeasyPrint alone, the same pages rewritten by pypdf alone. Peak RSS is
the process high-water mark (includes Python, Django and fonts; "+" is the growth over
that mark before rendering). The Python heap peak comes from a second run under
tracemalloc (C allocations of Pango/HarfBuzz are not in it); times come from the
untraced run: wall time, and CPU time, which a busy machine disturbs less.
"""

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import harness

SENTENCE = (
    "Cán bộ tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ; trường hợp hồ sơ chưa đầy đủ "
    "thì hướng dẫn tổ chức, cá nhân bổ sung theo quy định và ghi rõ lý do vào phiếu."
)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def docx_procedure(pages: int = 20) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("QUY TRÌNH TIẾP NHẬN VÀ TRẢ KẾT QUẢ HỒ SƠ", level=0)
    for section in range(1, pages + 1):
        document.add_heading(f"{section}. Bước thực hiện số {section}", level=1)
        for _ in range(7):
            document.add_paragraph(SENTENCE * 2)
        table = document.add_table(rows=5, cols=4)
        table.style = "Table Grid"
        for row_index, row in enumerate(table.rows):
            for col_index, cell in enumerate(row.cells):
                cell.text = "Trách nhiệm" if row_index == 0 else f"Bộ phận {row_index}.{col_index}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def uploaded_pdf(pages: int = 50) -> bytes:
    from weasyprint import HTML

    body = "".join(
        f'<section style="break-after: page"><h1>Trang {n}</h1>' + f"<p>{SENTENCE}</p>" * 9 + "</section>"
        for n in range(1, pages + 1)
    )
    return HTML(string=f'<body style="font-family: DejaVu Sans">{body}</body>').write_pdf()


def manifest():
    from renditions.rendering import Manifest, RevisionRow, Signatory

    return Manifest(
        signatures=[
            Signatory(meaning="Người soạn thảo", name="Nguyễn Thị Hằng", role="Văn phòng"),
            Signatory(meaning="Người phê duyệt", name="Lê Đức Thắng", role="Giám đốc"),
        ],
        revisions=[RevisionRow(revision=f"{n:02d}", change_summary="Sửa đổi") for n in range(1, 4)],
    )


def run(scenario: str, source_path: str, *, trace: bool) -> dict:
    harness.django_start(settings="qms.settings.base")
    from django.utils import translation
    from pypdf import PdfReader

    from renditions import rendering

    translation.activate("vi")
    header = harness.sample_controlled_header()
    source = Path(source_path).read_bytes()  # made by the parent: its cost is not measured here
    rendering.render_controlled_pdf(html_body="<p>khởi động</p>", header=header)  # fonts loaded, caches warm
    baseline_rss = rss_mb()
    controlled, bare = calls(scenario, source, header)
    pdf, figures = harness.run(controlled, count_queries=False, trace=trace)
    peak_rss = rss_mb()
    _, bare_figures = harness.run(bare, count_queries=False)
    stamped, stamp = harness.run(
        lambda: rendering.stamp_watermark(
            pdf, rendering.uncontrolled_copy_watermark(), detail="In bởi Phạm Ánh lúc 25/11/2026 10:15"
        ),
        count_queries=False,
    )
    return {
        "scenario": scenario,
        "source_kb": round(len(source) / 1024),
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "seconds": round(figures.seconds, 2),
        "cpu_seconds": round(figures.cpu_seconds, 2),
        "bare_seconds": round(bare_figures.seconds, 3),
        "bare_cpu_seconds": round(bare_figures.cpu_seconds, 3),
        "rss_baseline_mb": round(baseline_rss),
        "rss_peak_mb": round(peak_rss),
        "python_heap_peak_mb": round(figures.peak_mib or 0, 1),
        "pdf_kb": round(len(pdf) / 1024),
        "per_download_stamp_seconds": round(stamp.cpu_seconds, 3),
        "stamped_kb": round(len(stamped) / 1024),
    }


def calls(scenario: str, source: bytes, header):
    """The call measured for ``scenario`` and its bare baseline."""
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    from renditions import rendering

    status_url = "http://qms.local/s/AbCdEf1234/"
    if scenario == "docx":

        def controlled():
            html = rendering.docx_to_html(source)
            return rendering.render_controlled_pdf(
                html_body=html, header=header, manifest=manifest(), status_url=status_url, trusted=True
            )

        def bare():  # the same text laid out by mammoth and WeasyPrint alone
            return HTML(string=rendering.docx_to_html(source)).write_pdf()

    else:

        def controlled():
            return rendering.stamp_uploaded_pdf(
                source, header=header, manifest=manifest(), status_url=status_url
            )

        def bare():  # the same pages read and written again by pypdf, nothing added
            out = io.BytesIO()
            PdfWriter(clone_from=PdfReader(io.BytesIO(source))).write(out)
            return out.getvalue()

    return controlled, bare


def _child(scenario: str, source: Path, mode: str) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--scenario", scenario, str(source), mode],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    if "--scenario" in sys.argv:  # a child: measure one scenario, never spawn
        _flag, scenario, source, mode = sys.argv[1:5]
        print(json.dumps(run(scenario, source, trace=mode == "trace")))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--docx-pages", type=int, default=20)
    parser.add_argument("--pdf-pages", type=int, default=50)
    args = parser.parse_args()
    labels = {
        "docx": f"{args.docx_pages}-page procedure from DOCX",
        "stamp": f"{args.pdf_pages}-page uploaded PDF stamped",
    }
    harness.django_start(settings="qms.settings.base")
    workdir = Path(tempfile.mkdtemp(prefix="pdf-render-bench-"))
    sources = {"docx": workdir / "procedure.docx", "stamp": workdir / "uploaded.pdf"}
    sources["docx"].write_bytes(docx_procedure(args.docx_pages))
    sources["stamp"].write_bytes(uploaded_pdf(args.pdf_pages))
    for scenario, label in labels.items():
        # Timed without tracemalloc (it slows Python several times); the heap peak
        # comes from a second, traced run.
        r, traced = (_child(scenario, sources[scenario], mode) for mode in ("plain", "trace"))
        harness.report(
            label,
            harness.Figures(r["seconds"], r["cpu_seconds"], peak_mib=traced["python_heap_peak_mb"]),
            harness.Figures(r["bare_seconds"], r["bare_cpu_seconds"]),
            f"{r['pages']} pages, peak RSS {r['rss_peak_mb']} MB (+{r['rss_peak_mb'] - r['rss_baseline_mb']} MB), "
            f"PDF {r['pdf_kb']} KB, per-download stamp {r['per_download_stamp_seconds']:.3f} s CPU",
        )


if __name__ == "__main__":
    main()
