"""REST API for periodic review: the same selectors and service as the pages.

GET  /api/v1/reviews/            reviews of versions the user may see (newest first)
POST /api/v1/reviews/            record a review {version, outcome, comment[, file]}
GET  /api/v1/reviews/due/        effective versions due within 30 days
GET  /api/v1/reviews/overdue/    overdue, ?department=&owner=
"""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from documents.models import DocumentVersion
from reviews import selectors, services
from reviews.filters import OverdueReviewFilterSet
from reviews.models import PeriodicReview
from reviews.serializers import (
    PeriodicReviewSerializer,
    ReviewRecordSerializer,
    ReviewScheduleSerializer,
)


class PeriodicReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = PeriodicReviewSerializer
    filterset_class = None  # the overdue list names its own
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # the schema reads the overdue list's filters against the versions it lists
            return (DocumentVersion if self.action == "overdue" else PeriodicReview).objects.none()
        return selectors.reviews_visible_to(self.request.user)

    @extend_schema(
        request=ReviewRecordSerializer,
        responses={
            201: PeriodicReviewSerializer,
            400: OpenApiResponse(description="Bad input; field errors."),
            404: OpenApiResponse(description="No such version, or the user may not review it."),
            409: OpenApiResponse(description="The version is not effective, or a revision is already open."),
        },
    )
    def create(self, request):
        data = ReviewRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = selectors.review_version_get_for_user(request.user, data.validated_data["version"])
        review = services.review_record(
            actor=request.user,
            version=version,
            outcome=data.validated_data["outcome"],
            comment=data.validated_data["comment"],
            file=data.validated_data["file"],
        )
        return Response(PeriodicReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ReviewScheduleSerializer(many=True))
    @action(detail=False, serializer_class=ReviewScheduleSerializer)
    def due(self, request):
        versions = selectors.reviews_due(request.user, today=timezone.localdate())
        return self._page(versions)

    @extend_schema(responses=ReviewScheduleSerializer(many=True))
    @action(detail=False, serializer_class=ReviewScheduleSerializer, filterset_class=OverdueReviewFilterSet)
    def overdue(self, request):
        versions = selectors.reviews_overdue(request.user, today=timezone.localdate())
        return self._page(self.filter_queryset(versions))

    def _page(self, queryset):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(ReviewScheduleSerializer(page, many=True).data)
