"""Web UI for document control: parse the request, call one selector or service, render."""

import csv
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_POST

from documents import selectors, services
from documents.filters import DocumentFilterSet
from documents.forms import ACTION_FORMS, DocumentRegisterForm, VersionForm
from documents.permissions import user_is_officer
from documents.workflow import LIFECYCLE, DocumentAction, DocumentStatus
from qms.filters import filter_for_page
from qms.paging import CappedCountPaginator
from qms.ui import ACTIONS_WITH_OWN_PAGE, panels_for
from qms.uploads import stored_file_intact
from qms.views import service_call

logger = logging.getLogger(__name__)
PAGE_SIZE = 25
KEY_MAX_LENGTH = 100  # a document number is at most 50 characters


# Change reasons the services write into the history (stored in English), as people read them.
HISTORY_REASONS = {
    **{action.value: action.label for action in DocumentAction},
    "register": pgettext_lazy("history", "Registered"),
    "draft": pgettext_lazy("history", "Draft opened"),
    "edit draft": pgettext_lazy("history", "Draft edited"),
    "schedule": pgettext_lazy("history", "Effective date set"),
    "periodic review: no change": pgettext_lazy("history", "Periodic review: no change"),
    "demo data": pgettext_lazy("history", "Demo data"),
}


class KeysetPage(Page):
    """A page read by keyset: the rows after (or before) a document number, along the
    number index, so "Next" from page 3,000 costs what it costs from page 1 (issue 12).
    The page number is carried along for display only."""

    def __init__(self, object_list, number, paginator, *, has_next: bool, has_previous: bool):
        super().__init__(object_list, number, paginator)
        self._has_next, self._has_previous = has_next, has_previous

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self._has_previous

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return max(self.number - 1, 1)

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1


def _page_number(value) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


def _document_page(queryset, request, *, along=None):
    """``?after=<number>`` / ``?before=<number>`` (the Next and Previous links) read by
    keyset; ``?page=N`` alone (a jump) by offset, through the capped-count paginator.
    ``along()``: for a search, the same rows asked for along the number index; in a large
    register, the first page, Next and Previous read from it, window by window, when the
    search matches more than the list counts (selectors.documents_along_numbers)."""
    paginator = CappedCountPaginator(queryset, PAGE_SIZE)
    after = request.GET.get("after", "").strip()[:KEY_MAX_LENGTH]
    before = request.GET.get("before", "").strip()[:KEY_MAX_LENGTH]
    number = _page_number(request.GET.get("page"))
    searched = None
    if along is not None and (after or before or number == 1) and paginator.count_is_lower_bound:
        searched = along() if selectors.search_reads_along_numbers() else None
    # up to PAGE_SIZE + 1 rows in ascending order: the one more tells whether a page follows
    if searched is not None:
        rows = selectors.documents_along_numbers(
            searched, indexed=queryset, after=after, before=before, limit=PAGE_SIZE + 1
        )
    elif after:
        rows = list(queryset.filter(number__gt=after).order_by("number")[: PAGE_SIZE + 1])
    elif before:
        rows = list(queryset.filter(number__lt=before).order_by("-number")[: PAGE_SIZE + 1])[::-1]
    else:
        return paginator.get_page(request.GET.get("page"))
    if before:
        has_next, has_previous = True, len(rows) > PAGE_SIZE
        rows = rows[-PAGE_SIZE:]
        number = number if has_previous else 1
    else:
        has_next, has_previous = len(rows) > PAGE_SIZE, bool(after)
        rows = rows[:PAGE_SIZE]
    if not rows and (after or before):  # nothing past that number (the list changed): the first page
        return paginator.get_page(1)
    return KeysetPage(rows, number, paginator, has_next=has_next, has_previous=has_previous)


def _with_keys(page):
    """The numbers the pager's Next and Previous continue from (templates/_pagination.html)."""
    if len(page):
        page.previous_key, page.next_key = page[0].number, page[len(page) - 1].number
    return page


@login_required
def document_list(request):
    filterset = filter_for_page(DocumentFilterSet, request, selectors.document_list_visible_to(request.user))
    form = filterset.form
    searched = filterset.form.cleaned_data.get("q")
    page = _with_keys(
        _document_page(filterset.qs, request, along=filterset.qs_along_numbers if searched else None)
    )
    # (field, choices): the selects are written out by the template, each read in one query
    # (iter(): list() of the choices themselves would run a COUNT first, for its length)
    selects = [
        (form[name], list(iter(form.fields[name].choices))) for name in ("doc_type", "department", "status")
    ]
    return render(request, "documents/document_list.html", {"form": form, "page": page, "selects": selects})


@login_required
def document_detail(request, pk):
    document, versions = selectors.document_with_versions_for_user(request.user, pk)
    effective = next((v for v in versions if v.status == DocumentStatus.EFFECTIVE), None)
    document.effective_versions = [effective] if effective else []  # panels read it, no query
    is_officer = user_is_officer(request.user)
    history = []
    if is_officer:
        history = sorted(
            [*document.history.select_related("history_user")[:50], *_version_history(document)],
            key=lambda h: h.history_date,
            reverse=True,
        )[:100]
        for entry in history:
            reason = entry.history_change_reason or ""
            entry.reason_label = HISTORY_REASONS.get(reason, reason)
    can_draft = (
        (request.user.has_perm("documents.add_documentversion") or request.user.pk == document.owner_id)
        and not any(
            v.status in (DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW, DocumentStatus.APPROVED)
            for v in versions
        )
        and not (versions and versions[0].status == DocumentStatus.OBSOLETE)
    )
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "effective": effective,
            "versions": versions,
            "history": history,
            "is_officer": is_officer,
            "can_draft": can_draft,
            "panels": panels_for("document", request, document),
            # how to read the effective version (renditions: its controlled PDF)
            "effective_panels": panels_for("effective_version", request, effective) if effective else [],
        },
    )


def _version_history(document):
    from documents.models import DocumentVersion

    return DocumentVersion.history.filter(document_id=document.pk).select_related("history_user")[:100]


@login_required
def version_detail(request, pk):
    version = selectors.version_get_for_user(request.user, pk)
    actions = LIFECYCLE.actions_available(version, request.user)
    action_forms = [
        (action, DocumentAction(action).label, ACTION_FORMS[action]())
        for action in actions
        if action in ACTION_FORMS and action not in ACTIONS_WITH_OWN_PAGE
    ]
    can_edit = version.status == DocumentStatus.DRAFT and (
        request.user.pk == version.author_id or request.user.has_perm("documents.change_documentversion")
    )
    return render(
        request,
        "documents/version_detail.html",
        {
            "version": version,
            "document": version.document,
            "action_forms": action_forms,
            "can_edit": can_edit,
            "panels": panels_for("version", request, version),
        },
    )


@login_required
def version_download(request, pk):
    version = selectors.version_get_for_user(request.user, pk)
    if not version.file:
        raise Http404("This version has no file.")
    return _stored_file_response(
        request,
        version=version,
        field_file=version.file,
        checksum=version.checksum,
        filename=version.original_filename or "document",
        content_type=version.content_type,
    )


@login_required
def attachment_download(request, pk):
    """An attachment of a version: read through the same rule as the version's own file."""
    attachment = selectors.attachment_get_for_user(request.user, pk)
    return _stored_file_response(
        request,
        version=attachment.version,
        field_file=attachment.file,
        checksum=attachment.checksum,
        filename=attachment.original_filename or "attachment",
        content_type=attachment.content_type,
    )


def _stored_file_response(request, *, version, field_file, checksum, filename, content_type):
    """The stored file if it still has its recorded SHA-256 (else the integrity page, 409),
    its read recorded for the apps that log reads of a version's originals."""
    try:
        intact = stored_file_intact(field_file, checksum)
    except OSError:  # the stored file is gone
        intact = False
    if not intact:
        logger.error("Checksum mismatch on stored file of version %s (%s)", version.pk, field_file.name)
        return render(request, "documents/file_integrity_error.html", {"version": version}, status=409)
    services.version_download_record(
        actor=request.user, version=version, ip_address=request.META.get("REMOTE_ADDR")
    )
    return FileResponse(
        field_file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )


@require_POST
@login_required
def version_transition(request, pk, action):
    version = selectors.version_get_for_user(request.user, pk)
    if action not in ACTION_FORMS:
        raise Http404("No such action.")
    form = ACTION_FORMS[action](request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("documents:version_detail", pk=version.pk)
    with service_call(request) as call:
        services.TRANSITION_SERVICES[action](actor=request.user, version=version, **form.cleaned_data)
    if call.ok:
        version.refresh_from_db()
        messages.success(
            request,
            _("Revision %(rev)s of %(number)s is now %(status)s.")
            % {
                "rev": version.revision_label,
                "number": version.document.number,
                "status": version.get_status_display().lower(),
            },
        )
    return redirect("documents:version_detail", pk=version.pk)


@login_required
def document_register(request):
    if not user_is_officer(request.user):
        raise Http404("No such page.")
    form = DocumentRegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_call(request, form=form, non_field="file") as call:
            document = services.document_register(
                actor=request.user,
                doc_type=data["doc_type"],
                department=data["department"],
                title=data["title"],
                owner=data.get("owner"),
                confidentiality=data["confidentiality"],
                review_period_months=data.get("review_period_months"),
                distribution=data.get("distribution") or (),
                issuer=data.get("issuer", ""),
                source_reference=data.get("source_reference", ""),
                date_received=data.get("date_received"),
                retention_years=data.get("retention_years"),
                file=data.get("file"),
                body=data.get("body", ""),
            )
        if call.ok:
            messages.success(request, _("Registered %(number)s.") % {"number": document.number})
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/document_register.html", {"form": form})


@login_required
def version_new(request, pk):
    document = selectors.document_get_for_user(request.user, pk)
    has_versions = document.versions.exists()
    form = VersionForm(request.POST or None, request.FILES or None, require_summary=has_versions)
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form, non_field="file") as call:
            version = services.version_create_draft(
                actor=request.user,
                document=document,
                file=form.cleaned_data.get("file"),
                body=form.cleaned_data.get("body", ""),
                change_summary=form.cleaned_data.get("change_summary", ""),
            )
        if call.refused:
            return redirect("documents:detail", pk=document.pk)
        if call.ok:
            messages.success(request, _("Draft revision %(rev)s opened.") % {"rev": version.revision_label})
            return redirect("documents:version_detail", pk=version.pk)
    return render(
        request, "documents/version_form.html", {"form": form, "document": document, "version": None}
    )


@login_required
def version_edit(request, pk):
    version = selectors.version_get_for_user(request.user, pk)
    initial = {"body": version.body, "change_summary": version.change_summary}
    form = VersionForm(
        request.POST or None, request.FILES or None, initial=initial, require_summary=version.revision > 1
    )
    if request.method == "POST" and form.is_valid():
        with service_call(request, form=form, non_field="file") as call:
            services.version_update_draft(
                actor=request.user,
                version=version,
                file=form.cleaned_data.get("file"),
                body=form.cleaned_data.get("body", ""),
                change_summary=form.cleaned_data.get("change_summary", ""),
            )
        if call.refused:
            return redirect("documents:version_detail", pk=version.pk)
        if call.ok:
            messages.success(request, _("Draft saved."))
            return redirect("documents:version_detail", pk=version.pk)
    return render(
        request,
        "documents/version_form.html",
        {"form": form, "document": version.document, "version": version},
    )


@login_required
def master_list(request, external=False):
    versions = selectors.master_list(request.user, external=external)
    if request.GET.get("format") == "csv":
        return _master_list_csv(versions, external=external)
    return render(
        request,
        "documents/master_list.html",
        {"versions": versions, "external": external, "panels": panels_for("master_list", request, external)},
    )


def _master_list_csv(versions, *, external):
    name = "external-documents" if external else "master-list"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.csv"'
    response.write("\ufeff")  # BOM: spreadsheet programs then read Vietnamese correctly
    writer = csv.writer(response)
    header = [
        _("Number"),
        pgettext("document", "Title"),
        _("Type"),
        _("Department"),
        _("Revision"),
        _("Effective date"),
        _("Next review date"),
    ]
    if external:
        header += [_("Issuer"), _("Source reference"), _("Date received")]
    writer.writerow([str(cell) for cell in header])
    for version in versions:
        doc = version.document
        row = [
            doc.number,
            doc.title,
            doc.doc_type.code,
            doc.department.code,
            version.revision_label,
            version.effective_date.strftime("%d/%m/%Y") if version.effective_date else "",
            version.next_review_date.strftime("%d/%m/%Y") if version.next_review_date else "",
        ]
        if external:
            row += [
                doc.issuer,
                doc.source_reference,
                doc.date_received.strftime("%d/%m/%Y") if doc.date_received else "",
            ]
        writer.writerow([_csv_safe(cell) for cell in row])
    return response


def _csv_safe(value: str) -> str:
    """Keep spreadsheet programs from running a title that starts like a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value
