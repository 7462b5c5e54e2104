"""The risk register: ratings, bands, the lifecycle, the heat map, the trend from history,
links, reminders, and the figures the management review reads."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from risks import selectors, services
from risks.models import RatingBand, Risk, RiskScale, TreatmentAction
from risks.workflow import RiskAction, RiskStatus, RiskTransitionError
from tests.risks.factories import People, in_days, make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return People()


def test_ratings_are_products_and_the_database_says_so_too(people):
    risk = make_risk(people, likelihood=3, impact=5, residual_likelihood=2, residual_impact=2)
    assert (risk.number[:3], risk.rating, risk.residual_rating, risk.current_rating) == ("RR-", 15, 4, 4)
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(rating=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(residual_impact=None)


def test_bad_input_is_refused_and_nothing_is_saved(people):
    with pytest.raises(ValidationError) as refused:
        make_risk(people, likelihood=6)  # the default scale is 1-5
    assert "likelihood" in refused.value.message_dict
    with pytest.raises(ValidationError):
        make_risk(people, residual_likelihood=2)  # without the residual impact
    with pytest.raises(ValidationError):
        make_risk(people, title="  ")
    with pytest.raises(PermissionDenied):
        make_risk(people, actor=people.colleague)
    assert Risk.objects.count() == 0
    # a department head records risks of their own department only
    make_risk(people, actor=people.dept_head)
    with pytest.raises(PermissionDenied):
        make_risk(people, actor=people.dept_head, department=people.other)


def test_rating_bands_default_then_configured(people):
    assert [str(b.name) for b in selectors.rating_bands()] == ["Low", "Medium", "High", "Very high"]
    assert str(selectors.band_for(12).name) == "High"
    services.rating_band_save(
        actor=people.officer, name="Chấp nhận", min_score=1, max_score=6, colour="#146C43"
    )
    services.rating_band_save(
        actor=people.officer, name="Phải xử lý", min_score=7, max_score=25, colour="#b02a37"
    )
    assert [(b.name, b.colour) for b in selectors.rating_bands()] == [
        ("Chấp nhận", "#146c43"),
        ("Phải xử lý", "#b02a37"),
    ]
    assert selectors.band_for(7).name == "Phải xử lý"
    with pytest.raises(ValidationError):  # overlaps
        services.rating_band_save(actor=people.officer, name="x", min_score=5, max_score=8, colour="#000000")
    with pytest.raises(ValidationError):  # not a colour
        services.rating_band_save(actor=people.officer, name="x", min_score=26, max_score=30, colour="red")
    with pytest.raises(PermissionDenied):
        services.rating_band_save(actor=people.owner, name="x", min_score=26, max_score=30, colour="#000000")
    assert RatingBand.objects.count() == 2


def test_scale_change_is_refused_while_a_risk_uses_a_level_beyond_it(people):
    make_risk(people, likelihood=5, impact=2)
    with pytest.raises(ValidationError):
        services.risk_scale_set(actor=people.officer, likelihood_levels=4, impact_levels=4)
    services.risk_scale_set(actor=people.officer, likelihood_levels=6, impact_levels=4)
    assert (RiskScale.current().likelihood_levels, RiskScale.current().impact_levels) == (6, 4)
    with pytest.raises(ValidationError):
        make_risk(people, impact=5)


def test_lifecycle_open_treated_monitored_closed(people):
    risk = make_risk(people)
    with pytest.raises(RiskTransitionError):  # no treatment yet
        services.risk_transition(actor=people.owner, risk=risk, action=RiskAction.TREAT)
    action = services.treatment_action_add(
        actor=people.owner,
        risk=risk,
        description="Bố trí thêm người",
        owner=people.action_owner,
        due_date=in_days(10),
    )
    risk = services.risk_transition(actor=people.owner, risk=risk, action=RiskAction.TREAT)
    with pytest.raises(RiskTransitionError):  # the action is still open
        services.risk_transition(actor=people.owner, risk=risk, action=RiskAction.MONITOR)
    with pytest.raises(PermissionDenied):
        services.treatment_action_complete(actor=people.colleague, action=action, note="x")
    services.treatment_action_complete(
        actor=people.action_owner, action=action, note="Đã bố trí", effective=True
    )
    risk = services.risk_transition(actor=people.owner, risk=risk, action=RiskAction.MONITOR)
    with pytest.raises(RiskTransitionError):  # only an officer closes
        services.risk_transition(actor=people.owner, risk=risk, action=RiskAction.CLOSE)
    risk = services.risk_transition(actor=people.officer, risk=risk, action=RiskAction.CLOSE)
    assert (risk.status, risk.closed_at is not None) == (RiskStatus.CLOSED, True)
    with pytest.raises(RiskTransitionError):  # closed: reopen first
        services.risk_update(actor=people.officer, risk=risk, likelihood=1)
    with pytest.raises(RiskTransitionError):  # illegal from closed
        services.risk_transition(actor=people.officer, risk=risk, action=RiskAction.MONITOR)
    risk = services.risk_transition(actor=people.officer, risk=risk, action=RiskAction.REOPEN)
    assert (risk.status, risk.closed_at) == (RiskStatus.OPEN, None)
    assert [h.history_change_reason for h in risk.history.order_by("history_date")][-4:] == [
        "treat",
        "monitor",
        "close",
        "reopen",
    ]


def test_heat_map_counts_and_links(people):
    make_risk(people, likelihood=4, impact=4)
    make_risk(people, likelihood=4, impact=4, residual_likelihood=2, residual_impact=1)
    make_risk(people, likelihood=1, impact=5, department=people.other)
    closed = make_risk(people, likelihood=1, impact=1)
    Risk.objects.filter(pk=closed.pk).update(status=RiskStatus.CLOSED)
    open_risks = Risk.objects.exclude(status=RiskStatus.CLOSED)
    heat = selectors.heat_map(open_risks, list_url="/risks/")
    cells = {(c.likelihood, c.impact): c for row in heat.rows for c in row}
    assert (heat.total, cells[(4, 4)].count, cells[(1, 5)].count, cells[(1, 1)].count) == (3, 2, 1, 0)
    assert heat.rows[0][0].impact == 5  # highest impact on top
    assert str(cells[(4, 4)].band.name) == "High"
    residual = selectors.heat_map(
        open_risks.filter(department=people.department), residual=True, list_url="/r/"
    )
    cells = {(c.likelihood, c.impact): c for row in residual.rows for c in row}
    assert (cells[(4, 4)].count, cells[(2, 1)].count) == (1, 1)
    assert cells[(2, 1)].url == "/r/?residual_likelihood=2&residual_impact=1"


def test_heat_map_cell_link_lists_exactly_its_risks(client, people):
    make_risk(people, likelihood=4, impact=4, residual_likelihood=2, residual_impact=1)
    make_risk(people, likelihood=4, impact=4, title="Mất dữ liệu hồ sơ")
    client.force_login(people.officer)
    page = client.get(reverse("risks:heatmap") + f"?department={people.department.pk}&view=residual")
    assert page.status_code == 200
    html = page.content.decode()
    assert "residual_likelihood=2&amp;residual_impact=1" in html
    listed = client.get(reverse("risks:list") + "?residual_likelihood=2&residual_impact=1&status=open")
    assert "Trả kết quả hồ sơ quá hạn" in listed.content.decode()
    assert "Mất dữ liệu hồ sơ" not in listed.content.decode()
    assert client.get(reverse("risks:list") + "?likelihood=99").status_code == 400


def test_rating_trend_and_register_changes_come_from_history(people):
    risk = make_risk(people, likelihood=4, impact=4)  # 16: high
    month = timezone.localdate().replace(day=1)
    trend = selectors.rating_trend(Risk.objects.all(), [month])
    assert trend["High"] == [1] and trend["Low"] == [0]
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Risk.history.filter(id=risk.pk).update(history_date=long_ago)
    Risk.objects.filter(pk=risk.pk).update(created_at=long_ago)
    services.risk_update(actor=people.owner, risk=risk, residual_likelihood=1, residual_impact=2)
    added = make_risk(people, title="Mới")
    changes = selectors.risk_register_changes(
        period_start=timezone.localdate() - datetime.timedelta(days=30), period_end=timezone.localdate()
    )
    assert [r.number for r in changes.added] == [added.number]
    assert [(ref.number, old, new) for ref, old, new in changes.rerated] == [(risk.number, 16, 2)]
    assert changes.open_total == 2 and changes.by_band["Low"] == 1
    assert [row["residual_rating"] for row in selectors.risk_rating_history(risk)] == [None, 2]


def test_action_effectiveness_for_the_management_review(people):
    risk = make_risk(people, residual_likelihood=2, residual_impact=2)
    make_risk(people, residual_likelihood=4, residual_impact=4)  # treated, not lowered
    today = timezone.localdate()
    actions = [
        services.treatment_action_add(
            actor=people.owner, risk=risk, description=f"Việc {n}", owner=people.action_owner, due_date=today
        )
        for n in range(4)
    ]
    services.treatment_action_complete(actor=people.action_owner, action=actions[0], note="x", effective=True)
    services.treatment_action_complete(
        actor=people.action_owner, action=actions[1], note="x", effective=False
    )
    services.treatment_action_cancel(actor=people.owner, action=actions[2])
    TreatmentAction.objects.filter(pk=actions[3].pk).update(due_date=today - datetime.timedelta(days=3))
    figures = selectors.risk_actions_effectiveness(
        period_start=today - datetime.timedelta(days=30), period_end=today
    )
    assert (figures.due, figures.done, figures.done_on_time, figures.overdue_open) == (3, 2, 2, 1)
    assert (figures.judged_effective, figures.judged_ineffective, figures.not_judged) == (1, 1, 0)
    assert (figures.risks_treated, figures.risks_lowered) == (2, 1)
    assert figures.by_department == {"TN": {"due": 3, "done": 2}}


def test_links_show_only_documents_the_viewer_may_see(client, people):
    from documents.workflow import DocumentStatus
    from tests.documents.factories import make_document

    public = make_document(officer=people.officer, title="Quy trình một cửa", status=DocumentStatus.EFFECTIVE)
    secret = make_document(
        officer=people.officer, title="Quy trình mật", status=DocumentStatus.EFFECTIVE, confidential=True
    )
    risk = make_risk(people, documents=[public, secret])
    with pytest.raises(ValidationError):  # the owner may not link what they cannot see
        services.risk_update(actor=people.owner, risk=risk, documents=[secret])
    client.force_login(people.owner)
    html = client.get(reverse("risks:detail", args=[risk.pk])).content.decode()
    assert "Quy trình một cửa" in html and "Quy trình mật" not in html
    api = client.get(f"/api/v1/risks/{risk.pk}/").json()
    assert api["documents"] == [public.pk]
    client.force_login(people.officer)
    assert "Quy trình mật" in client.get(reverse("risks:detail", args=[risk.pk])).content.decode()


def test_reminders_review_due_and_actions_overdue(people):
    from risks.reminders import actions_overdue, reviews_due

    due = make_risk(people, next_review_date=in_days(-8))
    make_risk(people, next_review_date=in_days(5))
    action = services.treatment_action_add(
        actor=people.owner, risk=due, description="x", owner=people.action_owner, due_date=in_days(1)
    )
    TreatmentAction.objects.filter(pk=action.pk).update(due_date=in_days(-1))
    events = list(reviews_due(timezone.localdate()))
    assert [(e.object_id, e.recipient_id, e.due_key.endswith(":w1")) for e in events] == [
        (due.pk, people.owner.pk, True)
    ]
    assert [e.recipient_id for e in actions_overdue(timezone.localdate())] == [people.action_owner.pk]
