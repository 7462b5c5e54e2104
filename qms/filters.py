"""Query-string filters shared by the pages and the API (django-filter FilterSets).

Each app keeps its FilterSets in ``<app>/filters.py``; the API view names one as
``filterset_class`` (DRF's DjangoFilterBackend answers 400 with the field messages) and
the page filters through ``filter_for_page``, which answers 400 the same way. A value
that does not fit (a NUL byte, a year out of range, an unknown choice, a number too
large for the database) is refused before any query runs.
"""

import django_filters
from django import forms
from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The largest id PostgreSQL's bigint holds; beyond it a lookup would fail in the database.
MAX_ID = 2**63 - 1
YEAR_MIN = 2000
YEAR_MAX = 2100
SEARCH_MAX_LENGTH = 200
# The empty choice of selects, instead of Django's "---------": a filter's (see also
# FILTERS_EMPTY_CHOICE_LABEL in the settings) and a form's.
ANY_LABEL = gettext_lazy("— any —")
CHOOSE_LABEL = gettext_lazy("— choose —")


def _shorten(message: str, limit: int = 300) -> str:
    message = str(message)
    return message if len(message) <= limit else message[: limit - 1] + "…"


class FilterRefused(BadRequest):
    """A page's filter values do not validate; ``errors`` maps field -> messages."""

    def __init__(self, errors: dict[str, list[str]]):
        # Django's messages repeat the value; a 10,000-character one need not come back whole.
        errors = {field: [_shorten(m) for m in messages] for field, messages in errors.items()}
        self.errors = errors
        super().__init__("; ".join(f"{field}: {' '.join(messages)}" for field, messages in errors.items()))


def filter_for_page(filterset_class, request, queryset, **kwargs):
    """The FilterSet for the page's query string, validated; raises FilterRefused (400)."""
    filterset = filterset_class(request.GET, queryset=queryset, request=request, **kwargs)
    if not filterset.is_valid():
        raise FilterRefused(
            {field: [str(m) for m in messages] for field, messages in filterset.errors.items()}
        )
    return filterset


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (NumberFilter takes decimals), bounded like a database id by default."""

    field_class = forms.IntegerField

    def __init__(self, *args, min_value=1, max_value=MAX_ID, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)


class YearFilter(IntegerFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Year"))
        kwargs.setdefault(
            "help_text", format_lazy(gettext_lazy("A year from {min} to {max}."), min=YEAR_MIN, max=YEAR_MAX)
        )
        super().__init__(*args, min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs)


class _StrictBooleanField(forms.NullBooleanField):
    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in (True, "true", "True", "1"):
            return True
        if value in (False, "false", "False", "0"):
            return False
        raise forms.ValidationError(_("Give true or false (1 or 0)."), code="invalid")


class BooleanFilter(django_filters.BooleanFilter):
    """true/false/1/0; anything else is refused (Django's NullBooleanField ignores it)."""

    field_class = _StrictBooleanField


class SearchFilter(django_filters.CharFilter):
    """Free text; NUL bytes are refused by the form field, the length is capped."""

    def __init__(self, *args, max_length=SEARCH_MAX_LENGTH, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Search"))
        super().__init__(*args, max_length=max_length, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, value.strip() if isinstance(value, str) else value)


class RefuseNulBytes:
    """Middleware: a NUL byte anywhere in the path or the query string answers 400.

    PostgreSQL cannot store or compare text with NUL, so such a value reaching a query
    is a server error; no page or API of ours has a use for it. The FilterSets refuse it
    too (with the field named); this catches parameters read outside a FilterSet.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            message = _("The address contains a NUL character; remove it and try again.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            raise FilterRefused({"": [message]})
        return self.get_response(request)
