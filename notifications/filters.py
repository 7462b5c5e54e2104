"""FilterSet of the inbox (see qms.filters)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification
from qms.filters import BooleanFilter


class NotificationFilterSet(django_filters.FilterSet):
    unread = BooleanFilter(label=_("Unread only"), method="filter_unread")

    class Meta:
        model = Notification
        fields = ["unread"]

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=True) if value else queryset
