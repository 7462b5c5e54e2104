"""FilterSets of the approvals lists, shared by the pages and the API (see qms.filters)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from approvals.models import Acknowledgement, ChangeRequest, Signature
from qms.filters import IntegerFilter


class ChangeRequestFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ChangeRequest.Status.choices)

    class Meta:
        model = ChangeRequest
        fields = ["status"]


class AcknowledgementFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Acknowledgement.Status.choices)

    class Meta:
        model = Acknowledgement
        fields = ["status"]


class SignatureFilterSet(django_filters.FilterSet):
    version = IntegerFilter(
        field_name="version_id", label=_("Version"), help_text=_("Only this version's signatures.")
    )

    class Meta:
        model = Signature
        fields = ["version"]
