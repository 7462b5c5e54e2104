"""Time and peak memory of the PDF rendering service on realistic sources.

    .venv/bin/python benchmarks/pdf_render.py

Scenarios (each in a fresh process, so peak RSS is its own):
  docx   a 20-page procedure written in Word (Vietnamese text, headings, tables)
         -> mammoth -> controlled layout (header, footer, manifest, QR) with WeasyPrint
  stamp  a 50-page uploaded PDF -> pages kept, header/footer/watermark overlaid,
         manifest page added (one WeasyPrint pass + pypdf)
and, for each, the per-download stamp (watermark + reader and time) on the result.
Peak RSS is the process high-water mark (includes Python, Django and fonts: the
baseline is that mark before rendering). The Python heap peak comes from a second run
under tracemalloc (C allocations of Pango/HarfBuzz are not in it); times come from
the untraced run: wall time, and CPU time, which a busy machine disturbs less.
"""

import datetime
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings.base")
os.environ.setdefault("DEBUG", "1")

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
    import django

    django.setup()
    from django.utils import translation

    from renditions import rendering

    translation.activate("vi")
    header = rendering.ControlledHeader(
        number="QT-VP-01",
        title="Quy trình tiếp nhận hồ sơ",
        revision="03",
        effective_date=datetime.date(2026, 1, 5),
    )
    source = Path(source_path).read_bytes()  # made by the parent: its cost is not measured here
    rendering.render_controlled_pdf(html_body="<p>khởi động</p>", header=header)  # fonts loaded, caches warm
    baseline = rss_mb()
    if trace:
        tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    if scenario == "docx":
        html = rendering.docx_to_html(source)
        pdf = rendering.render_controlled_pdf(
            html_body=html,
            header=header,
            manifest=manifest(),
            status_url="http://qms.local/s/AbCdEf1234/",
            trusted=True,
        )
    else:
        pdf = rendering.stamp_uploaded_pdf(
            source, header=header, manifest=manifest(), status_url="http://qms.local/s/AbCdEf1234/"
        )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    heap_peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    peak = rss_mb()
    started = time.process_time()
    stamped = rendering.stamp_watermark(
        pdf, rendering.uncontrolled_copy_watermark(), detail="In bởi Phạm Ánh lúc 25/11/2026 10:15"
    )
    stamp_elapsed = time.process_time() - started
    from pypdf import PdfReader

    return {
        "scenario": scenario,
        "source_kb": round(len(source) / 1024),
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "seconds": round(elapsed, 2),
        "cpu_seconds": round(cpu, 2),
        "rss_baseline_mb": round(baseline),
        "rss_peak_mb": round(peak),
        "python_heap_peak_mb": round(heap_peak / 1048576, 1),
        "pdf_kb": round(len(pdf) / 1024),
        "per_download_stamp_seconds": round(stamp_elapsed, 3),
        "stamped_kb": round(len(stamped) / 1024),
    }


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
    labels = {
        "docx": "20-page procedure from DOCX",
        "stamp": "50-page uploaded PDF stamped",
    }
    import django

    django.setup()
    workdir = Path(tempfile.mkdtemp(prefix="pdf-render-bench-"))
    sources = {"docx": workdir / "procedure.docx", "stamp": workdir / "uploaded.pdf"}
    sources["docx"].write_bytes(docx_procedure())
    sources["stamp"].write_bytes(uploaded_pdf())
    for scenario, label in labels.items():
        # Timed without tracemalloc (it slows Python several times); the heap peak
        # comes from a second, traced run.
        r, traced = (_child(scenario, sources[scenario], mode) for mode in ("plain", "trace"))
        r["python_heap_peak_mb"] = traced["python_heap_peak_mb"]
        print(
            f"{label:30s} {r['pages']:3d} pages out  {r['seconds']:6.2f} s wall, {r['cpu_seconds']:6.2f} s CPU  "
            f"peak RSS {r['rss_peak_mb']} MB (baseline {r['rss_baseline_mb']} MB, "
            f"+{r['rss_peak_mb'] - r['rss_baseline_mb']} MB)  "
            f"Python heap peak {r['python_heap_peak_mb']} MB  PDF {r['pdf_kb']} KB  "
            f"per-download stamp {r['per_download_stamp_seconds']:.3f} s CPU"
        )


if __name__ == "__main__":
    main()
