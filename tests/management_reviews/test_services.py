"""Management review rules: inputs compiled and frozen, decisions tracked into the next
review, signed minutes immutable in the model and in the database, bad input refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError

from management_reviews import inputs, services
from management_reviews.models import ManagementReview, ReviewDecision, ReviewSection, SignedMinutesError
from management_reviews.workflow import ManagementReviewStatus, ManagementReviewTransitionError
from nonconformities.models import Feedback
from qms.errors import SignatureRefused
from tests.documents.factories import PASSWORD, UserFactory
from tests.management_reviews.factories import head, plan, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return {"officer": UserFactory(officer=True), "head": head(), "attendee": UserFactory(staff=True)}


def _section(review, key):
    return review.sections.get(key=key)


def _figure(section, label):
    return next(f["value"] for f in section.figures if f["label"] == label)


def test_prepare_compiles_every_9_3_2_item_and_freezes_it(people):
    # given: two pieces of feedback received in the period
    for n in range(2):
        Feedback.objects.create(
            reference=f"PA-{n}",
            subject="Thái độ",
            message="...",
            submitted_at=datetime.datetime(2026, 5, 1, 8, tzinfo=datetime.UTC),
        )
    review = plan(officer=people["officer"], chair=people["head"])
    # when
    review = walk(review, officer=people["officer"], to="prepared")
    # then: one section per 9.3.2 item, in the order of the standard
    assert list(review.sections.values_list("key", flat=True)) == list(inputs.ITEMS)
    assert review.status == ManagementReviewStatus.PREPARED
    assert _figure(_section(review, "c1"), "Feedback received") == 2
    # and later data does not rewrite it
    Feedback.objects.create(
        reference="PA-9",
        subject="Muộn",
        message="...",
        submitted_at=datetime.datetime(2026, 6, 1, 8, tzinfo=datetime.UTC),
    )
    review.refresh_from_db()
    assert _figure(_section(review, "c1"), "Feedback received") == 2
    section = _section(review, "c1")
    section.figures = [{"label": "Feedback received", "value": 3, "unit": ""}]
    with pytest.raises(SignedMinutesError):
        section.save()


def test_the_snapshot_is_frozen_in_the_database_too(people):
    review = walk(
        plan(officer=people["officer"], chair=people["head"]), officer=people["officer"], to="prepared"
    )
    section = _section(review, "c4")
    # when: an update that bypasses the model
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        ReviewSection.objects.filter(pk=section.pk).update(figures=[])
    # then: commentary may still be written
    services.section_comment(actor=people["officer"], section=section, commentary="Cần cải tiến xử lý NC")
    assert ReviewSection.objects.get(pk=section.pk).commentary == "Cần cải tiến xử lý NC"


def test_every_section_is_filled_and_one_without_compiler_says_not_recorded(people):
    # given: item e has no compiler for this test
    saved = inputs.compilers_for("e")
    for compiler in saved:
        inputs.unregister_input("e", compiler.name)
    try:
        review = walk(
            plan(officer=people["officer"], chair=people["head"]), officer=people["officer"], to="prepared"
        )
    finally:
        for compiler in saved:
            inputs.register_input("e", compiler.name, compiler.compile, order=compiler.order)
    # then
    assert _section(review, "e").note == inputs.NOT_RECORDED
    filled = [s.key for s in review.sections.all() if s.figures]
    assert set(filled) == set(inputs.ITEMS) - {"d", "e"}  # d is the officers' free text


def test_decision_becomes_an_action_listed_in_the_next_review_input_a(people):
    officer = people["officer"]
    first = walk(plan(officer=officer, chair=people["head"]), officer=officer, to="held")
    decision = services.decision_record(
        actor=officer,
        review=first,
        kind=ReviewDecision.Kind.RESOURCE_NEED,
        description="Bổ sung 01 cán bộ một cửa",
        owner=people["attendee"],
        due_date=datetime.date(2027, 3, 31),
    )
    first = walk(first, officer=officer, to="signed", password=PASSWORD)
    # when: the next review is prepared
    second = plan(
        officer=officer,
        chair=people["head"],
        period=(datetime.date(2027, 1, 1), datetime.date(2027, 6, 30)),
        meeting=datetime.date(2027, 7, 10),
        title="Xem xét giữa năm 2027",
    )
    second = walk(second, officer=officer, to="prepared")
    # then
    a = _section(second, "a")
    assert _figure(a, "Open") == 1
    assert any(f"#decision-{decision.pk}" in link["url"] for link in a.links)
    # and the owner closes it, even though the minutes are signed
    services.decision_complete(actor=people["attendee"], decision=decision, completion_note="Đã tuyển dụng")
    assert ReviewDecision.objects.get(pk=decision.pk).status == "done"


def test_signed_minutes_are_immutable_in_the_model_and_the_database(people):
    officer = people["officer"]
    review = walk(plan(officer=officer, chair=people["head"]), officer=officer, to="held")
    decision = services.decision_record(
        actor=officer,
        review=review,
        kind="improvement",
        description="Số hoá hồ sơ",
        owner=officer,
        due_date=datetime.date(2027, 6, 1),
    )
    review = walk(review, officer=officer, to="signed", password=PASSWORD)
    assert review.minutes_pdf and len(review.minutes_checksum) == 64
    # model
    review.title = "Sửa"
    with pytest.raises(SignedMinutesError):
        review.save()
    with pytest.raises(SignedMinutesError):
        review.delete()
    decision.refresh_from_db()
    decision.description = "Khác"
    with pytest.raises(SignedMinutesError):
        decision.save()
    with pytest.raises((SignedMinutesError, ManagementReviewTransitionError)):
        services.decision_record(
            actor=officer,
            review=review,
            kind="improvement",
            description="Thêm",
            owner=officer,
            due_date=datetime.date(2027, 6, 1),
        )
    with pytest.raises((SignedMinutesError, ManagementReviewTransitionError)):
        services.section_comment(actor=officer, section=_section(review, "d"), commentary="Sau khi ký")
    # database
    for statement in (
        lambda: ManagementReview.objects.filter(pk=review.pk).update(title="Sửa"),
        lambda: ReviewDecision.objects.filter(pk=decision.pk).update(description="Khác"),
        lambda: ReviewSection.objects.filter(review=review, key="d").update(commentary="Sau khi ký"),
    ):
        with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
            statement()
    if connection.vendor == "postgresql":
        with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
            ReviewDecision.objects.filter(pk=decision.pk).delete()
    # the status of its actions still moves on
    assert ReviewDecision.objects.filter(pk=decision.pk).update(status="done") == 1
    # a correction is a new linked record
    correction = services.review_correct(actor=officer, review=review)
    assert correction.corrects_id == review.pk and correction.status == ManagementReviewStatus.PLANNED


def test_only_the_chair_signs_and_a_wrong_password_signs_nothing(people):
    officer = people["officer"]
    review = walk(plan(officer=officer, chair=people["head"]), officer=officer, to="held")
    with pytest.raises(PermissionDenied):
        services.review_sign(actor=officer, review=review, password=PASSWORD)
    with pytest.raises(SignatureRefused):
        services.review_sign(actor=people["head"], review=review, password="wrong")
    review.refresh_from_db()
    assert review.status == ManagementReviewStatus.HELD and not review.minutes_pdf


def test_bad_input_is_refused_with_field_errors_and_nothing_saved(people):
    officer = people["officer"]
    before = ManagementReview.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.review_plan(
            actor=officer,
            title=" ",
            period_start=datetime.date(2026, 12, 31),
            period_end=datetime.date(2026, 1, 1),
            meeting_date=datetime.date(2027, 1, 5),
            chair=people["attendee"],
        )
    assert {"title", "period_end", "chair"} <= set(refused.value.message_dict)
    assert ManagementReview.objects.count() == before
    review = walk(plan(officer=officer, chair=people["head"]), officer=officer, to="prepared")
    with pytest.raises(ValidationError) as refused:
        services.decision_record(
            actor=officer,
            review=review,
            kind="nonsense",
            description="",
            owner=None,
            due_date=datetime.date(2020, 1, 1),
        )
    assert set(refused.value.message_dict) == {"kind", "description", "owner", "due_date"}
    assert not review.decisions.exists()
    with pytest.raises(PermissionDenied):
        plan(officer=people["attendee"], chair=people["head"])


def test_preparing_twice_is_refused(people):
    review = walk(
        plan(officer=people["officer"], chair=people["head"]), officer=people["officer"], to="prepared"
    )
    with pytest.raises(ManagementReviewTransitionError):
        services.review_prepare(actor=people["officer"], review=review)
