"""Officer pages: import (dry run -> report -> import with progress) and export download.
Anyone but a QMS officer gets 404 (forbidden looks like missing)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from documents.models import Document
from organisation.models import Department
from qms.filters import filter_for_page
from qms.paging import CappedCountPaginator
from transfer.conversion import soffice_path
from transfer.export import default_name, export_chunks
from transfer.filters import ImportRowFilterSet
from transfer.forms import ImportForm
from transfer.masterlist import MasterListError
from transfer.models import ImportBatch
from transfer.planning import summary
from transfer.reports import report_lines
from transfer.selectors import batch_conversions
from transfer.services import batch_open, batch_plan, batch_summary, conversions_retry
from transfer.sources import SourceError
from transfer.tasks import QueueUnavailable, dispatch, import_batch, plan_batch


def _officer(request):
    if not request.user.has_perm("documents.register_document"):
        raise Http404


def _keep(upload, suffix) -> str:
    name = default_storage.save(f"transfer/uploads/{uuid.uuid4().hex}{suffix}", upload)
    return default_storage.path(name)


# Uploads above this many bytes get their dry run in a task (worker, or a thread under
# `make run`): reading and hashing every member may take minutes.
INLINE_DRY_RUN_BYTES = 5 * 1024 * 1024


def _source_bytes(source: str) -> int:
    path = Path(source)
    if path.is_file():
        return path.stat().st_size
    total = 0
    for entry in path.rglob("*"):
        if entry.is_file() and not entry.is_symlink():
            total += entry.stat().st_size
            if total > INLINE_DRY_RUN_BYTES:
                break
    return total


def _queue_message() -> str:
    return _(
        "The task queue is not reachable, so nothing was started. Try again in a minute; "
        "if it keeps failing, ask the administrator to start Redis and the Celery worker."
    )


@login_required
def import_start(request):
    _officer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = data["folder"] or _keep(data["archive"], ".zip")
        master = (
            _keep(data["master_list"], Path(data["master_list"].name).suffix.lower())
            if data["master_list"]
            else None
        )
        limit = getattr(settings, "TRANSFER_INLINE_DRY_RUN_BYTES", INLINE_DRY_RUN_BYTES)
        if _source_bytes(source) > limit:
            batch = batch_open(actor=request.user, source=source, master_list=master)
            try:
                dispatch(plan_batch, batch.pk)
            except QueueUnavailable:
                batch.delete()
                for kept in ([] if data["folder"] else [source]) + ([master] if master else []):
                    Path(kept).unlink(missing_ok=True)
                form.add_error(None, _queue_message())
                status = 503
            else:
                return redirect("transfer:batch", pk=batch.pk)
        else:
            try:
                batch = batch_plan(actor=request.user, source=source, master_list=master)
            except (SourceError, MasterListError) as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("transfer:batch", pk=batch.pk)
        status = status if status != 200 else 400
    elif request.method == "POST":
        status = 400
    batches = ImportBatch.objects.select_related("created_by")[:20]
    return render(
        request,
        "transfer/import.html",
        {"form": form, "batches": batches, "departments": Department.objects.all()},
        status=status,
    )


def _batch(request, pk):
    _officer(request)
    return get_object_or_404(ImportBatch, pk=pk)


ROWS_PER_PAGE = 100


@login_required
def batch_detail(request, pk):
    """The batch's summary, then its rows a page at a time (``?show=errors|warnings|all``)."""
    batch = _batch(request, pk)
    filterset = filter_for_page(ImportRowFilterSet, request, batch.rows.order_by("position"))
    page = CappedCountPaginator(filterset.qs, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "transfer/batch.html",
        {
            "batch": batch,
            "page": page,
            "form": filterset.form,
            "planned": summary(batch),
            "done": batch_summary(batch),
            "conversions": batch_conversions(batch) if batch.status == ImportBatch.Status.DONE else None,
            "may_convert": soffice_path() is not None,
        },
    )


@login_required
def batch_progress(request, pk):
    batch = _batch(request, pk)
    response = render(request, "transfer/_progress.html", {"batch": batch, "done": batch_summary(batch)})
    if request.GET.get("planning") and batch.status != ImportBatch.Status.PLANNING:
        response["HX-Refresh"] = "true"  # the dry run ended while the page polled: show its report
    return response


@login_required
@require_POST
def batch_run_view(request, pk):
    batch = _batch(request, pk)
    if batch.status in (ImportBatch.Status.PLANNED, ImportBatch.Status.FAILED):
        previous = batch.status
        batch.status = ImportBatch.Status.RUNNING
        batch.save(update_fields=["status"])
        try:
            dispatch(import_batch, batch.pk, request.user.pk)
        except QueueUnavailable:
            batch.status = previous
            batch.save(update_fields=["status"])
            messages.error(request, _queue_message())
    return redirect("transfer:batch", pk=batch.pk)


@login_required
@require_POST
def batch_convert_view(request, pk):
    batch = _batch(request, pk)
    try:
        queued = conversions_retry(actor=request.user, batch=batch)
    except QueueUnavailable:
        messages.error(request, _queue_message())
    else:
        messages.success(
            request,
            ngettext("%(n)s conversion queued.", "%(n)s conversions queued.", queued) % {"n": queued},
        )
    return redirect("transfer:batch", pk=batch.pk)


@login_required
def batch_csv(request, pk):
    batch = _batch(request, pk)
    response = StreamingHttpResponse(report_lines(batch), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}.csv"'
    return response


@login_required
def export_download(request):
    _officer(request)
    documents = Document.objects.all()
    if request.GET.get("department"):
        documents = documents.filter(department__code=request.GET["department"])
    response = StreamingHttpResponse(export_chunks(documents), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{default_name()}"'
    return response
