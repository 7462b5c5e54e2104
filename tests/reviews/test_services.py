import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from documents import services as document_services
from documents.models import DocumentVersion
from documents.workflow import DocumentStatus, TransitionError
from notifications.models import Notification
from reviews.models import Outcome, PeriodicReview
from reviews.selectors import versions_awaiting_review
from reviews.services import review_record
from tests.documents.factories import DepartmentFactory, DocumentTypeFactory, UserFactory
from tests.reviews.factories import approved_document, effective_document, effective_version

pytestmark = pytest.mark.django_db


@time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0), tick=False)
def test_next_review_date_is_effective_date_plus_the_type_period():
    # given a procedure type reviewed every 12 months
    doc_type = DocumentTypeFactory(code="QT", default_review_months=12)
    # when its first version takes effect today
    document = effective_document(doc_type=doc_type)
    # then its next review falls a year later
    assert effective_version(document).next_review_date == datetime.date(2027, 3, 10)


@time_machine.travel(datetime.datetime(2026, 1, 31, 9, 0), tick=False)
def test_document_review_period_overrides_the_type_and_month_ends_are_clamped():
    # given a document of its own 1-month period, taking effect on 31 January
    document = approved_document(review_period_months=1, effective_date=datetime.date(2026, 1, 31))
    # when the daily step makes it effective
    document_services.version_make_due_effective()
    # then the review is due on the last day of February
    assert effective_version(document).next_review_date == datetime.date(2026, 2, 28)


def test_no_change_moves_the_date_on_and_history_names_the_reviewer():
    # given an effective document due for review today
    owner = UserFactory(author=True)
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, 0), tick=False):
        document = effective_document(owner=owner, next_review_date=datetime.date(2026, 6, 1))
    version = effective_version(document)
    # when the owner records "no change" on 20 May
    with time_machine.travel(datetime.datetime(2026, 5, 20, 9, 0), tick=False):
        review = review_record(actor=owner, version=version, outcome=Outcome.NO_CHANGE, comment="Vẫn phù hợp")
    # then the next review is one period after the review, and history says who moved it
    version.refresh_from_db()
    assert version.next_review_date == datetime.date(2027, 5, 20)
    assert review.due_date == datetime.date(2026, 6, 1)
    assert review.next_review_date == datetime.date(2027, 5, 20)
    latest = version.history.latest()
    assert latest.history_user == owner
    assert latest.history_change_reason == "periodic review: no change"
    assert review.history.get().history_user == owner


def test_revise_opens_a_draft_linked_to_the_review_from_the_current_file():
    # given an effective document
    owner = UserFactory(author=True)
    document = effective_document(owner=owner, next_review_date=datetime.date(2026, 6, 1))
    version = effective_version(document)
    # when the owner records "revise"
    review = review_record(actor=owner, version=version, outcome=Outcome.REVISE, comment="Cập nhật biểu mẫu")
    # then revision 02 is a draft starting from the current file, linked to the review
    draft = review.new_version
    assert draft.status == DocumentStatus.DRAFT
    assert draft.revision == 2
    assert draft.checksum == version.checksum
    assert draft.change_summary == "Cập nhật biểu mẫu"
    # and the due date is settled (no more reminders about it) while the revision runs
    assert not versions_awaiting_review().filter(pk=version.pk).exists()


def test_revise_while_a_revision_is_already_open_is_refused_and_nothing_is_recorded():
    owner = UserFactory(author=True)
    document = effective_document(owner=owner, next_review_date=datetime.date(2026, 6, 1))
    version = effective_version(document)
    review_record(actor=owner, version=version, outcome=Outcome.REVISE, comment="Lần 1")
    with pytest.raises(TransitionError):
        review_record(actor=owner, version=version, outcome=Outcome.REVISE, comment="Lần 2")
    assert PeriodicReview.objects.count() == 1


def test_withdraw_starts_withdrawal_asks_the_officers_and_settles_the_due_date():
    # given an effective document due for review
    officer = UserFactory(officer=True)
    owner = UserFactory(author=True)
    version = effective_version(effective_document(owner=owner, next_review_date=datetime.date(2026, 6, 1)))
    # when the owner records "withdraw"
    review = review_record(
        actor=owner, version=version, outcome=Outcome.WITHDRAW, comment="Đã có quy trình mới"
    )
    # then the officers are asked to withdraw it (withdrawal takes an approver's signature),
    # the version stays effective until then, and reminders about the due date stop
    version.refresh_from_db()
    assert review.outcome == Outcome.WITHDRAW
    assert version.status == DocumentStatus.EFFECTIVE
    request = Notification.objects.get(recipient=officer, kind="review_withdrawal_requested")
    assert "Đã có quy trình mới" in request.message
    assert not versions_awaiting_review().filter(pk=version.pk).exists()


@pytest.mark.parametrize("outcome", [Outcome.REVISE, Outcome.WITHDRAW])
def test_revise_and_withdraw_need_a_comment(outcome):
    owner = UserFactory(author=True)
    version = effective_version(effective_document(owner=owner, next_review_date=datetime.date(2026, 6, 1)))
    with pytest.raises(ValidationError):
        review_record(actor=owner, version=version, outcome=outcome, comment="  ")
    assert not PeriodicReview.objects.exists()


def test_someone_else_may_not_record_a_review_and_no_history_is_written():
    department = DepartmentFactory(code="KT")
    version = effective_version(effective_document(next_review_date=datetime.date(2026, 6, 1)))
    stranger = UserFactory(author=True, departments=[department])
    history_before = version.history.count()
    with pytest.raises(PermissionDenied):
        review_record(actor=stranger, version=version, outcome=Outcome.NO_CHANGE)
    assert not PeriodicReview.objects.exists()
    assert version.history.count() == history_before


def test_only_an_effective_version_is_reviewed():
    officer = UserFactory(officer=True)
    document = approved_document(effective_date=datetime.date(2099, 1, 1))
    with pytest.raises(TransitionError):
        review_record(actor=officer, version=document.versions.get(), outcome=Outcome.NO_CHANGE)


def test_new_version_becoming_effective_gets_a_fresh_review_date():
    # given a document revised after its periodic review
    officer = UserFactory(officer=True)
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, 0), tick=False):
        old = effective_version(effective_document(owner=officer))
    with time_machine.travel(datetime.datetime(2027, 1, 2, 9, 0), tick=False):
        draft = review_record(
            actor=officer, version=old, outcome=Outcome.REVISE, comment="Sửa đổi"
        ).new_version
        # (approved by its route, not part of this test)
        DocumentVersion.objects.filter(pk=draft.pk).update(
            status=DocumentStatus.APPROVED, effective_date=datetime.date(2027, 1, 2)
        )
        # when it takes effect
        document_services.version_make_due_effective()
    # then it is reviewed a period after it took effect, and the old one is superseded
    draft.refresh_from_db()
    old.refresh_from_db()
    assert draft.status == DocumentStatus.EFFECTIVE
    assert draft.next_review_date == datetime.date(2028, 1, 2)
    assert old.status == DocumentStatus.SUPERSEDED


def test_officer_revise_opens_the_draft_for_the_owner():
    owner = UserFactory(author=True)
    officer = UserFactory(officer=True)
    version = effective_version(effective_document(owner=owner, next_review_date=datetime.date(2026, 6, 1)))
    review = review_record(actor=officer, version=version, outcome=Outcome.REVISE, comment="Cập nhật")
    assert review.new_version.author == owner
    assert review.reviewed_by == officer
