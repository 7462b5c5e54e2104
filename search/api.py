"""GET /api/v1/search/?q=: the search page's query, with snippets (same visibility rule)."""

from django.core.paginator import Paginator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from search import selectors
from search.forms import SearchForm
from search.permissions import may_search_history
from search.serializers import SearchHitSerializer


class SearchPagination(PageNumberPagination):
    page_size = 20
    known_count = None

    def django_paginator_class(self, object_list, per_page):
        paginator = Paginator(object_list, per_page)
        if self.known_count is not None:
            paginator.count = self.known_count  # the search knows it: no COUNT query
        return paginator


class SearchView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, required=True, description='Words, "phrases", prefix*'),
            OpenApiParameter("doc_type", OpenApiTypes.INT),
            OpenApiParameter("department", OpenApiTypes.INT),
            OpenApiParameter(
                "status", OpenApiTypes.STR, many=True, description="officers: superseded, obsolete"
            ),
            OpenApiParameter("effective_from", OpenApiTypes.DATE),
            OpenApiParameter("effective_to", OpenApiTypes.DATE),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
        responses=inline_serializer(
            "SearchResults",
            {
                "count": serializers.IntegerField(help_text="hits found (at most 2 x 500, see capped)"),
                "capped": serializers.BooleanField(
                    help_text="more than 500 versions matched: count, facets and results are of the best found"
                ),
                "next": serializers.URLField(allow_null=True),
                "previous": serializers.URLField(allow_null=True),
                "facets": serializers.DictField(),
                "results": SearchHitSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        form = SearchForm(request.query_params, may_search_history=may_search_history(request.user))
        if not form.is_valid():
            raise ValidationError(form.errors)
        query = form.cleaned_data["q"].strip()
        if not query:
            raise ValidationError({"q": ["Give the words to find."]})
        results = selectors.search(request.user, query, **form.search_kwargs())
        versions = results.versions.select_related("document")
        paginator = SearchPagination()
        paginator.known_count = results.count
        page = paginator.paginate_queryset(versions, request, view=self)
        hits = selectors.hits_with_snippets(page, query)
        response = paginator.get_paginated_response(SearchHitSerializer(hits, many=True).data)
        response.data["facets"] = selectors.facets(versions)
        response.data["capped"] = results.capped
        return response
