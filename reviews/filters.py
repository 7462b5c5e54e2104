"""FilterSet of the overdue periodic reviews, shared by the page and the API (see qms.filters)."""

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from documents.models import DocumentVersion
from organisation.models import Department


def _owner_field_label(user):
    return user.get_full_name() or user.get_username()


class OverdueReviewFilterSet(django_filters.FilterSet):
    """``owners``: the users the page offers in its list (those with an overdue review
    the reader may see); any existing user id is accepted."""

    department = django_filters.ModelChoiceFilter(
        field_name="document__department",
        label=_("Department"),
        queryset=Department.objects.select_related("parent").order_by("code"),
    )
    owner = django_filters.ModelChoiceFilter(
        field_name="document__owner", label=_("Owner"), queryset=get_user_model().objects.all()
    )

    class Meta:
        model = DocumentVersion
        fields = ["department", "owner"]

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.form.fields["owner"]
        field.label_from_instance = _owner_field_label
        if owners is not None:
            # Offered: the owners listed; accepted: any user (an owner with nothing overdue lists nothing).
            field.widget.choices = [
                ("", field.empty_label),
                *((user.pk, _owner_field_label(user)) for user in owners),
            ]
