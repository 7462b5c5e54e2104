"""API access: anonymous calls answer 401 with WWW-Authenticate; tokens expire and can be
revoked by their holder and by a QMS officer (on record)."""

import base64
import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import SecurityEvent
from tests.documents.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


def issue(user):
    response = APIClient().post(
        f"{API}/auth/token/", {"username": user.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    return response.json()


def by_token(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


@pytest.mark.parametrize("path", ["/documents/", "/versions/", "/nonconformities/", "/audits/"])
def test_an_anonymous_call_answers_401_and_says_how_to_authenticate(path):
    response = APIClient().get(f"{API}{path}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_basic_password_answers_401_with_the_header():
    user = UserFactory(staff=True)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Basic " + base64.b64encode(f"{user.username}:x".encode()).decode())
    response = api.get(f"{API}/documents/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"]


def test_a_token_tells_when_it_expires_and_stops_working_then():
    # given a token issued now
    user = UserFactory(staff=True)
    issued = issue(user)
    expires = datetime.datetime.fromisoformat(issued["expires"])
    assert expires - timezone.now() > datetime.timedelta(days=29)
    assert by_token(issued["token"]).get(f"{API}/documents/").status_code == 200
    # when its lifetime is over
    with time_machine.travel(expires + datetime.timedelta(minutes=1)):
        refused = by_token(issued["token"]).get(f"{API}/documents/")
        # then it is refused, saying why
        assert refused.status_code == 401
        assert "expired" in refused.json()["detail"]
        # and asking again gives a new key that works
        renewed = issue(user)
        assert renewed["token"] != issued["token"]
        assert by_token(renewed["token"]).get(f"{API}/documents/").status_code == 200
        assert by_token(issued["token"]).get(f"{API}/documents/").status_code == 401


def test_a_user_revokes_their_own_token():
    user = UserFactory(staff=True)
    key = issue(user)["token"]
    api = by_token(key)
    assert api.delete(f"{API}/auth/token/").status_code == 204
    assert not Token.objects.filter(user=user).exists()
    assert by_token(key).get(f"{API}/documents/").status_code == 401


def test_revoking_needs_a_signed_in_caller():
    response = APIClient().delete(f"{API}/auth/token/")
    assert response.status_code == 401


def test_an_officer_revokes_anyones_token_through_the_api_on_record():
    holder = UserFactory(staff=True)
    key = issue(holder)["token"]
    officer = UserFactory(officer=True)
    officer_api = APIClient()
    officer_api.force_authenticate(officer)
    assert officer_api.delete(f"{API}/auth/tokens/{holder.pk}/").status_code == 204
    assert by_token(key).get(f"{API}/documents/").status_code == 401
    event = SecurityEvent.objects.get()
    assert (event.kind, event.actor, event.username) == (
        SecurityEvent.Kind.TOKEN_REVOKED,
        officer,
        holder.username,
    )


def test_someone_else_cannot_revoke_a_token():
    holder = UserFactory(staff=True)
    key = issue(holder)["token"]
    other = APIClient()
    other.force_authenticate(UserFactory(approver=True))
    assert other.delete(f"{API}/auth/tokens/{holder.pk}/").status_code == 404
    assert by_token(key).get(f"{API}/documents/").status_code == 200
    assert not SecurityEvent.objects.exists()


def test_an_officer_revokes_a_token_from_the_security_page():
    holder = UserFactory(staff=True)
    key = issue(holder)["token"]
    browser = Client()
    browser.force_login(UserFactory(officer=True))
    page = browser.get(reverse("accounts:security")).content.decode()
    assert holder.username in page
    done = browser.post(reverse("accounts:token_revoke", args=[holder.pk]), follow=True)
    assert "is revoked" in done.content.decode()
    assert by_token(key).get(f"{API}/documents/").status_code == 401
