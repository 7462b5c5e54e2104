"""The public feedback form, its spam and rate limits, the status page and triage."""

import os
import re
import time

import pytest
from django.conf import settings
from django.core import signing
from django.urls import reverse

from nonconformities import services
from nonconformities.forms import SPAM_SALT
from nonconformities.models import Feedback, Nonconformity
from nonconformities.workflow import NonconformityStatus
from notifications.models import Notification
from tests.documents.factories import make_upload
from tests.nonconformities.factories import advance

pytestmark = pytest.mark.django_db

REFERENCE_RE = re.compile(r"^PA-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")


def aged_token(seconds=60):
    """The signed token a form shown ``seconds`` ago carries."""
    return signing.dumps({"t": time.time() - seconds}, salt=SPAM_SALT)


def form_data(**overrides):
    data = {
        "name": "Nguyễn Văn An",
        "contact": "0912 345 678",
        "subject": "Hồ sơ trả chậm",
        "message": "Tôi nộp hồ sơ ngày 01/11 nhưng đến nay chưa nhận kết quả.",
        "website": "",
        "token": aged_token(),
    }
    data.update(overrides)
    return data


def stored_files():
    root = settings.MEDIA_ROOT
    return (
        [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]
        if os.path.isdir(root)
        else []
    )


def test_the_form_needs_no_login_and_carries_a_honeypot_and_a_signed_token(client):
    response = client.get(reverse("public_feedback"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="website"' in body
    assert 'name="token"' in body


def test_a_citizen_sends_feedback_and_gets_an_unguessable_reference(client, cast):
    # when
    response = client.post(
        reverse("public_feedback"), form_data(attachment=make_upload("anh-bien-nhan.png")), follow=True
    )
    # then
    assert response.status_code == 200
    feedback = Feedback.objects.get()
    assert REFERENCE_RE.match(feedback.reference)
    assert feedback.reference in response.content.decode()
    assert feedback.file_content_type == "image/png"
    assert feedback.history.get().history_user is None
    assert Notification.objects.filter(recipient=cast.officer, kind="feedback_received").exists()
    assert not Notification.objects.filter(recipient=cast.auditor).exists()


def test_references_differ_every_time():
    references = {services.feedback_reference_new() for _i in range(200)}
    assert len(references) == 200


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"subject": ""}, "subject"),
        ({"message": "   "}, "message"),
        ({"message": "x" * 5001}, "message"),
        ({"attachment": make_upload("virus.pdf", content=b"MZ\x90\x00not a pdf at all")}, "attachment"),
        ({"attachment": make_upload("script.png", content=b"<script>alert(1)</script>")}, "attachment"),
        ({"attachment": make_upload("empty.pdf", content=b"")}, "attachment"),
    ],
)
def test_bad_input_gets_a_clear_error_and_nothing_is_saved(client, overrides, field):
    response = client.post(reverse("public_feedback"), form_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors or response.context["form"].non_field_errors()
    assert not Feedback.objects.exists()
    assert stored_files() == []


def test_an_attachment_over_the_size_limit_is_refused(client, settings):
    settings.QMS_FEEDBACK_MAX_ATTACHMENT_BYTES = 100
    response = client.post(reverse("public_feedback"), form_data(attachment=make_upload("big.pdf")))
    assert response.status_code == 400
    assert "attachment" in response.context["form"].errors
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        lambda: {"website": "http://spam.example"},  # the honeypot a bot fills in
        lambda: {"token": aged_token(seconds=5 * 3600)},  # a form kept for hours and replayed
        lambda: {"token": "forged"},
        lambda: {"token": ""},
    ],
    ids=["honeypot", "too-old", "forged", "missing"],
)
def test_automated_submissions_are_refused_without_any_external_service(client, overrides):
    response = client.post(reverse("public_feedback"), form_data(**overrides()))
    assert response.status_code == 400
    assert not Feedback.objects.exists()
    # the form comes back with a fresh token and an empty honeypot
    assert 'value="http://spam.example"' not in response.content.decode()


def test_a_form_filled_in_a_second_by_autofill_or_paste_is_accepted(client):
    # given a form shown one second ago (the browser filled it in)
    data = form_data(token=aged_token(seconds=1))
    # when it is sent
    response = client.post(reverse("public_feedback"), data)
    # then it is received, not refused as "too fast"
    assert response.status_code == 302
    assert Feedback.objects.count() == 1


def test_the_receipt_links_to_the_status_with_the_reference_and_offers_a_copy_button(client):
    # given a citizen who just sent feedback
    client.post(reverse("public_feedback"), form_data())
    reference = Feedback.objects.get().reference
    # when the receipt page is shown
    page = client.get(reverse("public_feedback_sent")).content.decode()
    # then it links to the status page carrying the reference, and has a copy button (no inline script)
    link = f"{reverse('public_feedback_status')}?reference={reference}"
    assert f'href="{link}"' in page
    assert 'data-copy-target="reference"' in page
    assert "/static/js/copy.js" in page
    assert "<script>" not in page
    # and following the link shows the status at once, without retyping
    status_page = client.get(link)
    assert status_page.status_code == 200
    assert 'id="status-result"' in status_page.content.decode()
    assert "Received" in status_page.content.decode()


def test_a_reference_in_the_address_that_matches_nothing_says_so(client):
    response = client.get(reverse("public_feedback_status"), {"reference": "PA-AAAA-AAAA-AAAA-AAAA"})
    assert response.status_code == 400
    assert "No feedback has this reference" in response.content.decode()


def test_lookups_from_the_address_are_rate_limited_too(client, settings):
    settings.QMS_FEEDBACK_STATUS_RATE = "1/h"
    feedback = services.feedback_submit(subject="a", message="b")
    url = reverse("public_feedback_status")
    assert client.get(url, {"reference": feedback.reference}).status_code == 200
    assert client.get(url, {"reference": feedback.reference}).status_code == 429
    # the page itself, without a reference, still opens
    assert client.get(url).status_code == 200


def test_the_public_header_names_the_organisation_not_an_acronym(client, settings):
    # given the Vietnamese interface, where "QMS" was shown as "HTQLCL"
    settings.QMS_ORGANISATION_NAME = "UBND phường Bến Nghé"
    # when a citizen opens the feedback form
    page = client.get(reverse("public_feedback"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    header = page[page.index('<header class="topbar">') : page.index("</header>")]
    # then the header names the organisation and shows its logo, and no acronym
    assert "UBND phường Bến Nghé" in header
    assert "renditions/logo.svg" in header
    assert "HTQLCL" not in header
    assert "QMS" not in header


def test_submissions_are_rate_limited_per_client_address(client, settings):
    settings.QMS_FEEDBACK_RATE = "3/h"
    for _i in range(3):
        assert client.post(reverse("public_feedback"), form_data()).status_code == 302
    # when the same address sends a fourth
    response = client.post(reverse("public_feedback"), form_data())
    # then it is refused and nothing is saved
    assert response.status_code == 429
    assert Feedback.objects.count() == 3
    # bad input counts too, so the limit cannot be probed for free
    assert client.post(reverse("public_feedback"), form_data(subject="")).status_code == 429
    # another address is not affected
    other = client.post(reverse("public_feedback"), form_data(), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302
    assert Feedback.objects.count() == 4


def test_the_sent_page_needs_a_submission_in_this_session(client):
    response = client.get(reverse("public_feedback_sent"))
    assert response.status_code == 302


def _status(client, reference):
    return client.post(reverse("public_feedback_status"), {"reference": reference})


def test_the_status_page_shows_the_status_and_nothing_else(client):
    feedback = services.feedback_submit(
        name="Trần Thị Bình",
        contact="binh@example.org",
        subject="Thái độ cán bộ",
        message="Nội dung riêng tư",
    )
    # when the sender looks it up, typed loosely
    response = _status(client, feedback.reference.lower().replace("-", " "))
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert "Received" in body
    for private in ["Trần Thị Bình", "binh@example.org", "Thái độ cán bộ", "Nội dung riêng tư"]:
        assert private not in body


def test_an_unknown_reference_reveals_nothing(client):
    services.feedback_submit(subject="a", message="b")
    response = _status(client, "PA-AAAA-BBBB-CCCC-DDDD")
    assert response.status_code == 400
    assert "No feedback has this reference" in response.content.decode()
    assert _status(client, "not a reference").status_code == 400


def test_status_lookups_are_rate_limited(client, settings):
    settings.QMS_FEEDBACK_STATUS_RATE = "2/h"
    feedback = services.feedback_submit(subject="a", message="b")
    assert _status(client, feedback.reference).status_code == 200
    assert _status(client, "PA-AAAA-BBBB-CCCC-DDDD").status_code == 400
    assert _status(client, feedback.reference).status_code == 429


def test_an_officer_answers_and_the_sender_sees_the_answer(client, cast):
    feedback = services.feedback_submit(subject="Phí", message="Phí bao nhiêu?")
    client.force_login(cast.officer)
    # a blank answer is refused
    assert (
        client.post(
            reverse("nonconformities:feedback_answer", args=[feedback.pk]), {"answer": ""}
        ).status_code
        == 400
    )
    # when
    client.post(
        reverse("nonconformities:feedback_answer", args=[feedback.pk]), {"answer": "Lệ phí là 50.000 đồng."}
    )
    # then
    feedback.refresh_from_db()
    assert feedback.status == "answered"
    assert feedback.responded_at is not None
    assert feedback.response_hours is not None
    client.logout()
    body = _status(client, feedback.reference).content.decode()
    assert "Lệ phí là 50.000 đồng." in body
    assert "Answered" in body


def test_an_officer_opens_a_nonconformity_from_feedback(client, cast):
    feedback = services.feedback_submit(subject="Trả chậm", message="Hồ sơ trễ 5 ngày")
    client.force_login(cast.officer)
    response = client.post(
        reverse("nonconformities:feedback_open", args=[feedback.pk]),
        {
            "title": "Trả kết quả trễ hạn",
            "department": cast.department.pk,
            "severity": "minor",
            "owner": cast.owner.pk,
            "iso_clause": "8.5.1",
            "description": "Hồ sơ trễ 5 ngày",
        },
    )
    nc = Nonconformity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("nonconformities:detail", args=[nc.pk])
    assert nc.feedback == feedback
    assert nc.source == Nonconformity.Source.FEEDBACK
    assert nc.owner == cast.owner
    feedback.refresh_from_db()
    assert feedback.status == "in_handling"
    # the sender sees that it is being handled, never the internal record
    client.logout()
    body = _status(client, feedback.reference).content.decode()
    assert "Being handled" in body
    assert nc.number not in body
    # and "resolved" once the nonconformity is closed
    advance(cast, nc, NonconformityStatus.CLOSED)
    assert "Resolved" in _status(client, feedback.reference).content.decode()
    # a second nonconformity from the same feedback is refused
    client.force_login(cast.officer)
    client.post(
        reverse("nonconformities:feedback_open", args=[feedback.pk]),
        {"title": "x", "department": cast.department.pk, "severity": "minor", "description": "x"},
    )
    assert Nonconformity.objects.count() == 1


def test_the_feedback_attachment_is_served_only_to_officers(client, cast):
    feedback = services.feedback_submit(subject="a", message="b", attachment=make_upload("giay-hen.pdf"))
    url = reverse("nonconformities:feedback_attachment", args=[feedback.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(cast.auditor)
    assert client.get(url).status_code == 404
    client.force_login(cast.officer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_an_anonymous_visitor_finds_the_feedback_form_from_the_login_page(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/feedback/"' in page
