"""REST API for management reviews: thin viewsets over selectors and services.

Objects come from the selectors (forbidden and missing are both 404); each write is one
service call. Errors map in qms.api.exception_handler: lifecycle errors 409, refused
signature 403, ValidationError 400, PermissionDenied 404.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from management_reviews import selectors, services
from management_reviews import serializers as s


class ManagementReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Management reviews the user may see; lifecycle steps as POST sub-routes."""

    def get_queryset(self):
        return selectors.review_list_visible_to(self.request.user).order_by("-meeting_date", "-pk")

    def get_object(self):
        return selectors.review_get_for_user(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        if self.action == "list":
            return s.ManagementReviewSerializer
        return s.ManagementReviewDetailSerializer

    def _detail(self, review, code=status.HTTP_200_OK):
        review = selectors.review_get_for_user(self.request.user, review.pk)
        return Response(
            s.ManagementReviewDetailSerializer(review, context={"request": self.request}).data, status=code
        )

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request=s.ReviewPlanSerializer, responses={201: s.ManagementReviewDetailSerializer})
    def create(self, request):
        review = services.review_plan(actor=request.user, **self._input(s.ReviewPlanSerializer))
        return self._detail(review, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.ManagementReviewDetailSerializer)
    @action(detail=True, methods=["post"])
    def prepare(self, request, pk=None):
        return self._detail(services.review_prepare(actor=request.user, review=self.get_object()))

    @extend_schema(request=s.HoldSerializer, responses=s.ManagementReviewDetailSerializer)
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        data = self._input(s.HoldSerializer)
        return self._detail(services.review_hold(actor=request.user, review=self.get_object(), **data))

    @extend_schema(request=s.CommentarySerializer, responses=s.ManagementReviewDetailSerializer)
    @action(detail=True, methods=["post"])
    def commentary(self, request, pk=None):
        review = self.get_object()
        data = self._input(s.CommentarySerializer)
        section = review.sections.filter(key=data["key"]).first()
        if section is None:
            raise Http404("No such section.")
        services.section_comment(actor=request.user, section=section, commentary=data["commentary"])
        return self._detail(review)

    @extend_schema(request=s.DecisionRecordSerializer, responses={201: s.ReviewDecisionSerializer})
    @action(detail=True, methods=["post"])
    def decisions(self, request, pk=None):
        decision = services.decision_record(
            actor=request.user, review=self.get_object(), **self._input(s.DecisionRecordSerializer)
        )
        return Response(s.ReviewDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.MinutesSignSerializer, responses=s.ManagementReviewDetailSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        data = self._input(s.MinutesSignSerializer)
        return self._detail(services.review_sign(actor=request.user, review=self.get_object(), **data))


class ReviewDecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Actions decided at management reviews the user may see."""

    serializer_class = s.ReviewDecisionSerializer

    def get_queryset(self):
        mine = self.request.query_params.get("mine") == "1"
        return selectors.decision_list_visible_to(self.request.user, mine=mine)

    def get_object(self):
        return selectors.decision_get_for_user(self.request.user, self.kwargs["pk"])

    @extend_schema(request=s.DecisionCloseSerializer, responses=s.ReviewDecisionSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        serializer = s.DecisionCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.decision_complete(
            actor=request.user, decision=self.get_object(), **serializer.validated_data
        )
        return Response(s.ReviewDecisionSerializer(decision).data)
