"""The controlled layout's overhead over plain WeasyPrint (issue 12), counted in CPU
instructions by valgrind's callgrind, which a busy machine does not disturb (CPU seconds
moved by ±15 % between runs here).

    .venv/bin/python benchmarks/pdf_instructions.py            # ~6 minutes: 3 runs under callgrind

Three runs of the same process under callgrind: the warm-up alone (Django set up, fonts
loaded, one tiny controlled PDF and one tiny plain PDF), the warm-up plus the 20-page DOCX
procedure of benchmarks/pdf_render.py in the controlled layout (header, footer, manifest,
QR), and the warm-up plus the same DOCX through mammoth and WeasyPrint alone (the bare
baseline). Each render's cost is its run minus the warm-up; the overhead is controlled /
bare - 1 (goal < 10 %).
"""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(kind: str, source_path: str) -> None:
    sys.path.insert(0, str(HERE))
    import harness

    harness.django_start(settings="qms.settings.base")
    import pdf_render
    from django.utils import translation
    from weasyprint import HTML

    from renditions import rendering

    translation.activate("vi")
    header = harness.sample_controlled_header()
    rendering.render_controlled_pdf(html_body="<p>x</p>", header=header)
    HTML(string="<p>x</p>").write_pdf()
    controlled, bare = pdf_render.calls("docx", Path(source_path).read_bytes(), header)
    {"controlled": controlled, "bare": bare, "warm-up": lambda: None}[kind]()


def instructions(kind: str, source_path: str) -> int:
    with tempfile.NamedTemporaryFile(suffix=".out") as out:
        result = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out.name}",
                sys.executable,
                __file__,
                kind,
                source_path,
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},  # the same dict and set orders every run
        )
    return int(re.search(r"I\s+refs:\s+([\d,]+)", result.stderr).group(1).replace(",", ""))


def main():
    sys.path.insert(0, str(HERE))
    import pdf_render

    with tempfile.NamedTemporaryFile(suffix=".docx") as source:
        source.write(pdf_render.docx_procedure(20))
        source.flush()
        counts = {kind: instructions(kind, source.name) for kind in ("warm-up", "controlled", "bare")}
    controlled = counts["controlled"] - counts["warm-up"]
    bare = counts["bare"] - counts["warm-up"]
    print(f"warm-up alone                      {counts['warm-up'] / 1e9:7.3f} G instructions")
    print(f"20-page DOCX, controlled layout    {controlled / 1e9:7.3f} G  (header, footer, manifest, QR)")
    print(f"20-page DOCX, mammoth + WeasyPrint {bare / 1e9:7.3f} G  (bare)")
    print(f"overhead of the controlled layout  {100 * (controlled / bare - 1):6.1f} %  (goal < 10 %)")


if __name__ == "__main__":
    if len(sys.argv) == 3:
        child(sys.argv[1], sys.argv[2])
    else:
        main()
