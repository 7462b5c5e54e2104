"""Officer pages: import (dry run -> report -> import with progress) and export download.
Anyone but a QMS officer gets 404 (forbidden looks like missing)."""

import uuid
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from documents.models import Document
from organisation.models import Department
from transfer.export import default_name, export_chunks
from transfer.forms import ImportForm
from transfer.masterlist import MasterListError
from transfer.models import ImportBatch
from transfer.planning import summary
from transfer.reports import plan_csv
from transfer.services import batch_plan, batch_summary
from transfer.sources import SourceError


def _officer(request):
    if not request.user.has_perm("documents.register_document"):
        raise Http404


def _keep(upload, suffix) -> str:
    name = default_storage.save(f"transfer/uploads/{uuid.uuid4().hex}{suffix}", upload)
    return default_storage.path(name)


@login_required
def import_start(request):
    _officer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = data["folder"] or _keep(data["archive"], ".zip")
        master = (
            _keep(data["master_list"], Path(data["master_list"].name).suffix.lower())
            if data["master_list"]
            else None
        )
        try:
            batch = batch_plan(actor=request.user, source=source, master_list=master)
        except (SourceError, MasterListError) as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("transfer:batch", pk=batch.pk)
    batches = ImportBatch.objects.select_related("created_by")[:20]
    return render(
        request,
        "transfer/import.html",
        {"form": form, "batches": batches, "departments": Department.objects.all()},
        status=400 if request.method == "POST" else 200,
    )


def _batch(request, pk):
    _officer(request)
    return get_object_or_404(ImportBatch, pk=pk)


@login_required
def batch_detail(request, pk):
    batch = _batch(request, pk)
    rows = []
    for index, row in enumerate(batch.plan):
        result = batch.results.get(str(index))
        rows.append({**row, "result": result})
    return render(
        request,
        "transfer/batch.html",
        {
            "batch": batch,
            "rows": rows,
            "planned": summary(batch.plan),
            "done": batch_summary(batch),
        },
    )


@login_required
def batch_progress(request, pk):
    batch = _batch(request, pk)
    return render(request, "transfer/_progress.html", {"batch": batch, "done": batch_summary(batch)})


@login_required
@require_POST
def batch_run_view(request, pk):
    batch = _batch(request, pk)
    if batch.status in (ImportBatch.Status.PLANNED, ImportBatch.Status.FAILED):
        from transfer.tasks import import_batch

        batch.status = ImportBatch.Status.RUNNING
        batch.save(update_fields=["status"])
        import_batch.delay(batch.pk, request.user.pk)
    return redirect("transfer:batch", pk=batch.pk)


@login_required
def batch_csv(request, pk):
    batch = _batch(request, pk)
    response = HttpResponse(plan_csv(batch.plan, batch.results), content_type="text/csv; charset=utf-8")
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
