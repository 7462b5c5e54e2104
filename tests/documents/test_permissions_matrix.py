"""Who sees and does what: every role x version status x confidentiality x action,
through the selectors, the REST API and the web UI. Any leak fails.

The expected table (VISIBLE below) is written out by hand from issues 2 and 10,
independently of documents.permissions:
- every signed-in user reads effective versions of documents not marked confidential;
- drafts, versions in review and approved-not-yet-effective versions: their author,
  approvers and QMS officers; superseded and obsolete versions: QMS officers and auditors;
- a confidential document narrows every status alike: only officers and those granted it
  (the user, or a department/group they belong to) keep what their role gives them;
- the author of a version keeps seeing it until it is approved and effective;
- an approver *named* on a version's route sees it while it is in review, granted or not;
- anyone else: 404, as if the object did not exist.
"""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from documents import services
from documents.models import Document, DocumentGroupObjectPermission, DocumentUserObjectPermission
from documents.permissions import document_grant_read
from documents.selectors import document_list_visible_to, version_list_visible_to
from documents.workflow import DocumentStatus
from tests.documents.factories import (
    PASSWORD,
    DepartmentFactory,
    UserFactory,
    advance_version,
    make_document,
    make_upload,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"

ROLES = [
    "officer",
    "approver",
    "approver_granted",
    "approver_named",
    "author_of_version",
    "other_author",
    "auditor",
    "auditor_granted",
    "staff",
    "staff_granted",
    "staff_of_granted_department",
    "anonymous",
]
STATUSES = [
    DocumentStatus.DRAFT,
    DocumentStatus.IN_REVIEW,
    DocumentStatus.APPROVED,
    DocumentStatus.EFFECTIVE,
    DocumentStatus.SUPERSEDED,
    DocumentStatus.OBSOLETE,
]
UNAPPROVED = {DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW, DocumentStatus.APPROVED}
HISTORICAL = {DocumentStatus.SUPERSEDED, DocumentStatus.OBSOLETE}
GRANTED_ROLES = {"staff_granted", "staff_of_granted_department", "approver_granted", "auditor_granted"}

D, R, A, E, S, OB = (
    DocumentStatus.DRAFT,
    DocumentStatus.IN_REVIEW,
    DocumentStatus.APPROVED,
    DocumentStatus.EFFECTIVE,
    DocumentStatus.SUPERSEDED,
    DocumentStatus.OBSOLETE,
)
# role -> (statuses seen on an internal document, statuses seen on a confidential one)
VISIBLE = {
    "officer": ({D, R, A, E, S, OB}, {D, R, A, E, S, OB}),
    "approver": ({D, R, A, E}, set()),
    "approver_granted": ({D, R, A, E}, {D, R, A, E}),
    "approver_named": ({D, R, A, E}, {R}),
    "author_of_version": ({D, R, A, E}, {D, R, A}),
    "other_author": ({E}, set()),
    "auditor": ({E, S, OB}, set()),
    "auditor_granted": ({E, S, OB}, {E, S, OB}),
    "staff": ({E}, set()),
    "staff_granted": ({E}, {E}),
    "staff_of_granted_department": ({E}, {E}),
    "anonymous": (set(), set()),
}

# (action, the status it starts from) -> roles that may fire it (when they can see the
# version). Approve and return are signatures on the default approval route (one stage:
# any approver); a withdrawal is signed by an officer (approve and withdraw rights).
MAY_FIRE = {
    ("submit", DocumentStatus.DRAFT): {"officer", "author_of_version"},
    ("approve", DocumentStatus.IN_REVIEW): {"approver", "approver_granted", "approver_named"},
    ("reject", DocumentStatus.IN_REVIEW): {"approver", "approver_granted", "approver_named"},
    ("publish", DocumentStatus.APPROVED): {"officer"},
    ("withdraw", DocumentStatus.APPROVED): {"officer"},
    ("withdraw", DocumentStatus.EFFECTIVE): {"officer"},
}
PAYLOADS = {
    "submit": {},
    "approve": {"comment": "Đồng ý", "password": PASSWORD},
    "reject": {"comment": "Bổ sung lưu đồ", "password": PASSWORD},
    "publish": {},
    "withdraw": {"reason": "Hết hiệu lực", "password": PASSWORD},
}
# Where the web UI fires each action: plain transitions on the version page, signatures
# on the approvals pages.
UI_ACTIONS = {
    "submit": ("documents:transition", {"action": "submit"}, {}),
    "approve": ("approvals:sign", {}, {"decision": "approve", "comment": "", "password": PASSWORD}),
    "reject": (
        "approvals:sign",
        {},
        {"decision": "request_changes", "comment": "Bổ sung lưu đồ", "password": PASSWORD},
    ),
    "publish": ("documents:transition", {"action": "publish"}, {}),
    "withdraw": ("approvals:withdraw", {}, {"reason": "Hết hiệu lực", "password": PASSWORD}),
}
EDITORS = {"officer", "author_of_version"}


def may_see(role, status, confidential) -> bool:
    return status in VISIBLE[role][1 if confidential else 0]


class World:
    """Six documents, one per status of the version under test, all confidential or not,
    each version written by the same author; every role as a user."""

    def __init__(self, confidential):
        setup_officer = UserFactory(officer=True)
        setup_approver = UserFactory(approver=True)
        self.department = DepartmentFactory(code="TC", name="Tổ chức cán bộ")
        self.users = {
            "officer": UserFactory(officer=True),
            "approver": UserFactory(approver=True),
            "approver_granted": UserFactory(approver=True),
            "approver_named": UserFactory(approver=True),
            "author_of_version": UserFactory(author=True),
            "other_author": UserFactory(author=True),
            "auditor": UserFactory(auditor=True),
            "auditor_granted": UserFactory(auditor=True),
            "staff": UserFactory(staff=True),
            "staff_granted": UserFactory(staff=True),
            "staff_of_granted_department": UserFactory(staff=True, departments=[self.department]),
            "anonymous": AnonymousUser(),
        }
        self.confidential = confidential
        self.versions = {}
        self.attachments = {}
        for status in STATUSES:
            document = make_document(
                officer=setup_officer,
                approver=setup_approver,
                author=self.users["author_of_version"],
                title=f"Quy trình {status}",
                status=DocumentStatus.DRAFT,
                confidential=confidential,
            )
            # a form attached to the draft, then the version taken to the status under test
            self.attachments[status] = services.version_attachment_add(
                actor=self.users["author_of_version"],
                version=document.versions.get(),
                file=make_upload("bieu-mau.pdf", text="Biểu mẫu"),
            )
            advance_version(document.versions.get(), status, officer=setup_officer, approver=setup_approver)
            if confidential:
                for role in ("staff_granted", "approver_granted", "auditor_granted"):
                    document_grant_read(document=document, user=self.users[role])
                document_grant_read(document=document, department=self.department)
            version = document.versions.get(revision=1)
            # named on the first stage of the version's route (any status: it counts only
            # while the version is in review)
            version.route.stages.order_by("position").first().users.add(self.users["approver_named"])
            self.versions[status] = version

    def document_visible(self, role, status) -> bool:
        document = self.versions[status].document
        return any(may_see(role, v.status, self.confidential) for v in document.versions.all())

    def client(self, role, api=True):
        client = APIClient() if api else Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


def _state(version):
    version.refresh_from_db()
    return (version.status, version.body)


def _rolled_back(request):
    """Run one request whose effects are undone, so every case starts from the same world."""

    class Undo(Exception):
        pass

    outcome = {}
    try:
        with transaction.atomic():
            outcome["response"] = request()
            raise Undo
    except Undo:
        pass
    return outcome["response"]


def _expected_transition(role, status, action, confidential):
    """(API answers allowed, whether the version moves). A user who cannot see the version
    gets 404; one who sees it but may not act gets 404 or a 409 with the reason."""
    if not may_see(role, status, confidential):
        return {404}, False
    if role in MAY_FIRE.get((action, status), ()):
        return {200}, True
    return {404, 409}, False


def _expected_edit(role, status, confidential):
    if not may_see(role, status, confidential):
        return 404, False
    if status != DocumentStatus.DRAFT:
        return 409, False
    return (200, True) if role in EDITORS else (404, False)


PARAMS = [(role, confidential) for role in ROLES for confidential in (False, True)]


def _ids(params):
    role, confidential = params
    return f"{role}-{'confidential' if confidential else 'internal'}"


@pytest.mark.parametrize("role,confidential", PARAMS, ids=[_ids(p) for p in PARAMS])
def test_selectors_and_api(role, confidential):
    world = World(confidential)
    user = world.users[role]
    client = world.client(role)
    leaks = []

    def check(case, actual, expected):
        if actual != expected:
            leaks.append(f"{case}: got {actual!r}, expected {expected!r}")

    visible_versions = set(version_list_visible_to(user).values_list("pk", flat=True))
    visible_documents = set(document_list_visible_to(user).values_list("pk", flat=True))
    listed = client.get(f"{API}/versions/", {"page_size": 100})
    listed_documents = client.get(f"{API}/documents/", {"page_size": 100})
    if role == "anonymous":
        check("api list", listed.status_code, 401)
        check("api document list", listed_documents.status_code, 401)
        api_versions = api_documents = set()
    else:
        api_versions = {row["id"] for row in listed.json()["results"]}
        api_documents = {row["id"] for row in listed_documents.json()["results"]}

    for status in STATUSES:
        version = world.versions[status]
        see = may_see(role, status, confidential)
        see_document = world.document_visible(role, status)
        url = f"{API}/versions/{version.pk}"
        # list and view
        check(f"{status} selector list", version.pk in visible_versions, see)
        check(f"{status} selector document list", version.document_id in visible_documents, see_document)
        check(f"{status} api list", version.pk in api_versions, see)
        check(f"{status} api document list", version.document_id in api_documents, see_document)
        expected_view = 200 if see else (404 if role != "anonymous" else None)
        view = client.get(f"{url}/")
        document_view = client.get(f"{API}/documents/{version.document_id}/")
        download = client.get(f"{url}/download/")
        if role == "anonymous":
            for name, response in [("view", view), ("document", document_view), ("download", download)]:
                check(f"{status} api {name}", response.status_code, 401)
        else:
            check(f"{status} api view", view.status_code, expected_view)
            check(f"{status} api document view", document_view.status_code, 200 if see_document else 404)
            check(f"{status} api download", download.status_code, expected_view)
        if see and download.status_code == 200:
            check(f"{status} download bytes", b"".join(download.streaming_content)[:5], b"%PDF-")
        if view.status_code == 200:
            listed_attachments = [a["id"] for a in view.json()["attachments"]]
            check(f"{status} api attachments", listed_attachments, [world.attachments[status].pk])
        # edit
        before = _state(version)
        response = _rolled_back(
            lambda url=url: client.patch(f"{url}/", {"body": "sửa"}, format="json")  # noqa: B023
        )
        if role == "anonymous":
            check(f"{status} api edit", response.status_code, 401)
        else:
            check(f"{status} api edit", response.status_code, _expected_edit(role, status, confidential)[0])
        check(f"{status} api edit leaves no trace", _state(version), before)
        # transitions
        for action, payload in PAYLOADS.items():
            response = _rolled_back(
                lambda url=url, action=action, payload=payload: client.post(  # noqa: B023
                    f"{url}/{action}/", payload, format="json"
                )
            )
            if role == "anonymous":
                check(f"{status} api {action}", response.status_code, 401)
                continue
            expected_codes, _moves = _expected_transition(role, status, action, confidential)
            check(f"{status} api {action}", response.status_code in expected_codes, True)
            if response.status_code == 200:
                check(f"{status} api {action} reason", response.json()["status"] != status, True)
            elif response.status_code == 409:
                check(f"{status} api {action} says why", bool(response.json().get("detail")), True)
            check(f"{status} api {action} rolled back", _state(version), before)
    assert leaks == []


@pytest.mark.parametrize("role,confidential", PARAMS, ids=[_ids(p) for p in PARAMS])
def test_web_ui(role, confidential):
    world = World(confidential)
    client = world.client(role, api=False)
    login_url = reverse("login")
    leaks = []

    def check(case, actual, expected):
        if actual != expected:
            leaks.append(f"{case}: got {actual!r}, expected {expected!r}")

    def refused(response):
        """404 for a signed-in user; the login page for an anonymous one."""
        if role == "anonymous":
            return response.status_code == 302 and response["Location"].startswith(login_url)
        return response.status_code == 404

    listing = client.get(reverse("documents:list"))
    listed = set()
    if role == "anonymous":
        check("ui list", refused(listing), True)
    else:
        listed = {document.pk for document in listing.context["page"].object_list}

    for status in STATUSES:
        version = world.versions[status]
        see = may_see(role, status, confidential)
        see_document = world.document_visible(role, status)
        check(f"{status} ui list", version.document_id in listed, see_document)
        pages = {
            "document": (reverse("documents:detail", args=[version.document_id]), see_document),
            "version": (reverse("documents:version_detail", args=[version.pk]), see),
            "download": (reverse("documents:download", args=[version.pk]), see),
            "attachment": (
                reverse("documents:attachment_download", args=[world.attachments[status].pk]),
                see,
            ),
        }
        for name, (url, allowed) in pages.items():
            response = client.get(url)
            check(f"{status} ui {name}", response.status_code == 200 if allowed else refused(response), True)
        # edit: a draft by its author or an officer; otherwise nothing changes
        before = _state(version)
        edit_url = reverse("documents:version_edit", args=[version.pk])
        outcome = {}

        def post_edit(edit_url=edit_url, outcome=outcome, version=version):
            outcome["response"] = client.post(edit_url, {"body": "sửa", "change_summary": "x"})
            outcome["state"] = _state(version)
            return outcome["response"]

        response = _rolled_back(post_edit)
        expected_code, changes = _expected_edit(role, status, confidential)
        if expected_code == 404 or role == "anonymous":
            check(f"{status} ui edit", refused(response), True)
        check(f"{status} ui edit changes", outcome["state"] != before, changes)
        check(f"{status} ui edit rolled back", _state(version), before)
        # transitions
        for action, (url_name, url_kwargs, payload) in UI_ACTIONS.items():
            transition_url = reverse(url_name, kwargs={"pk": version.pk, **url_kwargs})
            outcome = {}

            def post_transition(
                transition_url=transition_url, payload=payload, outcome=outcome, version=version
            ):
                outcome["response"] = client.post(transition_url, payload)
                outcome["state"] = _state(version)
                return outcome["response"]

            response = _rolled_back(post_transition)
            expected_codes, moves = _expected_transition(role, status, action, confidential)
            if expected_codes == {404} or role == "anonymous":
                check(f"{status} ui {action}", refused(response), True)
            elif moves:
                check(f"{status} ui {action}", response.status_code, 302)
            else:  # refused with a message (redirect), the form again, or 404
                check(f"{status} ui {action}", response.status_code in (200, 302, 404), True)
            check(f"{status} ui {action} moves", outcome["state"][0] != status, moves and role != "anonymous")
        # the plain transition URL never approves, returns or withdraws: signatures only
        for action in ("approve", "reject", "withdraw"):
            outcome = {}

            def post_plain(action=action, outcome=outcome, version=version):
                url = reverse("documents:transition", args=[version.pk, action])
                outcome["response"] = client.post(url, PAYLOADS[action])
                outcome["state"] = _state(version)
                return outcome["response"]

            response = _rolled_back(post_plain)
            if not see:
                check(f"{status} ui plain {action}", refused(response), True)
            check(f"{status} ui plain {action} moves", outcome["state"][0] != status, False)
    assert leaks == []


def test_model_wide_view_document_permission_opens_no_confidential_document():
    # given: a staff user holding documents.view_document for the whole model
    staff = UserFactory(staff=True)
    staff.user_permissions.add(
        Permission.objects.get(codename="view_document", content_type__app_label="documents")
    )
    staff = type(staff).objects.get(pk=staff.pk)  # fresh permission cache
    assert staff.has_perm("documents.view_document")
    confidential = make_document(status=DocumentStatus.EFFECTIVE, confidential=True)
    internal = make_document(status=DocumentStatus.EFFECTIVE)
    # when
    visible = set(document_list_visible_to(staff))
    api = APIClient()
    api.force_login(staff)
    response = api.get(f"{API}/versions/{confidential.versions.get().pk}/download/")
    # then
    assert visible == {internal}
    assert response.status_code == 404


def test_object_permission_on_one_document_opens_only_that_one():
    staff = UserFactory(staff=True)
    granted = make_document(status=DocumentStatus.EFFECTIVE, confidential=True)
    other = make_document(status=DocumentStatus.EFFECTIVE, confidential=True)
    document_grant_read(document=granted, user=staff)
    assert set(document_list_visible_to(staff)) == {granted}
    assert other not in set(document_list_visible_to(staff))


def test_guardian_rows_go_with_their_document_and_never_open_a_reused_key():
    # given: a document without versions, granted to a user and a department
    officer = UserFactory(officer=True)
    department = DepartmentFactory(code="KT")
    reader = UserFactory(staff=True, departments=[department])
    document = make_document(officer=officer, confidential=True, status=DocumentStatus.DRAFT)
    document_grant_read(document=document, user=reader)
    document_grant_read(document=document, department=department)
    old_pk = document.pk
    assert DocumentUserObjectPermission.objects.filter(content_object_id=old_pk).count() == 1
    # when
    document.versions.all().delete()
    Document.objects.filter(pk=old_pk).delete()
    # then
    assert not DocumentUserObjectPermission.objects.filter(content_object_id=old_pk).exists()
    assert not DocumentGroupObjectPermission.objects.filter(content_object_id=old_pk).exists()
    newcomer = make_document(officer=officer, confidential=True, status=DocumentStatus.EFFECTIVE)
    assert newcomer not in set(document_list_visible_to(reader))


def test_inactive_user_sees_nothing():
    officer = UserFactory(officer=True)
    make_document(officer=officer, status=DocumentStatus.EFFECTIVE)
    officer.is_active = False
    officer.save()
    assert not version_list_visible_to(officer).exists()
    assert not document_list_visible_to(officer).exists()


def test_a_named_signer_sees_the_revision_in_review_not_the_confidential_effective_version():
    # given: a confidential document, revision 01 effective, revision 02 in review, one
    # approver named on its route, another approver neither named nor granted
    officer = UserFactory(officer=True)
    document = make_document(officer=officer, status=DocumentStatus.EFFECTIVE, confidential=True)
    services.version_create_draft(
        actor=officer, document=document, file=make_upload("v2.pdf"), change_summary="Sửa đổi"
    )
    rev2 = document.versions.get(revision=2)
    named = UserFactory(approver=True)
    rev2.route.stages.order_by("position").first().users.add(named)
    services.version_submit(actor=officer, version=rev2)
    stranger = UserFactory(approver=True)
    api = APIClient()
    # when: the named signer looks
    api.force_login(named)
    listed = api.get(f"{API}/documents/").json()["results"]
    shown = api.get(f"{API}/documents/{document.pk}/").json()
    # then: the document is listed for its revision in review, without its effective version
    assert [row["id"] for row in listed] == [document.pk]
    assert listed[0]["effective_version"] is None
    assert shown["effective_version"] is None
    rev1 = document.versions.get(revision=1)
    assert api.get(f"{API}/versions/{rev1.pk}/").status_code == 404
    assert api.get(f"{API}/versions/{rev2.pk}/").status_code == 200
    # when: the other approver looks, then: nothing at all
    api.force_login(stranger)
    assert api.get(f"{API}/documents/").json()["results"] == []
    for pk in (rev1.pk, rev2.pk):
        assert api.get(f"{API}/versions/{pk}/").status_code == 404
        assert api.get(f"{API}/versions/{pk}/download/").status_code == 404
    assert api.get(f"{API}/documents/{document.pk}/").status_code == 404
