"""Bad query strings never cause a server error (issue 10, D4 and D7).

Every route of the URL conf is walked. Each list route (no path arguments, or arguments
filled below with real objects' ids) gets, for every query parameter it declares (its
FilterSet in the OpenAPI schema for the API, its GET forms for a page) and a fixed set of
common names, a NUL byte, huge and negative numbers, years and dates out of range, wrong
types and a 10,000-character string, as a QMS officer (sees most) and as plain staff.
Any 5xx, or an exception in the middle of a streamed answer, fails. A new route with path
arguments fails ``test_every_route_is_reached_or_named`` until it is filled or named.
"""

import datetime
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from audits import services as audit_services
from nonconformities import services as nc_services
from tests.approvals.factories import make_effective_document
from tests.audits.factories import add_finding, make_audit
from tests.nonconformities.factories import Cast, make_nc

COMMON = (
    "q",
    "status",
    "source",
    "severity",
    "year",
    "page",
    "page_size",
    "department",
    "doc_type",
    "type",
    "ordering",
    "date_from",
    "date_to",
)
BAD_VALUES = {
    "NUL": "a\x00b",
    "huge": "99999999999",
    "beyond bigint": "9" * 30,
    "negative": "-1",
    "year 10000": "10000",
    "word": "abc",
    "date out of range": "99999-01-01",
    "no such date": "2024-02-30",
    "10k chars": "x" * 10_000,
}

# Parameters a route does not declare are sent together, with these values only: NUL,
# numbers too large for the database, a year and a text too long.
UNDECLARED_VALUES = ("NUL", "huge", "beyond bigint", "year 10000", "10k chars")
# The schema view reads only ?format= and ?lang= (declared); each other request would
# build the whole schema again (a second each).
ONLY_DECLARED = {"schema"}

# Routes with path arguments that are lists (or read list filters): how to fill them.
FILL = {
    "audits:programme": lambda w: {"year": w["year"]},
    "audits:coverage": lambda w: {"year": w["year"]},
    "audit-programme-detail": lambda w: {"year": w["year"]},
    "audit-programme-coverage": lambda w: {"year": w["year"]},
    "audits:checklist": lambda w: {"pk": w["audit"].pk},
    "audits:finding_new": lambda w: {"pk": w["audit"].pk},
    "approvals:acknowledgement_report": lambda w: {"pk": w["document"].pk},
    "approvals:acknowledgement_csv": lambda w: {"pk": w["document"].pk},
    "objectives:board": lambda w: {"year": w["year"]},
}

# Routes with path arguments that are not lists: one object's page, file or action.
# Their ids go through the selectors (404 for missing and forbidden alike).
OBJECT_ROUTES = {
    # API: one object, its file, or a POST action
    *(
        f"{ns}{name}"
        for ns, names in {
            "documents_api:": (
                "department-detail",
                "documenttype-detail",
                "document-detail",
                "version-detail",
            ),
            "approvals_api:": (
                "route-template-detail",
                "approval-route-detail",
                "signature-detail",
                "change-request-detail",
                "acknowledgement-detail",
                "distribution-detail",
            ),
            "nonconformities_api:": ("nonconformity-detail", "correctiveaction-detail", "feedback-detail"),
            "renditions_api:": ("rendition-detail", "controlledcopy-detail"),
            "reviews_api:": ("review-detail",),
            "": (
                "audit-clause-detail",
                "audit-finding-detail",
                "audit-checklist-item-detail",
                "audit-detail",
                "audit-report",
            ),
        }.items()
        for name in names
    ),
    "documents_api:version-download",
    "nonconformities_api:correctiveaction-evidence",
    "renditions_api:rendition-pdf",  # reads ?download= (compared, never queried)
    "renditions:version_page_image",
    "renditions_api:controlledcopy-pdf",
    # pages of one object
    "audits:detail",
    "audits:edit",
    "audits:evidence",
    "audits:report",
    "audits:report_pdf",
    "audits:template",
    "audits:qualification_edit",
    "reviews:version",
    "approvals:route_template_edit",
    "approvals:distribution_default_edit",
    "approvals:sign",
    "approvals:diff",
    "approvals:route_edit",
    "approvals:withdraw",
    "approvals:change_request_new",
    "approvals:distribution",
    "approvals:change_request_detail",
    "approvals:change_request_attachment",
    "notifications:open",
    "nonconformities:detail",
    "nonconformities:pdf",
    "nonconformities:action_evidence",
    "nonconformities:verification_evidence",
    "nonconformities:feedback_detail",
    "nonconformities:feedback_attachment",
    "renditions:status",
    "renditions:version_pdf",  # reads ?download=1 (compared, never queried)
    "renditions:progress",
    "renditions:copy_issue",
    "renditions:copy_pdf",
    "documents:detail",
    "documents:version_new",
    "documents:version_detail",
    "documents:version_edit",
    "documents:download",
    "documents:attachment_download",
    "accounts:password_reset_confirm",
    "password_reset_confirm",
    # POST-only actions (GET answers 405 or redirects)
    "audits:transition",
    "audits:checklist_add",
    "audits:answer",
    "audits:evidence_upload",
    "audits:finding_delete",
    "audits:finding_open_nc",
    "reminders:retry",
    "approvals:acknowledge",
    "nonconformities:assign",
    "nonconformities:transition",
    "nonconformities:action_add",
    "nonconformities:action_complete",
    "nonconformities:action_cancel",
    "nonconformities:feedback_answer",
    "nonconformities:feedback_open",
    "renditions:copy_retrieve",
    "documents:transition",
    "renditions:retry",
    "accounts:token_revoke",
    "accounts_api:user-token",
    # The management-system and administrative-procedure apps, search and transfer: one
    # object's page, PDF, file or action (their own permission tables test the ids).
    "management_reviews_api:managementreview-detail",
    "management_reviews_api:reviewdecision-detail",
    "procedures_api:public-procedure-detail",
    "procedures_api:procedure-detail",
    "dossiers_api:dossier-detail",
    "objectives_api:objective-detail",
    "risks_api:risk-detail",
    "risks_api:riskaction-detail",
    "management_reviews:detail",
    "management_reviews:transition",
    "management_reviews:conclusions",
    "management_reviews:decision_add",
    "management_reviews:correct",
    "management_reviews:pdf",
    "management_reviews:section_comment",
    "management_reviews:decision_close",
    "management_reviews:document_clauses",
    "objectives:detail",
    "objectives:edit",
    "objectives:measure",
    "objectives:plan_add",
    "objectives:compute",
    "objectives:open_nc",
    "objectives:evidence",
    "risks:band_delete",
    "risks:detail",
    "risks:edit",
    "risks:action_add",
    "risks:transition",
    "risks:action_complete",
    "risks:action_cancel",
    "risks:action_evidence",
    "dossiers:detail",
    "dossiers:open_nonconformity",
    "dossiers:slip_pdf",
    "dossiers:receipt_pdf",
    "dossiers:apology_pdf",
    "dossiers:import_detail",
    "dossiers:calendar_delete",
    "dossiers:form_template_edit",
    "dossiers:response_nonconformity",
    "search:retry",
    "transfer:batch",
    "transfer:batch_progress",
    "transfer:batch_run",
    "transfer:batch_csv",
    "transfer:batch_convert",
    "public_survey_procedure",
    "public_survey_receipt",
    "procedures_public:detail",
    "procedures_public:posting_sheet",
    "procedures_public:form",
    "procedures_public_en:detail",
    "procedures_public_en:posting_sheet",
    "procedures_public_en:form",
    "procedures:detail",
    "procedures:edit",
    "procedures:preview",
    "procedures:transition",
}
# Django's admin belongs to superusers and has its own URL scheme (object ids as strings).
EXCLUDED_PREFIXES = ("admin/",)


class _GetForms(HTMLParser):
    """Names of the fields of a page's GET forms (its filters)."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif self._in_get_form and tag in ("input", "select", "textarea") and attrs.get("name"):
            self.names.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry


def _arguments(route: str, pattern: URLPattern) -> set[str]:
    names = set(re.findall(r"\(\?P<(\w+)>", route)) | set(re.findall(r"<(?:\w+:)?(\w+)>", route))
    return names - set(pattern.default_args)


def _routes():
    """(route, name, path arguments) for every route answering GET, but the format-suffix
    twins and the admin."""
    seen = set()
    for route, name, pattern in _walk(get_resolver().url_patterns):
        arguments = _arguments(route, pattern)
        if "format" in arguments or route.startswith(EXCLUDED_PREFIXES) or (route, name) in seen:
            continue
        if "get" not in getattr(pattern.callback, "actions", {"get": True}):
            continue  # an API action without GET (POST/PUT/DELETE only)
        seen.add((route, name))
        yield route, name, arguments


def test_every_route_is_reached_or_named():
    # given every route of the URL conf that needs path arguments
    unknown = [
        f"{name} ({route})"
        for route, name, arguments in _routes()
        if arguments and name not in FILL and name not in OBJECT_ROUTES
    ]
    # then each is either filled by this test or named as a single object's route
    assert not unknown, (
        "New routes with path arguments: fill them in FILL (a list, or reads query "
        f"parameters) or name them in OBJECT_ROUTES: {unknown}"
    )


@pytest.fixture
def world(db):
    cast = Cast()
    document = make_effective_document(officer=cast.officer)
    year = timezone.localdate().year
    audit = make_audit(status="in_progress", start=datetime.date(year, 3, 10))
    add_finding(audit)
    audit_services.programme_create(actor=cast.officer, year=year, objectives="Mọi phòng một lần")
    make_nc(cast)
    nc_services.feedback_submit(subject="Hồ sơ chậm", message="Đã quá hạn một tuần.")
    return {
        "officer": cast.officer,
        "staff": cast.reporter,
        "document": document,
        "audit": audit,
        "year": year,
    }


def _schema_query_parameters() -> list[tuple[re.Pattern, set[str]]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        names = {p["name"] for p in get.get("parameters", []) if p["in"] == "query"}
        found.append((re.compile(re.sub(r"\{\w+\}", "[^/]+", path) + "$"), names))
    return found


def _declared(url: str, response, schema_parameters) -> set[str]:
    if url.startswith("/api/"):
        return set().union(*(names for path, names in schema_parameters if path.match(url)))
    if response.get("Content-Type", "").startswith("text/html") and not getattr(response, "streaming", False):
        parser = _GetForms()
        parser.feed(response.content.decode(errors="replace"))
        return parser.names - {"csrfmiddlewaretoken"}
    return set()


def _server_error(client, url, params) -> str | None:
    try:
        response = client.get(url, params)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)  # a stream must not break half-way either
    except Exception as error:  # the test client re-raises what the view raised
        return f"{type(error).__name__}: {str(error)[:120]}"
    if response.status_code >= 500:
        return str(response.status_code)
    return None


@pytest.mark.parametrize("role", ["officer", "staff"])
def test_no_query_string_causes_a_server_error(world, role):
    # given a signed-in user and every list route with the parameters it takes
    client = Client(raise_request_exception=True)
    client.force_login(world[role])
    schema_parameters = _schema_query_parameters()
    failures, requests = [], 0
    for _route, name, arguments in _routes():
        if arguments and name not in FILL:
            continue  # one object's route (OBJECT_ROUTES)
        url = reverse(name, kwargs=FILL[name](world) if arguments else {})
        baseline = client.get(url)
        requests += 1
        assert baseline.status_code < 500, f"{url} answers {baseline.status_code} without a query string"
        declared = _declared(url, baseline, schema_parameters)
        undeclared = [p for p in COMMON if p not in declared]
        # when each declared parameter gets each bad value, and the common names all at once
        for label, value in BAD_VALUES.items():
            combinations = [{p: value} for p in sorted(declared)]
            if label in UNDECLARED_VALUES and name not in ONLY_DECLARED:
                combinations.append(dict.fromkeys(undeclared, value))
            for params in combinations:
                requests += 1
                error = _server_error(client, url, params)
                if error:
                    shown = urlencode({k: v[:20] for k, v in params.items()})
                    failures.append(f"{url}?{shown} ({label}) -> {error}")
    # then nothing answered with a server error
    print(f"{role}: {requests} requests")
    assert not failures, "\n".join(failures)


def test_coverage_and_programme_pages_answer_404_for_years_out_of_range(client, world):
    # given a QMS officer
    client.force_login(world["officer"])
    for page in ("audits:coverage", "audits:programme"):
        for year in (0, 1999, 2101, 10000, 99999999):
            # when the page of a year outside 2000-2100 is asked for
            response = client.get(reverse(page, kwargs={"year": year}))
            # then it is not found (as the programme pages always were), never a server error
            assert response.status_code == 404, (page, year)


def test_api_refuses_bad_filters_with_400_naming_the_field(client, world):
    # given a QMS officer
    client.force_login(world["officer"])
    for url, field in (
        ("/api/v1/audits/?year=10000", "year"),
        ("/api/v1/audits/?year=99999999999", "year"),
        ("/api/v1/audits/?year=1999", "year"),
        ("/api/v1/nonconformities/?severity=x", "severity"),
        ("/api/v1/feedback/?status=nope", "status"),
        ("/api/v1/versions/?document=99999999999999999999", "document"),
        ("/api/v1/nonconformities/?status=open%00", "detail"),
        ("/api/v1/reviews/overdue/?department=abc", "department"),
        ("/api/v1/controlled-copies/?state=nope", "state"),
        ("/api/v1/access-log/?date_from=99999-01-01", "date_from"),
        ("/api/v1/access-log/?historical_only=maybe", "historical_only"),
    ):
        # when a list is asked for with a value that does not fit its filter
        response = client.get(url)
        # then 400, and the answer names the field (or, for a NUL byte, says so)
        assert response.status_code == 400, url
        assert field in response.json(), url
    # and good values still filter
    assert client.get(f"/api/v1/audits/?year={world['year']}").json()["count"] == 1
    assert client.get(f"/api/v1/audits/?year={world['year'] - 1}").json()["count"] == 0


def test_pages_refuse_bad_filters_with_400_and_a_message(client, world):
    # given a QMS officer
    client.force_login(world["officer"])
    for url in (
        "/audits/?year=99999999999",
        "/audits/?year=10000",
        "/nonconformities/?q=%00",
        "/nonconformities/?status=nope",
        "/nonconformities/feedback/?status=nope",
        "/approvals/change-requests/?status=nope",
        "/documents/?status=nope",
        "/reviews/overdue/?department=99999999999",
        "/renditions/access-log/?date_from=99999-01-01",
        "/renditions/access-log/?historical_only=maybe",
        "/renditions/copies/?state=nope",
        "/reviews/overdue/?owner=abc",
        "/notifications/?unread=maybe",
    ):
        # when a list page is asked for with a bad filter value
        response = client.get(url)
        # then a 400 page says what is wrong and links back to the unfiltered list
        assert response.status_code == 400, url
        page = response.content.decode()
        assert "These filter values cannot be used" in page, url
        assert f'href="{url.split("?")[0]}"' in page, url


def test_csv_export_refuses_a_bad_filter_before_streaming(client, world):
    # given a QMS officer
    client.force_login(world["officer"])
    # when the register is exported with a NUL byte or an unknown status in the filter
    for query in ("q=%00", "status=nope", "department=99999999999"):
        response = client.get(f"/nonconformities/export.csv?{query}")
        # then the answer is a plain 400, not a CSV that breaks off
        assert response.status_code == 400, query
        assert not getattr(response, "streaming", False)
    # and a valid filter still exports
    response = client.get("/nonconformities/export.csv?status=open")
    assert response.status_code == 200
    assert "Hồ sơ trả chậm" in b"".join(response.streaming_content).decode("utf-8-sig")
