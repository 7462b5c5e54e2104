"""Where transfer speaks for the versions it imported (documents.readable): the approval
note the controlled PDF prints instead of signature lines, and the LibreOffice PDF of a
legacy original that renditions lays out and search reads."""

from django.utils import formats
from django.utils.translation import gettext as _

from documents.readable import ReadablePdf, approval_note_register, readable_pdf_register


def _marker(version):
    # the reverse one-to-one caches its answer (a miss too) on the version: one query
    try:
        return version.imported
    except version._meta.model.imported.RelatedObjectDoesNotExist:
        return None


def approval_note(version) -> str | None:
    marker = _marker(version)
    if marker is None:
        return None
    who = marker.imported_by.get_full_name() or marker.imported_by.get_username()
    return _("Approved outside the system; imported on %(date)s by %(who)s from %(file)s.") % {
        "date": formats.date_format(marker.imported_at, "SHORT_DATE_FORMAT"),
        "who": who,
        "file": marker.source_path,
    }


def readable_pdf(version) -> ReadablePdf | None:
    marker = _marker(version)
    if marker is None or marker.conversion != marker.Conversion.DONE or not marker.converted_pdf:
        return None
    return ReadablePdf(file=marker.converted_pdf, checksum=marker.converted_checksum)


def register():
    approval_note_register(approval_note)
    readable_pdf_register(readable_pdf)
