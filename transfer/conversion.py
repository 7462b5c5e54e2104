"""LibreOffice headless conversion of a legacy original (.doc .xls .ppt .rtf .odt) to PDF.

Runs in the Celery worker only (never in a web request), with a time limit, in a private
profile directory. The original stays the version's file; the PDF is kept on the
``ImportedVersion`` row. Where LibreOffice is absent the conversion stays ``pending``
and the batch page lists it.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.core.files import File

TIME_LIMIT_SECONDS = 120


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(source: Path, *, timeout: int = TIME_LIMIT_SECONDS) -> bytes:
    """The PDF bytes, or RuntimeError with the reason (missing, timeout, failed)."""
    binary = soffice_path()
    if binary is None:
        raise RuntimeError("LibreOffice is not installed")
    with tempfile.TemporaryDirectory(prefix="qms-soffice-") as work:
        work = Path(work)
        try:
            subprocess.run(
                [
                    binary,
                    f"-env:UserInstallation=file://{work}/profile",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(work / "out"),
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"LibreOffice did not finish within {timeout} s") from None
        except subprocess.CalledProcessError as exc:
            raise RuntimeError(f"LibreOffice failed: {exc.stderr.decode(errors='replace')[:300]}") from None
        produced = list((work / "out").glob("*.pdf"))
        if not produced:
            raise RuntimeError("LibreOffice produced no PDF")
        return produced[0].read_bytes()


def convert_imported(marker) -> None:
    """Convert one imported version's original; records done / failed / pending."""
    from qms.history import save_recorded
    from transfer.models import ImportedVersion

    version = marker.version
    if soffice_path() is None:
        marker.conversion = ImportedVersion.Conversion.PENDING
        marker.conversion_message = "LibreOffice is not installed"
        save_recorded(marker, actor=marker.imported_by, reason="conversion pending")
        return
    with tempfile.TemporaryDirectory(prefix="qms-convert-") as work:
        suffix = Path(version.original_filename).suffix.lower() or ".doc"
        path = Path(work) / f"original{suffix}"
        with version.file.open("rb") as src, open(path, "wb") as dst:
            shutil.copyfileobj(src, dst)
        try:
            pdf = convert_to_pdf(path)
        except RuntimeError as exc:
            marker.conversion = ImportedVersion.Conversion.FAILED
            marker.conversion_message = str(exc)
            save_recorded(marker, actor=marker.imported_by, reason="conversion failed")
            return
    pdf_path = Path(work + ".pdf")
    try:
        pdf_path.write_bytes(pdf)
        with open(pdf_path, "rb") as handle:
            marker.converted_pdf.save(f"{version.pk}.pdf", File(handle), save=False)
    finally:
        pdf_path.unlink(missing_ok=True)
    marker.conversion = ImportedVersion.Conversion.DONE
    marker.conversion_message = ""
    save_recorded(marker, actor=marker.imported_by, reason="converted")
