from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from nonconformities.forms import clean_clause
from nonconformities.serializers import UserRefSerializer
from objectives.models import Measurement, Objective, PlanItem
from objectives.workflow import Direction, Frequency
from organisation.models import Department
from qms import indicators


class PlanItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanItem
        fields = ["id", "what", "resources", "responsible", "due_date"]


class MeasurementSerializer(serializers.ModelSerializer):
    has_evidence_file = serializers.SerializerMethodField()

    class Meta:
        model = Measurement
        fields = [
            "id",
            "period_start",
            "period_end",
            "value",
            "comment",
            "computed",
            "has_evidence_file",
            "recorded_at",
        ]
        read_only_fields = fields

    def get_has_evidence_file(self, obj) -> bool:
        return bool(obj.file)


class ObjectiveSerializer(serializers.ModelSerializer):
    owner = UserRefSerializer(read_only=True)
    department_code = serializers.CharField(source="department.code", read_only=True, default="")

    class Meta:
        model = Objective
        fields = [
            "id",
            "year",
            "department",
            "department_code",
            "statement",
            "indicator_name",
            "indicator_key",
            "unit",
            "direction",
            "target",
            "threshold",
            "frequency",
            "owner",
            "iso_clause",
            "status",
            "latest_value",
            "nonconformity",
        ]
        read_only_fields = fields


class ObjectiveDetailSerializer(ObjectiveSerializer):
    measurements = MeasurementSerializer(many=True, read_only=True)
    plan_items = PlanItemSerializer(many=True, read_only=True)

    class Meta(ObjectiveSerializer.Meta):
        fields = [*ObjectiveSerializer.Meta.fields, "measurements", "plan_items"]
        read_only_fields = fields


class ObjectiveCreateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), allow_null=True, required=False
    )
    statement = serializers.CharField()
    indicator_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    indicator_key = serializers.ChoiceField(choices=[], required=False, allow_blank=True, default="")
    unit = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    direction = serializers.ChoiceField(choices=Direction.choices, default=Direction.UP)
    target = serializers.DecimalField(max_digits=12, decimal_places=2)
    threshold = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )
    frequency = serializers.ChoiceField(choices=Frequency.choices, default=Frequency.MONTHLY)
    owner = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True))
    iso_clause = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    plan = PlanItemSerializer(many=True, required=False, default=list)

    def validate_iso_clause(self, value):
        try:
            return clean_clause(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_key"].choices = [("", "")] + [
            (i.key, i.label) for i in indicators.indicators()
        ]


class MeasurementRecordSerializer(serializers.Serializer):
    period_start = serializers.DateField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.FileField(required=False, allow_null=True, default=None)


class OpenNonconformitySerializer(serializers.Serializer):
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), allow_null=True, required=False
    )
    description = serializers.CharField(required=False, allow_blank=True, default="")
