"""Distribution and read-acknowledgement: tasks when a version becomes effective, closed
when superseded or withdrawn, completion per department, CSV of the outstanding."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from approvals import selectors, services
from approvals.models import Acknowledgement
from documents import services as document_services
from documents.workflow import DocumentStatus
from tests.approvals.factories import approve_through_route, make_effective_document, withdraw_with_signature
from tests.documents.factories import DepartmentFactory, UserFactory, make_document, make_upload

pytestmark = pytest.mark.django_db


def distributed_document(officer, departments=(), groups=()):
    document = make_document(officer=officer, status=DocumentStatus.DRAFT)
    services.distribution_set(actor=officer, document=document, departments=departments, groups=groups)
    version = document.versions.get()
    document_services.version_submit(actor=officer, version=version)
    approve_through_route(version)
    return document


def test_readers_of_departments_and_groups_get_one_task_each_when_the_version_becomes_effective():
    # given two departments and a group on the distribution, one user in both a department and the group
    officer = UserFactory(officer=True)
    kt, tc = DepartmentFactory(code="KT"), DepartmentFactory(code="TC")
    auditors = Group.objects.create(name="Kiểm soát nội bộ")
    a, b = UserFactory(staff=True, departments=[kt]), UserFactory(staff=True, departments=[tc])
    both = UserFactory(staff=True, departments=[kt])
    both.groups.add(auditors)
    group_only = UserFactory(staff=True, departments=[tc])
    group_only.groups.add(auditors)
    outsider = UserFactory(staff=True)
    # when the version becomes effective
    document = distributed_document(officer, departments=[kt], groups=[auditors])
    version = document.versions.get()
    # then every reader has exactly one open task, counted in their department
    tasks = {ack.user: ack.department for ack in Acknowledgement.objects.filter(version=version)}
    assert tasks == {a: kt, both: kt, group_only: tc}
    assert b not in tasks and outsider not in tasks
    assert a.notifications.filter(kind="acknowledgement.task").count() == 1
    assert [ack.version for ack in selectors.acknowledgements_outstanding_for(a)] == [version]


def test_acknowledging_is_one_click_records_the_time_and_completion_counts_per_department():
    officer = UserFactory(officer=True)
    kt, tc = DepartmentFactory(code="KT"), DepartmentFactory(code="TC")
    readers = [UserFactory(staff=True, departments=[kt]) for _ in range(3)] + [
        UserFactory(staff=True, departments=[tc])
    ]
    document = distributed_document(officer, departments=[kt, tc])
    version = document.versions.get()
    ack = Acknowledgement.objects.get(version=version, user=readers[0])
    services.acknowledgement_confirm(actor=readers[0], acknowledgement=ack)
    services.acknowledgement_confirm(actor=readers[0], acknowledgement=ack)  # twice is harmless
    ack.refresh_from_db()
    assert ack.status == Acknowledgement.Status.ACKNOWLEDGED and ack.acknowledged_at is not None
    with pytest.raises(PermissionDenied):
        services.acknowledgement_confirm(actor=readers[1], acknowledgement=ack)
    rows = {
        row.department.code: (row.acknowledged, row.total, row.percent)
        for row in selectors.acknowledgement_completion(version)
    }
    assert rows == {"KT": (1, 3, 33), "TC": (0, 1, 0)}


def test_a_new_effective_version_closes_the_old_tasks_as_superseded_and_opens_new_ones():
    officer = UserFactory(officer=True)
    kt = DepartmentFactory(code="KT")
    reader = UserFactory(staff=True, departments=[kt])
    document = distributed_document(officer, departments=[kt])
    old = document.versions.get()
    new = document_services.version_create_draft(
        actor=officer, document=document, file=make_upload("v2.pdf"), change_summary="Sửa đổi"
    )
    document_services.version_submit(actor=officer, version=new)
    approve_through_route(new)
    assert Acknowledgement.objects.get(version=old, user=reader).status == Acknowledgement.Status.SUPERSEDED
    assert Acknowledgement.objects.get(version=new, user=reader).status == Acknowledgement.Status.OPEN
    assert [a.version for a in selectors.acknowledgements_outstanding_for(reader)] == [new]


def test_withdrawal_closes_open_tasks():
    officer = UserFactory(officer=True)
    kt = DepartmentFactory(code="KT")
    reader = UserFactory(staff=True, departments=[kt])
    document = distributed_document(officer, departments=[kt])
    withdraw_with_signature(document.versions.get(), officer=officer)
    assert Acknowledgement.objects.get(user=reader).status == Acknowledgement.Status.WITHDRAWN
    assert not selectors.acknowledgements_outstanding_for(reader).exists()


def test_adding_a_department_to_an_effective_document_gives_its_members_their_task():
    officer = UserFactory(officer=True)
    kt = DepartmentFactory(code="KT")
    reader = UserFactory(staff=True, departments=[kt])
    document = make_effective_document(officer=officer)
    assert not Acknowledgement.objects.exists()
    services.distribution_set(actor=officer, document=document, departments=[kt], groups=[])
    assert Acknowledgement.objects.get().user == reader
    with pytest.raises(PermissionDenied):
        services.distribution_set(actor=reader, document=document, departments=[], groups=[])


def test_confidential_documents_give_tasks_only_to_readers_allowed_to_open_them():
    from documents.permissions import document_grant_read

    officer = UserFactory(officer=True)
    kt = DepartmentFactory(code="KT")
    allowed, barred = UserFactory(staff=True, departments=[kt]), UserFactory(staff=True, departments=[kt])
    document = make_effective_document(officer=officer, confidential=True)
    document_grant_read(document=document, user=allowed)
    services.distribution_set(actor=officer, document=document, departments=[kt], groups=[])
    assert list(Acknowledgement.objects.values_list("user", flat=True)) == [allowed.pk]
    assert barred.pk not in Acknowledgement.objects.values_list("user", flat=True)


def test_officer_completion_page_and_outstanding_csv(client):
    officer = UserFactory(officer=True)
    kt = DepartmentFactory(code="KT", name="Kế toán")
    done, waiting = (
        UserFactory(staff=True, departments=[kt]),
        UserFactory(staff=True, departments=[kt], username="=cmd", first_name="Hà", last_name="Trần"),
    )
    document = distributed_document(officer, departments=[kt])
    services.acknowledgement_confirm(actor=done, acknowledgement=Acknowledgement.objects.get(user=done))
    client.force_login(officer)
    page = client.get(reverse("approvals:acknowledgement_report", args=[document.pk]))
    assert page.status_code == 200
    assert "1 of 2 readers" in page.content.decode()
    csv = client.get(reverse("approvals:acknowledgement_csv", args=[document.pk])).content.decode("utf-8-sig")
    lines = csv.strip().splitlines()
    assert len(lines) == 2
    assert "'=cmd" in lines[1] and "Hà Trần" in lines[1] and done.username not in csv
    # readers who are not officers get 404 for both
    client.force_login(waiting)
    assert client.get(reverse("approvals:acknowledgement_report", args=[document.pk])).status_code == 404
    assert client.get(reverse("approvals:acknowledgement_csv", args=[document.pk])).status_code == 404


def test_reader_acknowledges_from_the_home_page(client):
    officer = UserFactory(officer=True)
    kt = DepartmentFactory(code="KT")
    reader = UserFactory(staff=True, departments=[kt])
    document = distributed_document(officer, departments=[kt])
    client.force_login(reader)
    home = client.get(reverse("home")).content.decode()
    assert document.number in home and "To read and acknowledge" in home
    ack = Acknowledgement.objects.get(user=reader)
    response = client.post(reverse("approvals:acknowledge", args=[ack.pk]), {"next": "/"})
    assert response.status_code == 302 and response.url == "/"
    assert "To read and acknowledge" not in client.get(reverse("home")).content.decode()
    other = UserFactory(staff=True)
    client.force_login(other)
    assert client.post(reverse("approvals:acknowledge", args=[ack.pk])).status_code == 404
