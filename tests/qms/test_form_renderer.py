"""Every Django form is drawn in Bootstrap's classes by the project renderer (issue 16)."""

import pytest
from django import forms
from django.urls import reverse


class Sample(forms.Form):
    title = forms.CharField(help_text="Short")
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A"), ("b", "B")])
    tags = forms.MultipleChoiceField(choices=[("x", "X")], widget=forms.CheckboxSelectMultiple)
    agree = forms.BooleanField()
    note = forms.CharField(widget=forms.Textarea(attrs={"class": "mine"}))

    def clean(self):
        raise forms.ValidationError("Whole form")


def test_widgets_get_bootstrap_classes_and_errors_show_as_feedback():
    form = Sample({"kind": "a"})
    assert not form.is_valid()
    assert 'class="form-control is-invalid"' in str(form["title"])
    assert 'class="form-select"' in str(form["kind"])
    assert "---------" not in str(form["kind"]) and "— choose —" in str(form["kind"])
    assert 'class="form-check-input"' in str(form["tags"])
    assert 'class="form-check-input is-invalid"' in str(form["agree"])
    assert 'class="mine is-invalid"' in str(form["note"])  # a class set by the form is kept
    assert 'class="errorlist invalid-feedback d-block"' in str(form["title"].errors)
    assert 'class="errorlist nonfield alert alert-danger"' in str(form.non_field_errors())
    page = form.as_div()
    assert '<div class="form-text helptext" id="id_title_helptext">Short</div>' in page
    assert '<label class="form-check-label" for="id_agree">' in page


@pytest.mark.django_db
def test_a_page_shows_a_refused_post_with_bootstrap_errors(client):
    # The public feedback form, sent empty: the fields are drawn invalid, the messages under them.
    body = client.post(reverse("public_feedback"), {"website": ""}).content.decode()
    assert 'class="form-control is-invalid"' in body
    assert 'class="errorlist invalid-feedback d-block"' in body
    assert '<ul class="errorlist">' not in body
