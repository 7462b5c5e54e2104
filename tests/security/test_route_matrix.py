"""Issue 10, D1: the permission matrix is exhaustive by construction.

1. Every URL pattern of the project that takes a path parameter (walked from the root
   resolver, DRF router patterns under /api/v1/ included) is listed in ROUTES, with the
   kind of object its id names and how it answers, or in EXEMPT with the reason it takes
   no id that matters for visibility. A new route in neither table fails
   ``test_every_route_that_takes_an_id_is_in_the_matrix``, naming the route.
2. Every route whose id leads to a document (document, version, attachment, rendition,
   controlled copy, signature, periodic review, change request, acknowledgement) is requested by
   every role of tests/documents/test_permissions_matrix.py, for a version in every
   status, on an internal and on a confidential document, with the id of that world's
   object. Who sees what is that file's hand-written VISIBLE table; who may read which
   representation once they see it is written out here, by hand (each route's ``right``).
3. Audits (audit, checklist item, evidence, finding) and nonconformities (NC, corrective
   action, verification, citizen feedback) are checked the same way against AUDIT_SEES
   and NC_SEES, written from what a QMS user expects, not from the selectors.

The expected answers:
- not seen: 404 on GET and on every write (anonymous: the login page for the web UI,
  401/403 for the API); the write changes nothing (no row, no history, no access-log
  entry); the body never contains the document's title;
- seen, with the right to that representation: 200 (or what RIGHTS says: a PDF still being
  prepared redirects, a superseded controlled copy is not printed);
- seen, without the right: 404 (forbidden looks like missing);
- a record that links a confidential document never shows its title to a role that may
  not see the document.

Rules for records that point to a document (the one visibility rule, DESIGN.md):
- a change request: QMS officers, its requester and the document's owner, while they may
  see the document;
- an acknowledgement task: its reader only, while they may see its version.
"""

import collections
import datetime
import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from approvals.models import Acknowledgement, ChangeRequest, DistributionDefault, RouteTemplate
from audits import services as audit_services
from audits.models import Finding
from documents.models import Document
from documents.permissions import document_grant_read
from documents.samples import sample_pdf
from documents.workflow import DocumentStatus
from nonconformities import services as nc_services
from nonconformities.models import Nonconformity
from nonconformities.workflow import NonconformityStatus as NcStatus
from notifications.models import Notification
from reminders.models import Reminder
from renditions import services as rendition_services
from renditions.models import ControlledCopy, StatusLink
from reviews.models import PeriodicReview
from tests.audits.factories import PLAN_DATE, clause, qualified_auditor
from tests.documents.factories import (
    PASSWORD,
    DepartmentFactory,
    DocumentTypeFactory,
    UserFactory,
    make_document,
    make_upload,
)
from tests.documents.test_permissions_matrix import ROLES, STATUSES, VISIBLE, World
from tests.nonconformities.factories import STAGES, Cast, advance, report

pytestmark = pytest.mark.django_db

D, R, A, E, S, O = STATUSES  # noqa: E741 (as in the VISIBLE table)
API_PREFIX = "api/"
# A DRF format suffix (".json") chooses a renderer, never an object.
FORMAT_SUFFIX = "format"


# --- 1. the routes ---------------------------------------------------------------------


def _walk(patterns, prefix="", namespace="", params=()):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        names = (*params, *pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, route, inner, names)
            continue
        name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
        yield (name or route), route, [n for n in names if n != FORMAT_SUFFIX]


@functools.cache
def routes_with_an_id() -> dict:
    """key ("namespace:name", or the route string when unnamed) -> (route, parameters),
    for every pattern of the project with a path parameter (the shortest variant when a
    name has several, e.g. its format-suffix twin)."""
    found = {}
    for key, route, params in _walk(get_resolver().url_patterns):
        if params and (key not in found or len(route) < len(found[key][0])):
            found[key] = (route, params)
    return found


@dataclass(frozen=True)
class Route:
    """How a route answers. ``read``: what a GET returns ("page", "api", "file", "pdf",
    "csv"; "form" is a page whose GET is an entry form and whose POST acts) or None when
    the route only writes. ``writes``: the methods that act. ``right``: for a role that
    sees the object, (role, status) -> the codes a read answers, or None for 404."""

    kind: str
    read: str | None = None
    writes: tuple = ()
    right: object = None
    kwargs: dict = field(default_factory=dict)
    payload: object = None


def _everyone(role, status):
    return {200}


def _officers(role, status):
    return {200} if role == "officer" else None


def _route_edit(role, status):
    # the officer edits a draft's route; for any other status the page says why (redirect)
    if role != "officer":
        return None
    return {200} if status == D else {302}


def _withdraw_page(role, status):
    return {200} if role == "officer" and status in (A, E) else None


def _copy_pdf_ui(role, status):
    # a retrieved or no longer effective copy is not printed: back to the list with a message
    if role != "officer":
        return None
    return {200} if status == E else {302}


def _copy_pdf_api(role, status):
    if role != "officer":
        return None
    return {200} if status == E else {409}


def _building(role, status):
    # small PDFs are built on the spot; a large one redirects to its progress page (UI) or 409 (API)
    return {200, 302, 409}


EVERYONE = _everyone


def _sign_payload(world):
    return {"decision": "approve", "comment": "Đồng ý", "password": PASSWORD}


def _withdraw_payload(world):
    return {"reason": "Hết hiệu lực", "password": PASSWORD}


def _route_payload(world):
    return {"stages": [{"name": "Duyệt", "users": [world.users["approver"].pk]}]}


DOCUMENT_ROUTES = {
    # document id
    "documents:detail": Route("document", "page"),
    "documents:version_new": Route(
        "document", "form", ("post",), payload=lambda w: {"body": "Nội dung", "change_summary": "Sửa"}
    ),
    "documents_api:document-detail": Route("document", "api"),
    "approvals:change_request_new": Route(
        "document", "form", ("post",), payload=lambda w: {"what": "Sửa bước 3", "why": "Sai hạn"}
    ),
    "approvals:distribution": Route("document", "page", ("post",), right=_officers),
    "approvals:acknowledgement_report": Route("document", "page", right=_officers),
    "approvals:acknowledgement_csv": Route("document", "csv", right=_officers),
    "approvals_api:distribution-detail": Route(
        "document", "api", ("put",), right=_officers, payload=lambda w: {"departments": [], "groups": []}
    ),
    # version id
    "documents:version_detail": Route("version", "page"),
    "documents:version_edit": Route(
        "version", "form", ("post",), payload=lambda w: {"body": "sửa", "change_summary": "x"}
    ),
    "documents:download": Route("version", "file"),
    "documents:attachment_download": Route("attachment", "file"),
    "documents:transition": Route("version", None, ("post",), kwargs={"action": "submit"}),
    "documents_api:version-detail": Route("version", "api", ("patch",), payload=lambda w: {"body": "sửa"}),
    "documents_api:version-download": Route("version", "file"),
    "documents_api:version-submit": Route("version", None, ("post",)),
    "approvals_api:version-approve": Route(
        "version", None, ("post",), payload=lambda w: {"comment": "Đồng ý", "password": PASSWORD}
    ),
    "approvals_api:version-reject": Route(
        "version",
        None,
        ("post",),
        payload=lambda w: {"decision": "request_changes", "comment": "Bổ sung", "password": PASSWORD},
    ),
    "documents_api:version-publish": Route("version", None, ("post",)),
    "approvals_api:version-withdraw": Route("version", None, ("post",), payload=_withdraw_payload),
    "approvals:sign": Route("version", "page", ("post",), payload=_sign_payload),
    "approvals:diff": Route("version", "page"),
    "approvals:route_edit": Route("version", "page", ("post",), right=_route_edit),
    "approvals:withdraw": Route(
        "version", "page", ("post",), right=_withdraw_page, payload=_withdraw_payload
    ),
    "approvals_api:approval-route-detail": Route("version", "api", ("put",), payload=_route_payload),
    "approvals_api:approval-route-sign": Route("version", None, ("post",), payload=_sign_payload),
    "approvals_api:approval-route-withdraw": Route("version", None, ("post",), payload=_withdraw_payload),
    "reviews:version": Route(
        "version", "page", ("post",), payload=lambda w: {"outcome": "no_change", "comment": "Còn phù hợp"}
    ),
    "renditions:version_pdf": Route("version", "pdf", right=_building),
    "renditions:version_page_image": Route("version", "file", kwargs={"page": 1}),
    "renditions:copy_issue": Route(
        "version", "page", ("post",), right=_officers, payload=lambda w: {"holder_name": "Phòng A"}
    ),
    "renditions_api:rendition-detail": Route("version", "api"),
    "renditions_api:rendition-build": Route("version", None, ("post",)),
    "renditions_api:rendition-pdf": Route("version", "pdf", right=_building),
    # rendition id
    "renditions:progress": Route("rendition", "page"),
    "renditions:retry": Route("rendition", None, ("post",)),
    # controlled copy id
    "renditions:copy_retrieve": Route("copy", None, ("post",), payload=lambda w: {"note": "Thu hồi"}),
    "renditions:copy_pdf": Route("copy", "pdf", right=_copy_pdf_ui),
    "renditions_api:controlledcopy-detail": Route("copy", "api", right=_officers),
    "renditions_api:controlledcopy-pdf": Route("copy", "pdf", right=_copy_pdf_api),
    "renditions_api:controlledcopy-retrieval": Route(
        "copy", None, ("post",), payload=lambda w: {"note": "x"}
    ),
    # signature id, periodic review id
    "approvals_api:signature-detail": Route("signature", "api"),
    "reviews_api:review-detail": Route("review", "api"),
    # change request id
    "approvals:change_request_detail": Route(
        "change_request", "page", ("post",), payload=lambda w: {"decision": "accept", "reason": "Đồng ý"}
    ),
    "approvals:change_request_attachment": Route("change_request", "file"),
    "approvals_api:change-request-detail": Route("change_request", "api"),
    "approvals_api:change-request-accept": Route(
        "change_request", None, ("post",), payload=lambda w: {"reason": "Đồng ý"}
    ),
    "approvals_api:change-request-decline": Route(
        "change_request", None, ("post",), payload=lambda w: {"reason": "Không cần"}
    ),
    # acknowledgement id
    "approvals:acknowledge": Route("acknowledgement", None, ("post",)),
    "approvals_api:acknowledgement-detail": Route("acknowledgement", "api"),
    "approvals_api:acknowledgement-acknowledge": Route("acknowledgement", None, ("post",)),
}

AUDIT_STATUSES = ["planned", "in_progress", "reported", "closed"]
ISSUED = {"reported", "closed"}


def _checklist_readers(role, status):
    return {200} if AUDIT_SEES[role][1] else None


def _report_pdf(role, status):
    return {200} if status in ISSUED else None


def _report_api(role, status):
    # the auditors' draft is theirs; the auditee reads the report once it is issued
    return {200} if AUDIT_SEES[role][1] or status in ISSUED else None


def _evidence_upload(world):
    return {"file": make_upload("anh-hien-truong.png")}


AUDIT_ROUTES = {
    # audit id
    "audits:detail": Route("audit", "page"),
    "audits:edit": Route("audit", "form", ("post",)),
    "audits:transition": Route("audit", None, ("post",), kwargs={"action": "start"}),
    "audits:checklist": Route("audit", "page", right=_checklist_readers),
    "audits:checklist_add": Route("audit", None, ("post",), payload=lambda w: {"text": "Câu hỏi thêm"}),
    "audits:finding_new": Route("audit", "form", ("post",)),
    "audits:report": Route("audit", "page", ("post",), payload=lambda w: {"summary": "x", "conclusion": "y"}),
    "audits:report_pdf": Route("audit", "pdf", right=_report_pdf),
    "audit-detail": Route("audit", "api", ("put",)),
    "audit-start": Route("audit", None, ("post",)),
    "audit-close": Route("audit", None, ("post",)),
    "audit-issue-report": Route("audit", None, ("post",), payload=lambda w: {"password": PASSWORD}),
    "audit-report": Route("audit", "api", ("put",), right=_report_api, payload=lambda w: {"summary": "x"}),
    # checklist item id
    "audits:answer": Route(
        "checklist_item", None, ("post",), payload=lambda w: {"result": "conforming", "evidence": "x"}
    ),
    "audits:evidence_upload": Route("checklist_item", None, ("post",), payload=_evidence_upload),
    "audit-checklist-item-detail": Route(
        "checklist_item", "api", ("patch",), payload=lambda w: {"result": "conforming"}
    ),
    "audit-checklist-item-files": Route("checklist_item", None, ("post",), payload=_evidence_upload),
    # evidence file id
    "audits:evidence": Route("evidence", "file"),
    # finding id
    "audits:finding_delete": Route("finding", None, ("post",)),
    "audits:finding_open_nc": Route("finding", None, ("post",)),
    "audit-finding-detail": Route(
        "finding", "api", ("patch", "delete"), payload=lambda w: {"statement": "x"}
    ),
    "audit-finding-open-nonconformity": Route("finding", None, ("post",)),
}


def _nc_pdf(role, status):
    from nonconformities import pdf

    return {200} if pdf.available() else None


def _action_payload(world):
    return {
        "description": "Lập sổ theo dõi",
        "owner": world.users["action_owner"].pk,
        "due_date": (timezone.localdate() + datetime.timedelta(days=14)).isoformat(),
    }


def _feedback_open_payload(world):
    return {"department": world.department.pk, "severity": "minor", "title": "Phản ánh", "description": "x"}


NC_ROUTES = {
    # nonconformity id
    "nonconformities:detail": Route("nonconformity", "page"),
    "nonconformities:pdf": Route("nonconformity", "pdf", right=_nc_pdf),
    "nonconformities:assign": Route(
        "nonconformity", None, ("post",), payload=lambda w: {"owner": w.users["owner"].pk}
    ),
    "nonconformities:transition": Route("nonconformity", None, ("post",), kwargs={"action": "plan"}),
    "nonconformities:action_add": Route("nonconformity", None, ("post",), payload=_action_payload),
    "nonconformities_api:nonconformity-detail": Route("nonconformity", "api"),
    "nonconformities_api:nonconformity-add-action": Route(
        "nonconformity", None, ("post",), payload=_action_payload
    ),
    "nonconformities_api:nonconformity-analyse": Route(
        "nonconformity",
        None,
        ("post",),
        payload=lambda w: {"five_whys": ["Vì sao"], "cause_categories": ["method"], "root_cause": "x"},
    ),
    "nonconformities_api:nonconformity-contain": Route(
        "nonconformity", None, ("post",), payload=lambda w: {"containment": "Khoanh vùng"}
    ),
    "nonconformities_api:nonconformity-implement": Route("nonconformity", None, ("post",)),
    "nonconformities_api:nonconformity-plan": Route("nonconformity", None, ("post",)),
    "nonconformities_api:nonconformity-reopen": Route(
        "nonconformity", None, ("post",), payload=lambda w: {"reason": "Tái diễn"}
    ),
    "nonconformities_api:nonconformity-request-verification": Route("nonconformity", None, ("post",)),
    "nonconformities_api:nonconformity-verify": Route(
        "nonconformity", None, ("post",), payload=lambda w: {"effective": True, "notes": "Đạt"}
    ),
    # corrective action id
    "nonconformities:action_complete": Route("action", None, ("post",), payload=lambda w: {"note": "Xong"}),
    "nonconformities:action_cancel": Route("action", None, ("post",), payload=lambda w: {"reason": "Thừa"}),
    "nonconformities:action_evidence": Route("action", "file"),
    "nonconformities_api:correctiveaction-detail": Route("action", "api"),
    "nonconformities_api:correctiveaction-complete": Route(
        "action", None, ("post",), payload=lambda w: {"note": "Xong"}
    ),
    "nonconformities_api:correctiveaction-cancel": Route(
        "action", None, ("post",), payload=lambda w: {"reason": "Thừa"}
    ),
    "nonconformities_api:correctiveaction-evidence": Route("action", "file"),
    # verification id
    "nonconformities:verification_evidence": Route("verification", "file"),
    # citizen feedback id
    "nonconformities:feedback_detail": Route("feedback", "page"),
    "nonconformities:feedback_answer": Route("feedback", None, ("post",), payload=lambda w: {"answer": "x"}),
    "nonconformities:feedback_open": Route("feedback", None, ("post",), payload=_feedback_open_payload),
    "nonconformities:feedback_attachment": Route("feedback", "file"),
    "nonconformities_api:feedback-detail": Route("feedback", "api"),
    "nonconformities_api:feedback-answer": Route(
        "feedback", None, ("post",), payload=lambda w: {"answer": "x"}
    ),
    "nonconformities_api:feedback-open-nonconformity": Route(
        "feedback", None, ("post",), payload=_feedback_open_payload
    ),
}

# Records that are not about one document, an audit or a nonconformity: reference data,
# officer pages, the user's own notifications. (role, status) -> codes; status is None.
AUDIT_VIEWERS = {"officer", "auditor", "auditor_granted"}


def _signed_in(role, status):
    return {200}


def _audit_viewers(role, status):
    return {200} if role in AUDIT_VIEWERS else None


def _recipient(role, status):
    return {302} if role == NOTIFIED else None


OTHER_ROUTES = {
    "approvals:route_template_edit": Route("route_template", "page", ("post",), right=_officers),
    "approvals:distribution_default_edit": Route("distribution_default", "page", ("post",), right=_officers),
    "approvals_api:route-template-detail": Route("route_template", "api", ("delete",), right=_signed_in),
    "documents_api:department-detail": Route("department", "api", right=_signed_in),
    "documents_api:documenttype-detail": Route("document_type", "api", right=_signed_in),
    "audit-clause-detail": Route("clause", "api", right=_signed_in),
    "audits:programme": Route("programme", "page", ("post",), right=_audit_viewers),
    "audits:coverage": Route("programme", "page", right=_audit_viewers),
    "audit-programme-detail": Route("programme", "api", right=_audit_viewers),
    "audit-programme-coverage": Route("programme", "api", right=_audit_viewers),
    "audit-programme-items": Route("programme", None, ("post",)),
    "audits:template": Route("checklist_template", "page", ("post",), right=_audit_viewers),
    "audits:qualification_edit": Route("user", "page", ("post",), right=_officers),
    "accounts:token_revoke": Route("user", None, ("post",)),
    "accounts_api:user-token": Route("user", None, ("delete",)),
    "reminders:retry": Route("reminder", None, ("post",)),
    "notifications:open": Route("notification", "page", right=_recipient),
}
# Who may write through the routes above (everyone else: 404 and nothing changes).
OTHER_WRITERS = {
    "approvals:route_template_edit": {"officer"},
    "approvals:distribution_default_edit": {"officer"},
    "approvals_api:route-template-detail": {"officer"},
    "audits:programme": AUDIT_VIEWERS,
    "audit-programme-items": AUDIT_VIEWERS,
    "audits:template": AUDIT_VIEWERS,
    "audits:qualification_edit": {"officer"},
    "accounts:token_revoke": {"officer"},
    "accounts_api:user-token": {"officer"},
    "reminders:retry": {"officer"},
}
NOTIFIED = "staff"
ROOT = Path(__file__).resolve().parent.parent.parent

ROUTES = {**DOCUMENT_ROUTES, **AUDIT_ROUTES, **NC_ROUTES, **OTHER_ROUTES}

EXEMPT = {
    "renditions:status": (
        "public status page of a printed copy: the id is an unguessable token printed on the "
        "copy; it shows number, revision and status, and never a confidential title "
        "(test_status_page_never_shows_a_confidential_title)"
    ),
    "password_reset_confirm": (
        "Django's password reset: a signed one-time token for one account, shows no record"
    ),
}
# Routes of apps that keep their own hand-written permission table (same rules: every
# role, every status, every representation; forbidden looks like missing): route -> test.
COVERED_ELSEWHERE: dict[str, str] = {
    "transfer:batch": "tests/transfer/test_permissions.py",
    "transfer:batch_progress": "tests/transfer/test_permissions.py",
    "transfer:batch_run": "tests/transfer/test_permissions.py",
    "transfer:batch_csv": "tests/transfer/test_permissions.py",
    "transfer:batch_convert": "tests/transfer/test_permissions.py",
    "search:retry": "tests/search/test_permissions.py",
    "management_reviews:correct": "tests/management_reviews/test_permissions.py",
    "management_reviews:decision_add": "tests/management_reviews/test_permissions.py",
    "management_reviews:decision_close": "tests/management_reviews/test_permissions.py",
    "management_reviews:detail": "tests/management_reviews/test_permissions.py",
    "management_reviews:document_clauses": "tests/management_reviews/test_permissions.py",
    "management_reviews:conclusions": "tests/management_reviews/test_permissions.py",
    "management_reviews:pdf": "tests/management_reviews/test_permissions.py",
    "management_reviews:section_comment": "tests/management_reviews/test_permissions.py",
    "management_reviews:transition": "tests/management_reviews/test_permissions.py",
    "management_reviews_api:managementreview-commentary": "tests/management_reviews/test_permissions.py",
    "management_reviews_api:managementreview-decisions": "tests/management_reviews/test_permissions.py",
    "management_reviews_api:managementreview-detail": "tests/management_reviews/test_permissions.py",
    "management_reviews_api:managementreview-hold": "tests/management_reviews/test_permissions.py",
    "management_reviews_api:managementreview-prepare": "tests/management_reviews/test_permissions.py",
    "management_reviews_api:managementreview-sign": "tests/management_reviews/test_permissions.py",
    "management_reviews_api:reviewdecision-complete": "tests/management_reviews/test_permissions.py",
    "management_reviews_api:reviewdecision-detail": "tests/management_reviews/test_permissions.py",
    "dossiers:detail": "tests/dossiers/test_permissions.py",
    "dossiers:open_nonconformity": "tests/dossiers/test_permissions.py",
    "dossiers:slip_pdf": "tests/dossiers/test_permissions.py",
    "dossiers:receipt_pdf": "tests/dossiers/test_permissions.py",
    "dossiers:apology_pdf": "tests/dossiers/test_permissions.py",
    "dossiers:import_detail": "tests/dossiers/test_permissions.py",
    "dossiers:calendar_delete": "tests/dossiers/test_permissions.py",
    "dossiers:form_template_edit": "tests/dossiers/test_permissions.py",
    "dossiers:response_nonconformity": "tests/dossiers/test_permissions.py",
    "dossiers_api:dossier-detail": "tests/dossiers/test_permissions.py",
    "public_survey_procedure": "tests/dossiers/test_permissions.py",
    "public_survey_receipt": "tests/dossiers/test_permissions.py",
    "objectives:board": "tests/objectives/test_permissions.py",
    "objectives:compute": "tests/objectives/test_permissions.py",
    "objectives:detail": "tests/objectives/test_permissions.py",
    "objectives:edit": "tests/objectives/test_permissions.py",
    "objectives:evidence": "tests/objectives/test_permissions.py",
    "objectives:measure": "tests/objectives/test_permissions.py",
    "objectives:open_nc": "tests/objectives/test_permissions.py",
    "objectives:plan_add": "tests/objectives/test_permissions.py",
    "objectives_api:objective-compute": "tests/objectives/test_permissions.py",
    "objectives_api:objective-detail": "tests/objectives/test_permissions.py",
    "objectives_api:objective-measure": "tests/objectives/test_permissions.py",
    "objectives_api:objective-open-nonconformity": "tests/objectives/test_permissions.py",
    "risks:action_add": "tests/risks/test_permissions.py",
    "risks:action_cancel": "tests/risks/test_permissions.py",
    "risks:action_complete": "tests/risks/test_permissions.py",
    "risks:action_evidence": "tests/risks/test_permissions.py",
    "risks:band_delete": "tests/risks/test_permissions.py",
    "risks:detail": "tests/risks/test_permissions.py",
    "risks:edit": "tests/risks/test_permissions.py",
    "risks:transition": "tests/risks/test_permissions.py",
    "risks_api:risk-add-action": "tests/risks/test_permissions.py",
    "risks_api:risk-detail": "tests/risks/test_permissions.py",
    "risks_api:risk-transition": "tests/risks/test_permissions.py",
    "risks_api:riskaction-complete": "tests/risks/test_permissions.py",
    "risks_api:riskaction-detail": "tests/risks/test_permissions.py",
    "procedures:detail": "tests/procedures/test_permissions.py",
    "procedures:edit": "tests/procedures/test_permissions.py",
    "procedures:preview": "tests/procedures/test_permissions.py",
    "procedures:transition": "tests/procedures/test_permissions.py",
    "procedures_api:procedure-detail": "tests/procedures/test_permissions.py",
    "procedures_api:procedure-transition": "tests/procedures/test_permissions.py",
    "procedures_api:public-procedure-detail": "tests/procedures/test_permissions.py",
    "procedures_public:detail": "tests/procedures/test_permissions.py",
    "procedures_public:form": "tests/procedures/test_permissions.py",
    "procedures_public:posting_sheet": "tests/procedures/test_permissions.py",
    "procedures_public_en:detail": "tests/procedures/test_permissions.py",
    "procedures_public_en:form": "tests/procedures/test_permissions.py",
    "procedures_public_en:posting_sheet": "tests/procedures/test_permissions.py",
}
# The Django admin is for system administrators (is_staff); no QMS role enters it
# (test_no_role_enters_the_admin). Its patterns come from the registered ModelAdmins.
EXEMPT_PREFIX = ("admin/", "the Django admin, for is_staff accounts only")


def test_every_route_that_takes_an_id_is_in_the_matrix():
    found = routes_with_an_id()
    # when
    missing = [
        f"{key} ({route})"
        for key, (route, _params) in sorted(found.items())
        if key not in ROUTES
        and key not in EXEMPT
        and key not in COVERED_ELSEWHERE
        and not route.startswith(EXEMPT_PREFIX[0])
    ]
    stale = sorted(key for key in (*ROUTES, *EXEMPT, *COVERED_ELSEWHERE) if key not in found)
    # then
    assert missing == [], "routes with an id that the permission matrix does not cover"
    assert stale == [], "matrix entries for routes that no longer exist"
    assert all(reason for reason in EXEMPT.values())
    assert all((ROOT / test).exists() for test in COVERED_ELSEWHERE.values())


# --- worlds ----------------------------------------------------------------------------


@pytest.fixture(autouse=True, scope="module")
def _quiet_404s():
    """Thousands of refusals are expected here: keep Django's "Not Found" warnings out of
    the captured log (errors still show)."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture(autouse=True)
def _media_root():
    """The worlds' files live in the module's media root (see _module_world)."""


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("route-matrix-media"))):
        yield


def _module_world(django_db_blocker, build):
    """Build once per module inside a transaction that is rolled back at the end, so each
    test (its own savepoint) starts from the same rows."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _title(confidential, status):
    return f"Route matrix {'SECRET' if confidential else 'internal'} procedure {status}"


def _document_world(confidential) -> World:
    world = World(confidential)
    officer = world.users["officer"]
    world.titles = {}
    world.objects = collections.defaultdict(dict)
    world.acknowledgements = collections.defaultdict(dict)
    for status, version in world.versions.items():
        title = _title(confidential, status)
        Document.objects.filter(pk=version.document_id).update(title=title)
        version.refresh_from_db()
        version.document.refresh_from_db()
        world.titles[status] = title
        world.objects["document"][status] = version.document
        world.objects["version"][status] = version
        world.objects["attachment"][status] = world.attachments[status]
        rendition = rendition_services.rendition_prepare(version=version, language="en", inline=True)
        world.objects["rendition"][status] = rendition
        StatusLink.objects.get_or_create(version=version)
        signature = version.signatures.order_by("pk").first()
        if signature is not None:
            world.objects["signature"][status] = signature
        if status not in (E, S, O):
            continue
        # records that exist once a version has been effective
        world.objects["copy"][status] = ControlledCopy.objects.create(
            version=version, number=1, holder_name="Phòng Tổ chức", location="Tủ 1", issued_by=officer
        )
        world.objects["review"][status] = PeriodicReview.objects.create(
            version=version,
            due_date=timezone.localdate(),
            outcome="no_change",
            reviewed_by=officer,
            next_review_date=timezone.localdate() + datetime.timedelta(days=365),
        )
        change_request = ChangeRequest(
            document=version.document, requested_by=world.users[REQUESTER], what="Sửa bước 3", why="Sai hạn"
        )
        change_request.attachment.save("de-xuat.pdf", ContentFile(sample_pdf("Đề xuất")), save=False)
        change_request.attachment_name = "de-xuat.pdf"
        change_request.save()
        world.objects["change_request"][status] = change_request
        # every role was a reader of the version (its task closed with it since)
        ack_status = {E: "open", S: "superseded", O: "withdrawn"}[status]
        for role, user in world.users.items():
            if role != "anonymous":
                world.acknowledgements[status][role] = Acknowledgement.objects.create(
                    version=version, user=user, status=ack_status
                )
    return world


@pytest.fixture(scope="module")
def document_worlds(media_root, django_db_setup, django_db_blocker):
    yield from _module_world(django_db_blocker, lambda: {c: _document_world(c) for c in (False, True)})


# --- 2. documents ----------------------------------------------------------------------

# A change request: QMS officers, the requester and the document's owner (the author of
# its versions in World), while they may see the document.
REQUESTER = "staff"
CHANGE_REQUEST_AUDIENCE = {"officer", REQUESTER, "author_of_version"}
KIND_STATUSES = {
    "document": STATUSES,
    "version": STATUSES,
    "attachment": STATUSES,  # read as its version is
    "rendition": STATUSES,
    "signature": [A, E, S, O],  # signed on approval (and on withdrawal)
    "copy": [E, S, O],  # issued of an effective version, kept after it is superseded or withdrawn
    "review": [E, S, O],
    "change_request": [E, S, O],
    "acknowledgement": [E, S, O],
}


def _document_sees(world, kind, role, status) -> bool:
    if role == "anonymous":
        return False
    if kind == "document":
        return world.document_visible(role, status)
    if kind == "change_request":
        return role in CHANGE_REQUEST_AUDIENCE and world.document_visible(role, status)
    return status in VISIBLE[role][1 if world.confidential else 0]


class Checker:
    """Requests one route for one role and records what differs from the table."""

    def __init__(self, world, role, family):
        self.world = world
        self.role = role
        self.family = family
        self.clients = {api: world.client(role, api=api) if role in world.users else None for api in (0, 1)}
        self.failures = []
        self.login_url = resolve_url(settings.LOGIN_URL)

    def client(self, api):
        return self.clients[api]

    def _refused(self, response, api) -> bool:
        if self.role == "anonymous":
            if api:
                return response.status_code in (401, 403)
            return response.status_code == 302 and response["Location"].startswith(self.login_url)
        return response.status_code == 404

    def check(self, name, route, obj, status, *, seen, secret="", extra="", hide_always=False):
        """GET (when the route reads) and every write of ``route`` on ``obj``."""
        if name not in routes_with_an_id():
            self.expect(name, False, "no such route (see test_every_route_that_takes_an_id_is_in_the_matrix)")
            return
        api = routes_with_an_id()[name][0].startswith(API_PREFIX)
        param = routes_with_an_id()[name][1][0]
        url = reverse(name, kwargs={param: getattr(obj, "pk", obj), **route.kwargs})
        case = f"{name} {status} {extra}".strip()
        COUNTS[self.family] += 1
        # an entry form shown to someone who sees the object is the lifecycle tests' business,
        # unless it might show a confidential title the role may not read
        skip_form = route.read == "form" and seen and not (secret and hide_always)
        if route.read and not skip_form:
            response = self.client(api).get(url)
            REQUESTS[self.family] += 1
            body = _body(response)
            expected = None
            if seen:
                expected = (route.right or EVERYONE)(self.role, status)
            if route.read == "form" and seen:
                self.expect(case, response.status_code < 500, f"GET {response.status_code}")
            elif expected is None:
                self.expect(case, self._refused(response, api), f"GET {response.status_code}, expected 404")
            else:
                self.expect(
                    case, response.status_code in expected, f"GET {response.status_code} not in {expected}"
                )
            if secret and (hide_always or not seen or expected is None):
                self.expect(case, secret.encode() not in body, "GET shows the title")
        if seen:
            return  # what those who see the object may do is the lifecycle tests' business
        for method in route.writes:
            payload = route.payload(self.world) if route.payload else {}
            before = _footprint(obj)
            REQUESTS[self.family] += 1
            response, after = _rolled_back(lambda m=method, p=payload: self._send(api, m, url, p), obj)
            self.expect(case, self._refused(response, api), f"{method.upper()} {response.status_code}")
            self.expect(case, after == before, f"{method.upper()} changed something")
            if secret:
                self.expect(case, secret.encode() not in _body(response), f"{method.upper()} shows the title")

    def _send(self, api, method, url, payload):
        client = self.client(api)
        if not api:
            return client.post(url, payload)
        if method == "delete":
            return client.delete(url)
        multipart = any(hasattr(value, "read") for value in payload.values())
        return getattr(client, method)(url, payload, format="multipart" if multipart else "json")

    def expect(self, case, ok, message):
        if not ok:
            self.failures.append(f"{self.role}: {case}: {message}")


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        # the test client closes the response (and its file) once it is read
        return b"".join(response.streaming_content)
    return response.content


PROJECT_APPS = (
    "documents",
    "approvals",
    "signatures",
    "renditions",
    "reviews",
    "reminders",
    "audits",
    "nonconformities",
    "notifications",
    "accounts",
)


@functools.cache
def _project_tables() -> list[str]:
    return sorted(
        {
            model._meta.db_table
            for app in PROJECT_APPS
            for model in apps.get_app_config(app).get_models()
            if model._meta.managed and not model._meta.proxy
        }
    )


def _writes_sql() -> str:
    """PostgreSQL: rows inserted, updated or deleted in the project's tables (history tables
    included) by the current transaction, from its own statistics: one cheap query, where
    counting every table's rows cost about a second per request."""
    tables = ", ".join(f"'{table}'" for table in _project_tables())
    return (
        "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_all_tables "
        f"WHERE schemaname = current_schema() AND relname IN ({tables})"
    )


def _footprint(obj):
    """The object's own row, and a measure of every write made through the connection:
    SQLite's count of changed rows (inserts, updates, deletes) since it opened; on
    PostgreSQL the rows the current transaction inserted, updated or deleted in the
    project's tables. A refused request leaves both as they were."""
    row = None
    if hasattr(obj, "pk"):
        row = type(obj).objects.filter(pk=obj.pk).values().first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT total_changes()" if connection.vendor == "sqlite" else _writes_sql())
        changes = cursor.fetchone()
    return row, changes


def _rolled_back(request, obj):
    """Send one request and undo whatever it did; returns the response and the footprint
    taken before the undo."""

    class Undo(Exception):
        pass

    outcome = {}
    try:
        with transaction.atomic():
            outcome["response"] = request()
            outcome["after"] = _footprint(obj)
            raise Undo
    except Undo:
        pass
    return outcome["response"], outcome["after"]


COUNTS = collections.Counter()  # (route x role x status x confidential) cases, by family
REQUESTS = collections.Counter()
PARAMS = [(role, confidential) for role in ROLES for confidential in (False, True)]


@pytest.mark.parametrize(
    "role,confidential",
    PARAMS,
    ids=[f"{role}-{'confidential' if confidential else 'internal'}" for role, confidential in PARAMS],
)
def test_document_routes(role, confidential, document_worlds):
    world = document_worlds[confidential]
    checker = Checker(world, role, "documents")
    for name, route in DOCUMENT_ROUTES.items():
        for status in KIND_STATUSES[route.kind]:
            secret = world.titles[status]
            if route.kind == "acknowledgement":
                _check_acknowledgements(checker, name, route, status, secret)
                continue
            obj = world.objects[route.kind][status]
            seen = _document_sees(world, route.kind, role, status)
            checker.check(name, route, obj, status, seen=seen, secret=secret)
    assert not checker.failures, "\n".join(checker.failures)


def _check_acknowledgements(checker, name, route, status, secret):
    """An acknowledgement task is its reader's (while they may see its version); someone
    else's is 404 for everyone, QMS officers included."""
    world, role = checker.world, checker.role
    mine = world.acknowledgements[status].get(role)
    if mine is not None:
        seen = _document_sees(world, "version", role, status)
        checker.check(name, route, mine, status, seen=seen, secret=secret, extra="own")
    if status != E:
        return
    other = "staff_granted" if role != "staff_granted" else "staff"
    checker.check(
        name, route, world.acknowledgements[status][other], status, seen=False, secret=secret, extra="other's"
    )


def test_status_page_never_shows_a_confidential_title(document_worlds, client):
    shown = {}
    for confidential, world in document_worlds.items():
        for status, version in world.versions.items():
            link = StatusLink.objects.get(version=version)
            response = client.get(reverse("renditions:status", args=[link.token]))
            assert response.status_code == 200
            body = response.content.decode()
            assert version.document.number in body
            shown[(confidential, status)] = world.titles[status] in body
            COUNTS["status page"] += 1
    assert not any(seen for (confidential, _status), seen in shown.items() if confidential)
    assert all(seen for (confidential, _status), seen in shown.items() if not confidential)


def test_no_role_enters_the_admin(document_worlds):
    world = document_worlds[True]
    document = world.versions[E].document
    url = reverse("admin:documents_document_change", args=[document.pk])
    for role in ROLES:
        response = world.client(role, api=False).get(url)
        assert response.status_code == 302, role
        assert response["Location"].startswith(reverse("admin:login")), role
        assert world.titles[E] not in response.content.decode()


# --- 3. audits -------------------------------------------------------------------------

# role -> (sees the audit, its findings and its report; sees the auditors' working
# papers: checklist and evidence). Auditors and QMS officers see every audit; the audited
# department's members see their audit but not the checklist; nobody else sees anything.
AUDIT_SEES = {
    "officer": (True, True),
    "lead_auditor": (True, True),
    "team_auditor": (True, True),
    "other_auditor": (True, True),
    "auditee": (True, False),
    "approver": (False, False),
    "staff": (False, False),
    "anonymous": (False, False),
}
AUDIT_KIND_STATUSES = {
    "audit": AUDIT_STATUSES,
    "checklist_item": AUDIT_STATUSES,
    # recorded while the audit runs
    "finding": ["in_progress", "reported", "closed"],
    "evidence": ["in_progress", "reported", "closed"],
}
AUDIT_SECRET = "Route matrix SECRET procedure linked to an audit"
# Nobody but officers is granted the confidential document the audits link to.
AUDIT_SECRET_READERS = {"officer"}


class People:
    """Users by role, and a client signed in as one of them."""

    def __init__(self, users, **attributes):
        self.users = {**users, "anonymous": None}
        self.__dict__.update(attributes)

    def client(self, role, api=True):
        client = APIClient() if api else Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


def _audit_world() -> People:
    department = DepartmentFactory(code="KH", name="Phòng Kế hoạch")
    lead, team = qualified_auditor(), qualified_auditor()
    users = {
        "officer": UserFactory(officer=True),
        "lead_auditor": lead,
        "team_auditor": team,
        "other_auditor": UserFactory(auditor=True),
        "auditee": UserFactory(staff=True, departments=[department]),
        "approver": UserFactory(approver=True),
        "staff": UserFactory(staff=True),
    }
    secret = make_document(
        officer=users["officer"], title=AUDIT_SECRET, status=DocumentStatus.EFFECTIVE, confidential=True
    )
    objects = collections.defaultdict(dict)
    for week, status in enumerate(AUDIT_STATUSES):
        start = PLAN_DATE + datetime.timedelta(weeks=week)
        audit = audit_services.audit_plan(
            actor=lead,
            title=f"Đánh giá nội bộ {status}",
            departments=[department],
            planned_start=start,
            planned_end=start + datetime.timedelta(days=1),
            lead_auditor=lead,
            team=[team],
            clauses=[clause("7.5")],
            criteria="TCVN ISO 9001:2015",
        )
        # the plan and a question name a confidential document the auditors were not granted
        audit.documents.add(secret)
        item = audit_services.checklist_item_add(actor=lead, audit=audit, text="Tài liệu có được kiểm soát?")
        type(item).objects.filter(pk=item.pk).update(document=secret)
        objects["audit"][status] = audit
        objects["checklist_item"][status] = item
        if status == "planned":
            continue
        audit = audit_services.audit_start(actor=lead, audit=audit)
        objects["evidence"][status] = audit_services.evidence_attach(
            actor=lead, item=item, uploaded=make_upload("anh-hien-truong.png")
        )
        objects["finding"][status] = audit_services.finding_record(
            actor=lead,
            audit=audit,
            category=Finding.Category.OBSERVATION,
            clause=clause("7.5"),
            department=department,
            statement="Biểu mẫu chưa cập nhật.",
            evidence="Hồ sơ số 15/2026.",
        )
        if status in ISSUED:
            audit_services.report_issue(
                actor=lead, audit=audit, password=PASSWORD, summary="Vận hành tốt.", conclusion="Phù hợp."
            )
        if status == "closed":
            audit_services.audit_close(actor=lead, audit=audit)
    return People(users, objects=objects, department=department)


@pytest.fixture(scope="module")
def audit_world(media_root, django_db_setup, django_db_blocker):
    yield from _module_world(django_db_blocker, _audit_world)


@pytest.mark.parametrize("role", list(AUDIT_SEES))
def test_audit_routes(role, audit_world):
    checker = Checker(audit_world, role, "audits")
    secret = AUDIT_SECRET if role not in AUDIT_SECRET_READERS else ""
    for name, route in AUDIT_ROUTES.items():
        for status in AUDIT_KIND_STATUSES[route.kind]:
            working_papers = route.kind in ("checklist_item", "evidence")
            seen = AUDIT_SEES[role][1 if working_papers else 0]
            obj = audit_world.objects[route.kind][status]
            checker.check(name, route, obj, status, seen=seen, secret=secret, hide_always=True)
    assert not checker.failures, "\n".join(checker.failures)


# --- 3. nonconformities ----------------------------------------------------------------

# Who sees a nonconformity (and its actions and verifications): officers, auditors and
# approvers (management) see every one; its reporter, its owner, the head of its
# department; an action owner once an action is assigned to them. Nobody else, not even
# a colleague of the same department. Citizen feedback: the officers who triage it.
NC_ROLES = [
    "officer",
    "auditor",
    "approver",
    "reporter",
    "owner",
    "head",
    "action_owner",
    "department_member",
    "stranger",
    "author",
    "anonymous",
]
NC_ALWAYS = {"officer", "auditor", "approver", "reporter", "owner", "head"}
WITH_ACTIONS = [NcStatus.ACTION_PLAN, NcStatus.IMPLEMENTING, NcStatus.VERIFICATION, NcStatus.CLOSED]
NC_KIND_STATUSES = {
    "nonconformity": STAGES,
    "action": WITH_ACTIONS,
    "verification": [NcStatus.CLOSED],
    "feedback": ["received", "answered"],
}
NC_SECRET = "Route matrix SECRET procedure linked to a nonconformity"
# The reporter is granted the confidential document they link; the others are not.
NC_SECRET_READERS = {"officer", "reporter"}


def _nc_sees(kind, role, status) -> bool:
    if kind == "feedback":
        return role == "officer"
    return role in NC_ALWAYS or (role == "action_owner" and status in WITH_ACTIONS)


def _nc_at(cast, status, secret) -> Nonconformity:
    nc = report(cast, documents=[secret])
    nc = advance(cast, nc, min(status, NcStatus.IMPLEMENTING, key=STAGES.index))
    for action in nc.actions.all():
        if STAGES.index(status) <= STAGES.index(NcStatus.IMPLEMENTING):
            action.file.save("bien-ban.pdf", ContentFile(sample_pdf("Biên bản")), save=False)
            action.file_name = "bien-ban.pdf"
            action.file_content_type = "application/pdf"
            action.save()
        else:
            nc_services.corrective_action_complete(
                actor=cast.action_owner, action=action, note="Đã lập sổ", evidence=make_upload("bien-ban.pdf")
            )
    if status in (NcStatus.VERIFICATION, NcStatus.CLOSED):
        nc = nc_services.nonconformity_request_verification(actor=cast.owner, nonconformity=nc)
    if status == NcStatus.CLOSED:
        nc_services.nonconformity_verify(
            actor=cast.auditor, nonconformity=nc, effective=True, notes="Đạt", evidence=make_upload("kq.pdf")
        )
    return Nonconformity.objects.get(pk=nc.pk)


def _nc_world() -> People:
    cast = Cast()
    secret = make_document(
        officer=cast.officer, title=NC_SECRET, status=DocumentStatus.EFFECTIVE, confidential=True
    )
    document_grant_read(document=secret, user=cast.reporter)
    users = {
        "officer": cast.officer,
        "auditor": cast.auditor,
        "approver": UserFactory(approver=True),
        "reporter": cast.reporter,
        "owner": cast.owner,
        "head": cast.head,
        "action_owner": cast.action_owner,
        "department_member": UserFactory(staff=True, departments=[cast.department]),
        "stranger": cast.stranger,
        "author": UserFactory(author=True),
    }
    objects = collections.defaultdict(dict)
    for status in STAGES:
        nc = _nc_at(cast, status, secret)
        assert nc.status == status
        objects["nonconformity"][status] = nc
        if status in WITH_ACTIONS:
            objects["action"][status] = nc.actions.order_by("pk").first()
        if status == NcStatus.CLOSED:
            objects["verification"][status] = nc.verifications.get()
    for status in NC_KIND_STATUSES["feedback"]:
        feedback = nc_services.feedback_submit(
            subject="Trả hồ sơ chậm",
            message="Hồ sơ của tôi bị trả chậm 3 ngày.",
            name="Nguyễn Văn A",
            contact="0900000000",
            attachment=make_upload("bien-nhan.png"),
        )
        if status == "answered":
            feedback = nc_services.feedback_answer(actor=cast.officer, feedback=feedback, answer="Đã xử lý.")
        objects["feedback"][status] = feedback
    return People(users, objects=objects, department=cast.department)


@pytest.fixture(scope="module")
def nc_world(media_root, django_db_setup, django_db_blocker):
    yield from _module_world(django_db_blocker, _nc_world)


@pytest.mark.parametrize("role", NC_ROLES)
def test_nonconformity_routes(role, nc_world):
    checker = Checker(nc_world, role, "nonconformities")
    secret = NC_SECRET if role not in NC_SECRET_READERS else ""
    for name, route in NC_ROUTES.items():
        for status in NC_KIND_STATUSES[route.kind]:
            seen = role != "anonymous" and _nc_sees(route.kind, role, status)
            obj = nc_world.objects[route.kind][status]
            checker.check(name, route, obj, status, seen=seen, secret=secret, hide_always=True)
    assert not checker.failures, "\n".join(checker.failures)


# --- the other routes with an id -------------------------------------------------------


def _other_objects(world) -> dict:
    officer = world.users["officer"]
    version = world.versions[E]
    return {
        "route_template": RouteTemplate.objects.order_by("pk").first()
        or RouteTemplate.objects.create(name="Tuyến duyệt mặc định"),
        "department": world.department,
        "distribution_default": DistributionDefault.objects.create(
            doc_type=DocumentTypeFactory(), department=world.department
        ),
        "document_type": DocumentTypeFactory(),
        "clause": clause("7.5"),
        "programme": audit_services.programme_create(actor=officer, year=2026).year,
        "checklist_template": audit_services.checklist_template_create(actor=officer, title="Danh mục"),
        "user": world.users["auditor"],
        "reminder": Reminder.objects.create(
            kind="document.review_due",
            content_type=ContentType.objects.get_for_model(Document),
            object_id=version.document_id,
            due_key="review:2026-01-01",
            recipient=world.users["staff"],
            due_date=timezone.localdate(),
            status="failed",
        ),
        "notification": Notification.objects.create(
            recipient=world.users[NOTIFIED],
            kind="acknowledgement.task",
            subject="Mời đọc",
            message="Mời đọc tài liệu.",
            url=reverse("documents:version_detail", args=[version.pk]),
        ),
    }


@pytest.fixture(scope="module")
def other_world(document_worlds, django_db_blocker):
    world = document_worlds[False]

    def build():
        world.others = _other_objects(world)
        return world

    yield from _module_world(django_db_blocker, build)


@pytest.mark.parametrize("role", ROLES)
def test_other_routes(role, other_world):
    checker = Checker(other_world, role, "other")
    for name, route in OTHER_ROUTES.items():
        obj = other_world.others[route.kind]
        if route.read:
            read_only = Route(route.kind, route.read, right=route.right)
            seen = role != "anonymous" and route.right(role, None) is not None
            checker.check(name, read_only, obj, "", seen=seen)
        if route.writes:
            writes = Route(route.kind, None, route.writes, payload=route.payload)
            seen = role in OTHER_WRITERS[name]
            checker.check(name, writes, obj, "", seen=seen)
    assert not checker.failures, "\n".join(checker.failures)


def test_matrix_size(capsys):
    """Reports how many (route x role x status x confidential) cases the tests above
    checked, and with how many requests (run the whole module for the full figure)."""
    with capsys.disabled():
        print(
            f"\nroute matrix: {sum(COUNTS.values())} cases, {sum(REQUESTS.values())} requests; "
            f"cases by family: {dict(COUNTS)}"
        )
    assert all(count > 0 for count in COUNTS.values())
