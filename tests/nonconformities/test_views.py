"""Web pages: forms answer bad input with 400 and leave nothing behind; Vietnamese."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from nonconformities.models import CorrectiveAction, Nonconformity
from nonconformities.workflow import NonconformityStatus
from tests.documents.factories import make_upload
from tests.nonconformities.factories import make_nc

pytestmark = pytest.mark.django_db


def test_reporting_through_the_form(client, cast):
    client.force_login(cast.reporter)
    assert client.get(reverse("nonconformities:report")).status_code == 200
    data = {
        "title": "Thiếu biểu mẫu",
        "source": "process_monitoring",
        "department": cast.department.pk,
        "severity": "minor",
        "date_detected": timezone.localdate().isoformat(),
        "description": "Bộ phận một cửa dùng biểu mẫu cũ",
        "iso_clause": "7.5.3",
    }
    # bad input: a clause the standard does not have, a future date
    bad = client.post(reverse("nonconformities:report"), {**data, "iso_clause": "12.1"})
    assert bad.status_code == 400
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    assert (
        client.post(reverse("nonconformities:report"), {**data, "date_detected": future}).status_code == 400
    )
    assert not Nonconformity.objects.exists()
    # good input
    response = client.post(reverse("nonconformities:report"), data)
    nc = Nonconformity.objects.get()
    assert response["Location"] == reverse("nonconformities:detail", args=[nc.pk])
    assert nc.owner == cast.head


def test_a_bad_evidence_file_is_refused_and_the_action_stays_open(client, cast):
    nc = make_nc(cast, NonconformityStatus.IMPLEMENTING)
    action = nc.actions.get()
    client.force_login(cast.action_owner)
    response = client.post(
        reverse("nonconformities:action_complete", args=[action.pk]),
        {"note": "Đã làm", "evidence": make_upload("so.pdf", content=b"PK\x03\x04 not really")},
    )
    assert response.status_code == 400
    assert "not accepted" in response.content.decode()
    action.refresh_from_db()
    assert action.status == CorrectiveAction.State.OPEN


def test_an_illegal_step_in_the_ui_is_a_message_not_an_error(client, cast):
    nc = make_nc(cast, NonconformityStatus.OPEN)
    client.force_login(cast.owner)
    response = client.post(
        reverse("nonconformities:transition", args=[nc.pk, "request_verification"]), follow=True
    )
    assert response.status_code == 200
    assert "Cannot do" in response.content.decode()
    assert client.post(reverse("nonconformities:transition", args=[nc.pk, "explode"])).status_code == 404


def test_the_owner_sees_the_record_on_the_home_page(client, cast):
    nc = make_nc(cast, NonconformityStatus.OPEN)
    client.force_login(cast.owner)
    assert nc.number in client.get("/").content.decode()


def test_pages_speak_vietnamese_with_dd_mm_yyyy_dates(client, cast):
    nc = make_nc(cast, NonconformityStatus.VERIFICATION)
    client.force_login(cast.officer)
    client.cookies["django_language"] = "vi"
    body = client.get(
        reverse("nonconformities:detail", args=[nc.pk]), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    assert "Nguyên nhân gốc rễ" in body
    assert "Kiểm tra hiệu lực" in body
    assert nc.date_detected.strftime("%d/%m/%Y") in body
    public = client.get(reverse("public_feedback"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Gửi phản ánh, kiến nghị" in public
