"""Brute-force protection: wrong passwords at the sign-in page, through HTTP Basic, at the
token endpoint and when signing all count into one lockout of the (account, address) pair;
other addresses are only slowed down; officers see and lift locks; every failure is logged."""

import base64
import datetime

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.clients import Client as AttemptClient
from accounts.models import SecurityEvent
from accounts.services import AttemptRefused, password_attempt
from approvals.models import Decision, Signature
from documents import services as document_services
from signatures.models import SigningAttempt
from tests.documents.factories import PASSWORD, UserFactory, make_document

pytestmark = pytest.mark.django_db

HERE, ELSEWHERE = "10.0.0.1", "10.0.0.2"
LOGIN = "/accounts/login/"
API = "/api/v1"


def basic(user, password, address=HERE):
    api = APIClient(REMOTE_ADDR=address)
    api.credentials(
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(f"{user.username}:{password}".encode()).decode()
    )
    return api.get(f"{API}/documents/")


def web_login(user, password, address=HERE, **headers):
    return Client(REMOTE_ADDR=address, **headers).post(
        LOGIN, {"username": user.username, "password": password}
    )


def token(user, password, address=HERE):
    return APIClient(REMOTE_ADDR=address).post(
        f"{API}/auth/token/", {"username": user.username, "password": password}, format="json"
    )


def in_review():
    officer = UserFactory(officer=True)
    version = make_document(officer=officer).versions.get()
    return document_services.version_submit(actor=officer, version=version)


def sign_on_the_page(user, version, password, address=HERE):
    browser = Client(REMOTE_ADDR=address)
    browser.force_login(user)
    return browser.post(
        reverse("approvals:sign", args=[version.pk]),
        {"decision": Decision.APPROVE, "comment": "", "password": password},
    )


def five_wrong_passwords_through_every_channel(user, version):
    assert web_login(user, "wrong-1").status_code == 200
    assert web_login(user, "wrong-2").status_code == 200
    assert basic(user, "wrong-3").status_code == 401
    assert token(user, "wrong-4").status_code == 400
    signing = sign_on_the_page(user, version, "wrong-5")
    assert "The password is not correct" in signing.content.decode()


def test_wrong_passwords_through_every_channel_count_into_one_lock_of_the_account_and_address():
    # given an approver with a version to sign
    version = in_review()
    approver = UserFactory(approver=True)
    # when five wrong passwords come from one address, through four different doors
    five_wrong_passwords_through_every_channel(approver, version)
    # then one record holds all five
    record = AccessAttempt.objects.get(username=approver.username)
    assert (record.ip_address, record.failures_since_start) == (HERE, 5)
    # and the right password is refused everywhere from that address, saying why
    page = web_login(approver, PASSWORD)
    assert page.status_code == 429
    assert "locked until" in page.content.decode()
    assert "_auth_user_id" not in page.wsgi_request.session
    by_basic = basic(approver, PASSWORD)
    assert by_basic.status_code == 429 and "locked until" in by_basic.json()["detail"]
    assert int(by_basic["Retry-After"]) > 0
    by_token = token(approver, PASSWORD)
    assert by_token.status_code == 429 and "locked until" in by_token.json()["detail"]
    signing = sign_on_the_page(approver, version, PASSWORD)
    assert "locked until" in signing.content.decode()
    assert not Signature.objects.exists()
    # and no refused attempt counted as a guess
    assert AccessAttempt.objects.get(username=approver.username).failures_since_start == 5


def test_the_lock_message_is_in_vietnamese_for_a_vietnamese_reader():
    version = in_review()
    approver = UserFactory(approver=True)
    five_wrong_passwords_through_every_channel(approver, version)
    page = web_login(approver, PASSWORD, HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 429
    assert "bị khoá đến" in page.content.decode()


def test_another_address_is_not_locked_but_slowed_down():
    # given an account locked from one address
    version = in_review()
    approver = UserFactory(approver=True)
    five_wrong_passwords_through_every_channel(approver, version)
    # when the real user signs in from another address
    signed_in = web_login(approver, PASSWORD, address=ELSEWHERE)
    # then they get in
    assert signed_in.status_code == 302
    # but a second attempt straight away has to wait
    again = basic(approver, PASSWORD, address=ELSEWHERE)
    assert again.status_code == 429
    assert "Wait 10 seconds" in again.json()["detail"]
    # and after the wait it goes through
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=11)):
        assert basic(approver, PASSWORD, address=ELSEWHERE).status_code == 200
        # while the first address stays locked
        assert web_login(approver, PASSWORD).status_code == 429


def test_the_lock_lifts_by_itself_after_the_cool_off():
    version = in_review()
    approver = UserFactory(approver=True)
    five_wrong_passwords_through_every_channel(approver, version)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert web_login(approver, PASSWORD).status_code == 302
        assert not AccessAttempt.objects.filter(username=approver.username).exists()


def test_a_success_clears_the_count_of_the_pair():
    user = UserFactory(staff=True)
    for n in range(4):
        web_login(user, f"wrong-{n}")
    assert web_login(user, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username=user.username).exists()


def test_an_officer_sees_the_lock_and_lifts_it():
    # given a locked account
    version = in_review()
    approver = UserFactory(approver=True)
    five_wrong_passwords_through_every_channel(approver, version)
    officer = UserFactory(officer=True)
    browser = Client()
    browser.force_login(officer)
    # when the officer opens the security page
    page = browser.get(reverse("accounts:security"))
    # then the lock and the failed attempts are listed
    body = page.content.decode()
    assert page.status_code == 200
    assert approver.username in body and HERE in body
    assert "Lift the lock" in body
    # when they lift it
    lifted = browser.post(
        reverse("accounts:lift"), {"username": approver.username, "address": HERE}, follow=True
    )
    # then the user gets in again from that address, and the lift is on record
    assert "is lifted" in lifted.content.decode()
    assert web_login(approver, PASSWORD).status_code == 302
    event = SecurityEvent.objects.get()
    assert (event.kind, event.actor, event.username, event.ip_address) == (
        SecurityEvent.Kind.LOCK_LIFTED,
        officer,
        approver.username,
        HERE,
    )


def test_only_officers_see_the_security_page_or_lift_a_lock():
    version = in_review()
    approver = UserFactory(approver=True)
    five_wrong_passwords_through_every_channel(approver, version)
    browser = Client()
    browser.force_login(UserFactory(approver=True))
    assert browser.get(reverse("accounts:security")).status_code == 404
    assert (
        browser.post(reverse("accounts:lift"), {"username": approver.username, "address": HERE}).status_code
        == 404
    )
    assert AccessAttempt.objects.get(username=approver.username).failures_since_start == 5
    assert not SecurityEvent.objects.exists()
    assert Client().get(reverse("accounts:security")).status_code == 302  # to the sign-in page


def test_every_failed_and_refused_attempt_is_logged_with_where_it_came_from():
    version = in_review()
    approver = UserFactory(approver=True)
    five_wrong_passwords_through_every_channel(approver, version)
    web_login(approver, PASSWORD)  # refused: locked
    log = list(AccessFailureLog.objects.filter(username=approver.username).order_by("id"))
    assert [(entry.path_info, entry.ip_address, entry.locked_out) for entry in log] == [
        (LOGIN, HERE, False),
        (LOGIN, HERE, False),
        (f"{API}/documents/", HERE, False),
        (f"{API}/auth/token/", HERE, False),
        (reverse("approvals:sign", args=[version.pk]), HERE, True),  # the fifth: it locked
        (LOGIN, HERE, True),
    ]
    assert SigningAttempt.objects.filter(user=approver, succeeded=False).count() == 1


def test_attempts_in_flight_count_before_the_password_is_checked():
    """Fifteen attempts that all start before the first check finishes (what concurrent
    requests do) get the limit of checks, not one more."""
    user = UserFactory(staff=True)
    client = AttemptClient(address=HERE)
    checks, refused = [], []

    def wrong_password():
        checks.append(1)
        if len(checks) == 1:
            for _ in range(14):
                try:
                    password_attempt(username=user.username, client=client, check=wrong_password)
                except AttemptRefused:
                    refused.append(1)
        return None

    password_attempt(username=user.username, client=client, check=wrong_password)
    assert len(checks) == 5
    assert len(refused) == 10


def test_a_refused_signing_attempt_leaves_nothing_signed_and_says_locked():
    from approvals import services as approval_services
    from signatures.services import SignatureRefused

    version = in_review()
    approver = UserFactory(approver=True)
    for _ in range(5):
        with pytest.raises(SignatureRefused):
            approval_services.version_sign(
                actor=approver, version=version, decision=Decision.APPROVE, password="nope"
            )
    with pytest.raises(SignatureRefused) as error:
        approval_services.version_sign(
            actor=approver, version=version, decision=Decision.APPROVE, password=PASSWORD
        )
    assert "locked until" in error.value.message
    assert SigningAttempt.objects.filter(user=approver).count() == 5
    assert not Signature.objects.exists()


def test_an_address_guessing_many_accounts_is_slowed_before_any_password_is_hashed(settings):
    # given an address that already failed for three different accounts
    settings.QMS_LOGIN_ADDRESS_SLOW_AFTER = 3
    guesser = APIClient(REMOTE_ADDR="10.9.9.9")
    for name in ("a", "b", "c"):
        assert guesser.post(f"{API}/auth/token/", {"username": name, "password": "x"}).status_code == 400
    # when it keeps guessing other accounts at full speed
    first = guesser.post(f"{API}/auth/token/", {"username": "d", "password": "x"})
    second = guesser.post(f"{API}/auth/token/", {"username": "e", "password": "x"})
    # then one attempt per second goes through and the rest wait, unchecked and not counted
    assert first.status_code == 400
    assert second.status_code == 429 and "from your address" in second.json()["detail"]
    assert second["Retry-After"] == "1"
    assert not AccessAttempt.objects.filter(username="e", failures_since_start__gt=0).exists()
    # while the same account from another address is not held up
    user = UserFactory(staff=True)
    assert basic(user, PASSWORD, address=ELSEWHERE).status_code == 200
