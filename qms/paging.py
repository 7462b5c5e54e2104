"""Paging of long lists (issue 12): no exact COUNT(*) over a large set on every page.

``CappedCountPaginator`` counts at most ``COUNT_LIMIT`` + 1 rows (a COUNT over a LIMITed
subquery, so the work is bounded whatever the table holds). Below the limit the count
is exact and paging is Django's; above it the page says "more than 1,000 results",
shows "Page N" without a total, and still opens any page number (an offset read along
the index that matches the list's ORDER BY); a page past the end falls back like
Django's.

``KeysetOrPagePagination`` is the API's: keyset (cursor) paging on a unique, indexed
ordering by default (``next``/``previous`` links with ``cursor=``; the cost of page 3,000
is the cost of page 1), and numbered pages when the client asks for ``?page=``. Both
answer ``count`` (exact up to the limit) and ``count_exact`` (false when ``count`` is
the limit and there are more).
"""

from django.core.paginator import EmptyPage, Page, Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response

COUNT_LIMIT = 1000
DEEP_OFFSET = 500


def capped_count(queryset, limit: int | None = None) -> int:
    """The number of rows, but at most ``limit`` + 1 (one bounded query)."""
    limit = COUNT_LIMIT if limit is None else limit
    return queryset.order_by().values("pk")[: limit + 1].count()


def rows_at(queryset, offset: int, limit: int) -> list:
    """``queryset[offset:offset + limit]``; far down the list the ids are read first along
    the ORDER BY's index and only those rows are then fetched with their joins and
    prefetches (the rows skipped by the OFFSET are never joined)."""
    if offset < DEEP_OFFSET:
        return list(queryset[offset : offset + limit])
    ids = list(queryset.values_list("pk", flat=True)[offset : offset + limit])
    rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


class OpenEndedPage(Page):
    """A page of a list whose end is not known: it knows only whether a row follows."""

    def __init__(self, object_list, number, paginator, *, has_more: bool):
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self):
        return self.has_more

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1


class CappedCountPaginator(Paginator):
    @property
    def count_limit(self) -> int:
        return COUNT_LIMIT

    @cached_property
    def count(self):
        return min(capped_count(self.object_list, self.count_limit), self.count_limit + 1)

    @property
    def count_limit_display(self) -> str:
        """The limit as the active language writes it ("1,000", "1.000")."""
        from django.utils.formats import get_format

        return f"{self.count_limit:,}".replace(",", get_format("THOUSAND_SEPARATOR"))

    @property
    def count_is_lower_bound(self) -> bool:
        return self.count > self.count_limit

    def validate_number(self, number):
        if not self.count_is_lower_bound:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            return super().validate_number(number)  # raises PageNotAnInteger
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def get_page(self, number):
        try:
            return super().get_page(number)
        except EmptyPage:  # past the end of an open-ended list: its last page we can vouch for
            return self.page(self.num_pages)

    def page(self, number):
        number = self.validate_number(number)
        if not self.count_is_lower_bound:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = rows_at(self.object_list, bottom, self.per_page + 1)
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return OpenEndedPage(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)


class _NumberedPages(PageNumberPagination):
    django_paginator_class = CappedCountPaginator
    page_size_query_param = "page_size"
    max_page_size = 100


class KeysetOrPagePagination(CursorPagination):
    """Keyset paging by ``ordering`` (unique and indexed), or numbered pages on ``?page=``."""

    ordering = "pk"
    page_size_query_param = "page_size"
    max_page_size = 100
    numbered = None

    def paginate_queryset(self, queryset, request, view=None):
        if request.query_params.get("page") is not None:
            self.numbered = _NumberedPages()
            rows = self.numbered.paginate_queryset(queryset, request, view)
            self.count = self.numbered.page.paginator.count
            return rows
        self.count = capped_count(queryset)
        return super().paginate_queryset(queryset, request, view)

    def _count_fields(self):
        return {"count": min(self.count, COUNT_LIMIT), "count_exact": self.count <= COUNT_LIMIT}

    def get_paginated_response(self, data):
        if self.numbered is not None:
            return Response(
                {
                    **self._count_fields(),
                    "next": self.numbered.get_next_link(),
                    "previous": self.numbered.get_previous_link(),
                    "results": data,
                }
            )
        return Response(
            {
                **self._count_fields(),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"] = {
            "count": {"type": "integer", "example": 123, "description": f"Exact up to {COUNT_LIMIT}."},
            "count_exact": {"type": "boolean", "description": f"False: more than {COUNT_LIMIT}."},
            **response["properties"],
        }
        response["required"] = ["count", "count_exact", *response.get("required", [])]
        return response

    def get_schema_operation_parameters(self, view):
        return super().get_schema_operation_parameters(view) + [
            p for p in _NumberedPages().get_schema_operation_parameters(view) if p["name"] == "page"
        ]
