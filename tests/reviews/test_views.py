import datetime

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse

from documents.workflow import DocumentStatus
from qms.ui import panels_for
from reviews.models import Outcome, PeriodicReview
from tests.documents.factories import DepartmentFactory, UserFactory
from tests.reviews.factories import effective_document, effective_version

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 9, 1, 9, 0)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _date(days):
    return TODAY.date() + datetime.timedelta(days=days)


def test_due_page_lists_reviews_due_in_the_next_30_days_only(client):
    # given documents due in 10, 30 and 31 days, and one overdue
    officer = UserFactory(officer=True)
    in_10 = effective_document(next_review_date=_date(10), title="Mười ngày")
    in_30 = effective_document(next_review_date=_date(30), title="Ba mươi ngày")
    in_31 = effective_document(next_review_date=_date(31), title="Ba mươi mốt ngày")
    late = effective_document(next_review_date=_date(-3), title="Quá hạn")
    client.force_login(officer)
    # when the officer opens the due page
    page = client.get(reverse("reviews:due")).content.decode()
    # then it lists the first two, soonest first, with dates dd/mm/yyyy
    assert in_10.number in page and in_30.number in page
    assert in_31.number not in page and late.number not in page
    assert page.index(in_10.number) < page.index(in_30.number)
    assert _date(10).strftime("%d/%m/%Y") in page


def test_overdue_page_groups_by_department_and_owner_and_filters(client):
    officer = UserFactory(officer=True)
    finance = DepartmentFactory(code="KT", name="Phòng Kế toán")
    office = DepartmentFactory(code="VP", name="Văn phòng")
    lan = UserFactory(username="lan", first_name="Lan", last_name="Trần", departments=[finance])
    minh = UserFactory(username="minh", first_name="Minh", last_name="Lê", departments=[office])
    a = effective_document(owner=lan, department=finance, next_review_date=_date(-40))
    b = effective_document(owner=minh, department=office, next_review_date=_date(-5))
    due = effective_document(owner=minh, department=office, next_review_date=_date(5))
    client.force_login(officer)
    page = client.get(reverse("reviews:overdue")).content.decode()
    finance_heading, office_heading = "<h3>Phòng Kế toán</h3>", "<h3>Văn phòng</h3>"
    assert (
        page.index(finance_heading) < page.index(a.number) < page.index(office_heading) < page.index(b.number)
    )
    assert page.index("Trần") < page.index(a.number)
    assert due.number not in page
    filtered = client.get(reverse("reviews:overdue"), {"department": office.pk}).content.decode()
    assert b.number in filtered and a.number not in filtered
    by_owner = client.get(reverse("reviews:overdue"), {"owner": lan.pk}).content.decode()
    assert a.number in by_owner and b.number not in by_owner


def test_list_pages_do_not_show_confidential_documents_to_readers(client):
    # given a confidential document due soon, and a staff reader without access
    document = effective_document(next_review_date=_date(3), title="Hồ sơ mật")
    document.confidentiality = "confidential"
    document.save(update_fields=["confidentiality"])
    client.force_login(UserFactory(staff=True))
    assert document.number not in client.get(reverse("reviews:due")).content.decode()
    assert client.get(reverse("reviews:version", args=[effective_version(document).pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["reviews:due", "reviews:overdue", "reviews:recent"])
def test_list_pages_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, url_name):
    officer = UserFactory(officer=True)
    for index in range(25):
        days = -(index + 1) if url_name == "reviews:overdue" else index + 1
        document = effective_document(next_review_date=_date(days))
        if url_name == "reviews:recent":
            PeriodicReview.objects.create(
                version=effective_version(document),
                due_date=_date(days),
                outcome=Outcome.NO_CHANGE,
                reviewed_by=officer,
                next_review_date=_date(365),
            )
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_owner_records_no_change_on_the_review_page(client):
    # given the owner of a document due in 7 days
    owner = UserFactory(author=True)
    version = effective_version(effective_document(owner=owner, next_review_date=_date(7)))
    client.force_login(owner)
    # when they record "no change"
    response = client.post(
        reverse("reviews:version", args=[version.pk]),
        {"outcome": Outcome.NO_CHANGE, "comment": "Còn phù hợp"},
    )
    # then they are sent back to the page, which shows the new date and the review
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "01/09/2027" in page
    assert "Còn phù hợp" in page


def test_revise_without_comment_shows_a_form_error_and_records_nothing(client):
    owner = UserFactory(author=True)
    version = effective_version(effective_document(owner=owner, next_review_date=_date(7)))
    client.force_login(owner)
    response = client.post(reverse("reviews:version", args=[version.pk]), {"outcome": Outcome.REVISE})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not PeriodicReview.objects.exists()


def test_revise_on_the_page_opens_a_draft(client):
    owner = UserFactory(author=True)
    version = effective_version(effective_document(owner=owner, next_review_date=_date(7)))
    client.force_login(owner)
    client.post(
        reverse("reviews:version", args=[version.pk]), {"outcome": Outcome.REVISE, "comment": "Sửa bước 3"}
    )
    assert version.document.versions.filter(status=DocumentStatus.DRAFT, revision=2).exists()


def test_a_reader_sees_no_form_and_cannot_post(client):
    version = effective_version(effective_document(next_review_date=_date(7)))
    reader = UserFactory(staff=True)
    client.force_login(reader)
    page = client.get(reverse("reviews:version", args=[version.pk]))
    assert page.status_code == 200
    assert 'name="outcome"' not in page.content.decode()
    response = client.post(reverse("reviews:version", args=[version.pk]), {"outcome": Outcome.NO_CHANGE})
    assert response.status_code == 404
    assert not PeriodicReview.objects.exists()


def test_home_panel_lists_my_own_due_and_overdue_reviews_only():
    owner = UserFactory(author=True)
    mine_due = effective_document(owner=owner, next_review_date=_date(20))
    mine_late = effective_document(owner=owner, next_review_date=_date(-2))
    mine_later = effective_document(owner=owner, next_review_date=_date(200))
    someone_elses = effective_document(next_review_date=_date(3))
    request = RequestFactory().get("/")
    request.user = owner
    (context,) = [
        ctx for template, ctx in panels_for("home", request) if template == "reviews/panels/my_reviews.html"
    ]
    numbers = [version.document.number for version in context["versions"]]
    assert numbers == [mine_late.number, mine_due.number]
    assert mine_later.number not in numbers and someone_elses.number not in numbers


def test_home_page_shows_my_reviews_panel(client):
    owner = UserFactory(author=True)
    document = effective_document(owner=owner, next_review_date=_date(-2))
    client.force_login(owner)
    page = client.get(reverse("home")).content.decode()
    panel = page[page.index("My periodic reviews") :]
    assert document.number in panel
    assert "overdue since" in panel
    assert reverse("reviews:version", args=[effective_version(document).pk]) in panel


def test_version_page_shows_the_review_panel_to_the_owner(client):
    owner = UserFactory(author=True)
    version = effective_version(effective_document(owner=owner, next_review_date=_date(-2)))
    client.force_login(owner)
    page = client.get(reverse("documents:version_detail", args=[version.pk])).content.decode()
    panel = page[page.index("<h2>Periodic review</h2>") :]
    assert _date(-2).strftime("%d/%m/%Y") in panel
    assert "Record the review" in panel
    assert reverse("reviews:version", args=[version.pk]) in panel
