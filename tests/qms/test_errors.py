"""One error path (issue 11 item 4): services raise a qms.errors kind, ValidationError or
PermissionDenied; the API answers each with its status, web views through
qms.views.service_call with a form error, a message or the 404 page; error pages in the
site's layout, in English and Vietnamese."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from approvals.models import Signature
from documents.models import DocumentVersion
from documents.workflow import DocumentStatus, TransitionError
from qms import errors
from qms.api import exception_handler
from qms.views import service_call
from signatures.services import SignatureRefused
from tests.approvals.factories import make_effective_document
from tests.documents.factories import UserFactory, make_document

API = "/api/v1"


class ReviewForm(forms.Form):
    comment = forms.CharField()
    password = forms.CharField()


def web_request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def told(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


# --- the web helper --------------------------------------------------------------------


def test_a_validation_error_lands_on_the_fields_it_names_and_the_rest_on_the_form():
    # given
    request, form = web_request(), ReviewForm({"comment": "x", "password": "y"})
    assert form.is_valid()
    # when
    with service_call(request, form=form) as call:
        raise ValidationError({"comment": "Say why.", "reviewer": "Not a field of this form."})
    # then
    assert call.on_form and not call.ok and not call.refused
    assert form.errors["comment"] == ["Say why."]
    assert form.non_field_errors() == ["Not a field of this form."]
    assert told(request) == []


def test_a_validation_error_without_a_field_can_go_to_a_named_field():
    request, form = web_request(), ReviewForm({"comment": "x", "password": "y"})
    form.is_valid()
    with service_call(request, form=form, non_field="comment") as call:
        raise ValidationError("The file is not a PDF.")
    assert call.on_form and form.errors["comment"] == ["The file is not a PDF."]


def test_without_a_form_a_validation_error_is_told_in_messages():
    request = web_request()
    with service_call(request) as call:
        raise ValidationError(["First problem.", "Second problem."])
    assert call.refused and told(request) == ["First problem.", "Second problem."]


def test_a_refused_transition_is_a_message_even_with_a_form():
    request, form = web_request(), ReviewForm({"comment": "x", "password": "y"})
    form.is_valid()
    with service_call(request, form=form) as call:
        raise TransitionError("Cannot submit a version that is effective.")
    assert call.refused and not call.on_form and form.is_valid()
    assert told(request) == ["Cannot submit a version that is effective."]


def test_a_refused_signature_goes_under_the_password_box():
    request, form = web_request(), ReviewForm({"comment": "x", "password": "y"})
    form.is_valid()
    with service_call(request, form=form) as call:
        raise SignatureRefused("The password is not correct. Nothing was signed.")
    assert call.on_form and form.errors["password"] == ["The password is not correct. Nothing was signed."]
    assert told(request) == []


def test_permission_denied_and_not_found_are_the_404_page():
    with pytest.raises(Http404), service_call(web_request()):
        raise PermissionDenied("Not yours.")
    with pytest.raises(Http404), service_call(web_request()):
        raise errors.NotFound("No such thing.")


def test_permission_denied_can_be_told_when_the_user_sees_the_record():
    request = web_request()
    with service_call(request, forbidden_message=True) as call:
        raise PermissionDenied("Only the owner of the action records that it is done.")
    assert call.refused and told(request) == ["Only the owner of the action records that it is done."]


def test_other_exceptions_are_not_swallowed():
    with pytest.raises(ZeroDivisionError), service_call(web_request()):
        1 / 0  # noqa: B018


def test_nothing_raised_means_ok():
    with service_call(web_request()) as call:
        pass
    assert call.ok and not call.refused and not call.on_form


# --- the web helper in real views -----------------------------------------------------


@pytest.mark.django_db
def test_a_refused_transition_on_a_page_is_a_message_and_back_to_the_version(client):
    # given: an effective version, which cannot be submitted again
    officer = UserFactory(officer=True)
    version = make_document(officer=officer, status=DocumentStatus.EFFECTIVE).versions.get()
    client.force_login(officer)
    # when
    response = client.post(reverse("documents:transition", args=[version.pk, "submit"]), follow=True)
    # then
    assert response.redirect_chain[-1][0] == reverse("documents:version_detail", args=[version.pk])
    assert any("Cannot" in str(m) for m in response.context["messages"])
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE


@pytest.mark.django_db
def test_a_wrong_signing_password_on_the_page_is_a_form_error_and_nothing_is_signed(client):
    # given
    document = make_effective_document()
    version = document.versions.get()
    officer = UserFactory(officer=True)
    client.force_login(officer)
    # when
    response = client.post(
        reverse("approvals:withdraw", args=[version.pk]), {"reason": "Hết hiệu lực", "password": "wrong"}
    )
    # then
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE


# --- the API's one handler --------------------------------------------------------------


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
def test_api_refused_transition_is_409():
    officer = UserFactory(officer=True)
    version = make_document(officer=officer, status=DocumentStatus.EFFECTIVE).versions.get()
    response = api_for(officer).post(f"{API}/versions/{version.pk}/submit/")
    assert response.status_code == 409 and response.json()["detail"]


@pytest.mark.django_db
def test_api_refused_signature_is_403_on_the_password_field():
    # given
    document = make_effective_document()
    version = document.versions.get()
    officer = UserFactory(officer=True)
    # when
    response = api_for(officer).post(
        f"{API}/versions/{version.pk}/withdraw/",
        {"reason": "Hết hiệu lực", "password": "wrong"},
        format="json",
    )
    # then
    assert response.status_code == 403
    assert response.json() == {"password": ["The password is not correct. Nothing was signed."]}
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE


@pytest.mark.django_db
def test_api_frozen_record_is_409():
    # given: the model's own guard refusing to delete a signature
    signature = Signature.objects.get(version__document=make_effective_document())
    with pytest.raises(errors.FrozenRecord) as refused:
        signature.delete()
    # when
    response = exception_handler(refused.value, {})
    # then
    assert response.status_code == 409
    assert response.data == {"detail": "An electronic signature can never be deleted."}


def test_api_not_found_kind_is_404():
    response = exception_handler(errors.NotFound("No such thing."), {})
    assert response.status_code == 404 and response.data == {"detail": "No such thing."}


@pytest.mark.django_db
def test_api_missing_and_forbidden_objects_are_the_same_json_404():
    # given: a confidential document a member of staff may not see
    officer = UserFactory(officer=True)
    hidden = make_document(officer=officer, confidential=True, status=DocumentStatus.EFFECTIVE).versions.get()
    staff = UserFactory(staff=True)
    missing_pk = DocumentVersion.objects.order_by("-pk").first().pk + 1000
    # when
    forbidden = api_for(staff).get(f"{API}/versions/{hidden.pk}/")
    missing = api_for(staff).get(f"{API}/versions/{missing_pk}/")
    # then
    for response in (forbidden, missing):
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
    assert forbidden.json() == missing.json()


# --- the error pages ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_missing_document_is_the_404_page_in_the_layout_in_vietnamese(client):
    # given
    client.force_login(UserFactory(staff=True))
    client.cookies["django_language"] = "vi"
    # when
    response = client.get(reverse("documents:detail", args=[999999]))
    # then
    page = response.content.decode()
    assert response.status_code == 404
    assert 'class="topbar"' in page and "Đăng xuất" in page  # the site's header, signed in
    assert "Không tìm thấy trang" in page
    assert "/static/css/qms.css" in page


@pytest.mark.django_db
def test_an_address_nobody_serves_is_the_404_page_signed_out_too(client):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'class="topbar"' in page and "Page not found" in page and "/accounts/login/" in page


@pytest.mark.django_db
def test_a_forbidden_document_is_the_same_404_page_as_a_missing_one(client):
    # given
    officer = UserFactory(officer=True)
    hidden = make_document(officer=officer, confidential=True, status=DocumentStatus.EFFECTIVE)
    client.force_login(UserFactory(staff=True))
    # when
    forbidden = client.get(reverse("documents:detail", args=[hidden.pk]))
    missing = client.get(reverse("documents:detail", args=[hidden.pk + 1000]))
    # then
    assert forbidden.status_code == missing.status_code == 404
    assert "Page not found" in forbidden.content.decode()
    assert hidden.title not in forbidden.content.decode()


@pytest.mark.django_db
def test_a_service_refusing_a_user_on_a_page_answers_the_404_page(client):
    # given: staff read the effective version but may not withdraw it
    officer = UserFactory(officer=True)
    version = make_document(officer=officer, status=DocumentStatus.EFFECTIVE).versions.get()
    client.force_login(UserFactory(staff=True))
    assert client.get(reverse("documents:version_detail", args=[version.pk])).status_code == 200
    # when
    response = client.post(
        reverse("documents:transition", args=[version.pk, "withdraw"]), {"reason": "Hết hiệu lực"}
    )
    # then
    assert response.status_code == 404
    assert 'class="topbar"' in response.content.decode() and "Page not found" in response.content.decode()
    version.refresh_from_db()
    assert version.status == DocumentStatus.EFFECTIVE


@pytest.mark.django_db
@pytest.mark.urls("tests.qms.error_urls")
def test_permission_denied_is_the_403_page_in_the_layout_in_both_languages(client):
    client.force_login(UserFactory(staff=True))
    english = client.get("/refused/")
    client.cookies["django_language"] = "vi"
    vietnamese = client.get("/refused/")
    assert english.status_code == vietnamese.status_code == 403
    assert 'class="topbar"' in english.content.decode() and "Not allowed" in english.content.decode()
    assert "Không được phép" in vietnamese.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.qms.error_urls")
def test_the_500_page_is_static_and_translated_and_the_api_answers_json():
    client = Client(raise_request_exception=False)
    page = client.get("/broken/")
    client.cookies["django_language"] = "vi"
    translated = client.get("/broken/")
    api = client.get("/api/v1/broken/")
    refused_api = client.get("/api/v1/refused/")
    assert page.status_code == translated.status_code == 500
    assert "Server error" in page.content.decode() and "/static/css/qms.css" in page.content.decode()
    assert "Lỗi máy chủ" in translated.content.decode()
    assert api.status_code == 500 and api["Content-Type"] == "application/json"
    assert refused_api.status_code == 403 and refused_api["Content-Type"] == "application/json"
