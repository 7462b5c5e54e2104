"""The officers' pages: edit with the inline rows, bad input refused with nothing saved,
buttons by state, the to-review list."""

import pytest
from django.urls import reverse

from procedures.models import AdministrativeProcedure

pytestmark = pytest.mark.django_db


def _value(value):
    if isinstance(value, list | tuple):
        return [getattr(v, "pk", v) for v in value]
    if value is None:
        return ""
    return getattr(value, "pk", value)


def _post_data(response) -> dict:
    """What the browser would send back for the edit page as rendered."""
    data = {}
    form = response.context["form"]
    for name, field in form.fields.items():
        value = _value(form.initial.get(name, field.initial))
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    for formset in response.context["formsets"]:
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[management.add_prefix(name)] = management.initial.get(name, 0)
        data[management.add_prefix("TOTAL_FORMS")] = formset.initial_form_count()
        for child in formset.forms[: formset.initial_form_count()]:
            for name, field in child.fields.items():
                value = _value(child.initial.get(name, field.initial))
                if name == "procedure":
                    value = formset.instance.pk
                if value is not False:
                    data[child.add_prefix(name)] = value
    return data


def test_officer_edits_the_working_copy_and_adds_a_step(client, world):
    client.force_login(world.officer)
    url = reverse("procedures:edit", args=[world.procedure.pk])
    data = _post_data(client.get(url))
    data["name"] = "Cấp bản sao bằng tốt nghiệp (sửa)"
    total = "steps-TOTAL_FORMS"
    index = int(data[total])
    data[total] = index + 1
    data.update(
        {
            f"steps-{index}-order": 4,
            f"steps-{index}-name": "Lưu hồ sơ",
            f"steps-{index}-time_unit": "working_days",
        }
    )
    # when
    response = client.post(url, data)
    # then
    assert response.status_code == 302, response.context and response.context["form"].errors
    procedure = AdministrativeProcedure.objects.get(pk=world.procedure.pk)
    assert procedure.name == "Cấp bản sao bằng tốt nghiệp (sửa)"
    assert [s.name for s in procedure.steps.all()][-1] == "Lưu hồ sơ"
    assert procedure.published_content["name"] == "Cấp bản sao bằng tốt nghiệp từ sổ gốc"
    assert procedure.history.first().history_user == world.officer
    detail = client.get(reverse("procedures:detail", args=[procedure.pk])).content.decode()
    assert "The working copy differs from the public page." in detail
    assert reverse("procedures:transition", args=[procedure.pk, "republish"]) in detail


def test_bad_input_is_refused_and_nothing_is_saved(client, world):
    client.force_login(world.officer)
    url = reverse("procedures:edit", args=[world.procedure.pk])
    data = _post_data(client.get(url))
    data["name"] = "Tên mới"
    data["processing_time"] = "-3"
    data["steps-0-time_limit"] = "abc"
    # when
    response = client.post(url, data)
    # then
    assert response.status_code == 400
    assert "Please correct the errors below." in response.content.decode()
    assert (
        AdministrativeProcedure.objects.get(pk=world.procedure.pk).name
        == "Cấp bản sao bằng tốt nghiệp từ sổ gốc"
    )


def test_buttons_by_state_and_a_refused_publication_is_explained(client, world):
    client.force_login(world.officer)
    published = client.get(reverse("procedures:detail", args=[world.procedure.pk])).content.decode()
    # then: nothing changed since publication, so no "publish the changes"
    assert reverse("procedures:transition", args=[world.procedure.pk, "republish"]) not in published
    assert reverse("procedures:transition", args=[world.procedure.pk, "suspend"]) in published
    # when: the draft has a confidential form → refused with the reason
    draft = world.make(code="1.000002", name="Thủ tục thử", publish=False, form=world.secret_form)
    response = client.post(reverse("procedures:transition", args=[draft.pk, "publish"]), follow=True)
    assert "is confidential" in response.content.decode()
    assert AdministrativeProcedure.objects.get(pk=draft.pk).status == "draft"
    # the to-review list
    AdministrativeProcedure.objects.filter(pk=world.procedure.pk).update(needs_review=True)
    listing = client.get(reverse("procedures:list"), {"needs_review": "true"}).content.decode()
    assert "1.005090" in listing and "1.000002" not in listing
