"""LibreOffice headless conversion of a legacy original (.doc .xls .ppt .rtf .odt) to PDF.

Runs in the Celery worker only (never in a web request), with a time limit, in a private
profile directory. The original stays the version's file; the PDF is kept on the
``ImportedVersion`` row. Where LibreOffice is absent the conversion stays ``pending``
and the batch page lists it.
"""

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import transaction

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


def texts_request(versions) -> None:
    """Queue the search text of imported versions (after the caller's commit)."""
    if not apps.is_installed("search"):
        return
    from search.services import version_text_request

    for version in versions:
        version_text_request(version=version)


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
        digest = hashlib.sha256()
        with version.file.open("rb") as src, open(path, "wb") as dst:
            while chunk := src.read(1024 * 1024):
                digest.update(chunk)
                dst.write(chunk)
        try:
            if digest.hexdigest() != version.checksum:  # convert only the recorded original
                raise RuntimeError("the stored original does not match its recorded SHA-256")
            pdf = convert_to_pdf(path)
        except RuntimeError as exc:
            marker.conversion = ImportedVersion.Conversion.FAILED
            marker.conversion_message = str(exc)
            save_recorded(marker, actor=marker.imported_by, reason="conversion failed")
            return
    marker.converted_pdf.save(f"{version.pk}.pdf", ContentFile(pdf), save=False)
    marker.converted_checksum = hashlib.sha256(pdf).hexdigest()
    marker.conversion = ImportedVersion.Conversion.DONE
    marker.conversion_message = ""
    with transaction.atomic():
        save_recorded(marker, actor=marker.imported_by, reason="converted")
        texts_request([version])  # search reads the converted PDF now (documents.readable)
