"""Web UI: read the PDF of a version, follow its preparation, the public status page,
controlled copies, the access log and the printed master lists."""

import csv

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from documents import selectors as document_selectors
from qms.filters import filter_for_page
from qms.views import service_call
from renditions import page_images, rendering, selectors, services
from renditions.filters import AccessEventFilterSet, ControlledCopyFilterSet
from renditions.forms import CopyIssueForm, CopyRetrieveForm
from renditions.models import AccessEvent, Rendition
from renditions.permissions import may_issue_copies, may_read_access_log, may_see_copies


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def pdf_response(pdf: bytes, filename: str, *, download: bool) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(download, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def _filename(version) -> str:
    return f"{version.document.number}-rev{version.revision_label}.pdf"


# The document page shows the PDF in a frame of its own (same origin only).
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
@login_required
def version_pdf(request, pk):
    """The controlled PDF of a version, stamped for this reader; ``?download=1`` saves it."""
    version = document_selectors.version_get_for_user(request.user, pk)
    download = request.GET.get("download") == "1"
    rendition = services.rendition_prepare(version=version)
    if not rendition.is_ready:
        url = reverse("renditions:progress", args=[rendition.pk])
        return redirect(f"{url}?download=1" if download else url)
    kind = AccessEvent.Kind.DOWNLOAD if download else AccessEvent.Kind.VIEW
    pdf = services.rendition_for_reader(
        user=request.user, rendition=rendition, kind=kind, ip_address=client_ip(request)
    )
    return pdf_response(pdf, _filename(version), download=download)


@login_required
def version_page_image(request, pk, page):
    """One page of the version as a PNG (the sign page shows what is signed), through the
    same selector as its PDF: 404 for a version the user may not see, or no such page."""
    version = document_selectors.version_get_for_user(request.user, pk)
    try:
        png = page_images.version_page_png(version=version, page=page)
    except (page_images.NoPreview, IndexError):
        raise Http404("No such page.") from None
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


# Shown in the document page's PDF frame while a large PDF is prepared.
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
@login_required
def rendition_progress(request, pk):
    """How far the PDF is; a build that has stalled past its limit is shown as failed
    (with "Try again") the first time anyone looks after that."""
    rendition = services.rendition_expire_if_stuck(
        rendition=selectors.rendition_get_for_user(request.user, pk)
    )
    download = request.GET.get("download") == "1"
    pdf_url = reverse("renditions:version_pdf", args=[rendition.version_id])
    if download:
        pdf_url += "?download=1"
    return render(
        request,
        "renditions/progress.html",
        {
            "rendition": rendition,
            "version": rendition.version,
            "pdf_url": pdf_url,
            "download": download,
            "failed": rendition.state == Rendition.State.FAILED,
        },
    )


@require_POST
@login_required
def rendition_retry(request, pk):
    """The "Try again" button of a failed PDF: prepared afresh, then back to its progress."""
    rendition = services.rendition_retry(rendition=selectors.rendition_get_for_user(request.user, pk))
    url = reverse("renditions:progress", args=[rendition.pk])
    return redirect(f"{url}?download=1" if request.POST.get("download") == "1" else url)


def version_status(request, token):
    """Public within the organisation (no login): is the printed version still effective?"""
    status = selectors.version_status_by_token(token)
    response = render(request, "renditions/status.html", {"status": status})
    response["Cache-Control"] = "no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


def _officer_only(allowed: bool):
    if not allowed:
        raise Http404("No such page.")


@login_required
def copy_list(request):
    _officer_only(may_see_copies(request.user))
    filterset = filter_for_page(ControlledCopyFilterSet, request, selectors.copy_list(request.user))
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "renditions/copy_list.html",
        {
            "form": filterset.form,
            "page_obj": page,
            "to_retrieve": selectors.copies_to_retrieve(request.user).count(),
            "retrieve_form": CopyRetrieveForm(),
        },
    )


@login_required
def copy_issue(request, pk):
    version = document_selectors.version_get_for_user(request.user, pk)
    _officer_only(may_issue_copies(request.user))
    form = CopyIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form) as call:
            copy = services.copy_issue(
                actor=request.user,
                version=version,
                holder=form.cleaned_data["holder"],
                holder_name=form.cleaned_data["holder_name"],
                location=form.cleaned_data["location"],
            )
        if call.ok:
            messages.success(
                request,
                _("Controlled copy No. %(number)s registered. Print it now.") % {"number": copy.number},
            )
            return redirect("documents:version_detail", pk=version.pk)
    return render(request, "renditions/copy_issue.html", {"form": form, "version": version})


@require_POST
@login_required
def copy_retrieve(request, pk):
    copy = selectors.copy_get_for_user(request.user, pk)
    form = CopyRetrieveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    with service_call(request) as call:
        services.copy_retrieve(actor=request.user, copy=copy, note=note)
    if call.ok:
        messages.success(request, _("Copy No. %(number)s recorded as retrieved.") % {"number": copy.number})
    return redirect(request.POST.get("next") or reverse("renditions:copy_list"))


@login_required
def copy_pdf(request, pk):
    copy = selectors.copy_get_for_user(request.user, pk)
    with service_call(request) as call:
        pdf = services.copy_pdf(actor=request.user, copy=copy, ip_address=client_ip(request))
    if call.refused:
        return redirect("renditions:copy_list")
    version = copy.version
    filename = f"{version.document.number}-rev{version.revision_label}-copy{copy.number}.pdf"
    return pdf_response(pdf, filename, download=False)


@login_required
def access_log(request):
    _officer_only(may_read_access_log(request.user))
    filterset = filter_for_page(AccessEventFilterSet, request, selectors.access_log(request.user))
    if request.GET.get("format") == "csv":
        return _access_log_csv(filterset.qs)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "renditions/access_log.html", {"form": filterset.form, "page_obj": page})


def _csv_safe(value) -> str:
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def _access_log_csv(events) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="access-log-{timezone.localdate():%Y%m%d}.csv"'
    response.write("\ufeff")  # BOM: spreadsheet programs then read Vietnamese correctly
    writer = csv.writer(response)
    writer.writerow(
        [
            _("When"),
            _("User"),
            _("Full name"),
            _("Document number"),
            _("Revision"),
            _("Status then"),
            _("Rendition"),
            _("Copy No."),
            _("API"),
            _("IP address"),
        ]
    )
    for event in events.iterator(chunk_size=1000):
        writer.writerow(
            [
                _csv_safe(cell)
                for cell in [
                    rendering.format_date(event.at),
                    event.user.get_username(),
                    event.user.get_full_name(),
                    event.document_number,
                    event.revision,
                    event.status_label,
                    event.get_kind_display(),
                    event.copy.number if event.copy_id else "",
                    "API" if event.via_api else "",
                    event.ip_address or "",
                ]
            ]
        )
    return response


@login_required
def master_list_pdf(request, external=False):
    """The master list of internal documents (or the list of external documents) as a
    landscape PDF: a table with the organisation and the date in the header."""
    versions = document_selectors.master_list(request.user, external=external)
    title = _("List of external documents") if external else _("Master list of internal documents")
    body = render_to_string(
        "renditions/pdf/master_list_body.html", {"versions": versions, "external": external, "title": title}
    )
    pdf = rendering.render_controlled_pdf(
        html_body=body,
        header=rendering.ControlledHeader(title=title, printed_on=timezone.localdate()),
        landscape=True,
        trusted=True,  # our template, every value escaped
    )
    name = "external-documents" if external else "master-list"
    return pdf_response(pdf, f"{name}-{timezone.localdate():%Y%m%d}.pdf", download=False)
