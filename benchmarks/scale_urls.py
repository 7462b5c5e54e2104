"""The project's URLs plus the bare views the scale benchmark compares each page with.

A bare view is the least Django must do for the same output: the same rows by a plain
query with no visibility rule, laid out by a few lines of template, behind the same
middleware (session, authentication, CSRF, locale) in the same gunicorn processes.
"""

from django.db import connection
from django.http import FileResponse, HttpResponse, JsonResponse
from django.template import engines
from django.urls import include, path

from documents.models import Document, DocumentVersion

PAGE = 25
TABLE = (
    "<table>{% for d in rows %}<tr><td>{{ d.number }}</td><td>{{ d.title }}</td>"
    "<td>{{ d.doc_type__code }}</td><td>{{ d.department__code }}</td>"
    "<td>{{ d.owner__username }}</td></tr>{% endfor %}</table>"
)
ROWS = engines["django"].from_string(f"<!doctype html><html><body>{TABLE}</body></html>")
FIELDS = ("id", "number", "title", "doc_type__code", "department__code", "owner__username")
# Not a bare view: the project's layout (header, menu, language switch) with no content,
# for the signed-in user: the part of every page that is not the page's own work.
LAYOUT = engines["django"].from_string('{% extends "base.html" %}')
# Not a bare view either: the floor under any list page the issue asks for. The same 25
# rows, but only those the one visibility rule lets the signed-in user see (the rule is
# required; a count, the filters, the status column and the paging links are left out),
# in the bare template, and then the same inside the project's layout.
FLOOR_IN_LAYOUT = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}' + TABLE + "{% endblock %}"
)


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Queries"] = str(count[0])
        return response


def _rows(request):
    page = max(int(request.GET.get("page", 1)), 1)
    offset = (page - 1) * PAGE
    return list(Document.objects.order_by("number").values(*FIELDS)[offset : offset + PAGE])


def bare_list(request):
    return HttpResponse(ROWS.render({"rows": _rows(request)}))


def bare_search(request):
    rows = Document.objects.filter(search_text__contains=request.GET.get("q", "")).order_by("number")
    return HttpResponse(ROWS.render({"rows": list(rows.values(*FIELDS)[:PAGE])}))


def bare_api_list(request):
    return JsonResponse({"results": _rows(request)})


def bare_detail(request, pk):
    rows = list(Document.objects.filter(pk=pk).values(*FIELDS)) + list(
        DocumentVersion.objects.filter(document_id=pk).values("id", "revision", "status")
    )
    return HttpResponse(ROWS.render({"rows": rows}))


def bare_api_detail(request, pk):
    return JsonResponse(Document.objects.filter(pk=pk).values(*FIELDS).first() or {})


def bare_download(request, pk):
    version = DocumentVersion.objects.only("file").get(pk=pk)
    return FileResponse(version.file.open("rb"), as_attachment=True, filename="document.pdf")


def layout_only(request):
    return HttpResponse(LAYOUT.render({}, request))


def _visible_rows(request):
    from documents.permissions import visible_document_q

    rows = Document.objects.filter(visible_document_q(request.user)).order_by("number")
    return list(rows.values(*FIELDS)[:PAGE])


def floor_list(request):
    return HttpResponse(ROWS.render({"rows": _visible_rows(request)}))


def floor_in_layout(request):
    return HttpResponse(FLOOR_IN_LAYOUT.render({"rows": _visible_rows(request)}, request))


def bare_constant(request):
    return HttpResponse("ok")


urlpatterns = [
    path("bare/list/", bare_list),
    path("bare/search/", bare_search),
    path("bare/api/list/", bare_api_list),
    path("bare/detail/<int:pk>/", bare_detail),
    path("bare/api/detail/<int:pk>/", bare_api_detail),
    path("bare/download/<int:pk>/", bare_download),
    path("bare/constant/", bare_constant),
    path("bare/layout/", layout_only),
    path("bare/floor/list/", floor_list),
    path("bare/floor/page/", floor_in_layout),
    path("", include("qms.urls")),
]
