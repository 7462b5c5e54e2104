from rest_framework import serializers

from documents.models import Document
from organisation.models import Department
from procedures.models import (
    AdministrativeProcedure,
    DossierComponent,
    ProcedureFee,
    ProcedureField,
    ProcedureStep,
)
from procedures.services import COMPONENT_FIELDS, FEE_FIELDS, PROCEDURE_FIELDS, STEP_FIELDS
from procedures.workflow import ProcedureAction


class ComponentSerializer(serializers.ModelSerializer):
    form = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = DossierComponent
        fields = list(COMPONENT_FIELDS)


class FeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcedureFee
        fields = list(FEE_FIELDS)


class StepSerializer(serializers.ModelSerializer):
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = ProcedureStep
        fields = list(STEP_FIELDS)


class ProcedureSerializer(serializers.ModelSerializer):
    """The officers' view and write of a procedure (the working copy)."""

    field = serializers.PrimaryKeyRelatedField(queryset=ProcedureField.objects.all())
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    internal_procedure = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(), allow_null=True, required=False
    )
    legal_basis = serializers.PrimaryKeyRelatedField(
        queryset=Document.objects.all(), many=True, required=False
    )
    components = ComponentSerializer(many=True, required=False)
    fees = FeeSerializer(many=True, required=False)
    steps = StepSerializer(many=True, required=False)

    class Meta:
        model = AdministrativeProcedure
        fields = [
            "id",
            *PROCEDURE_FIELDS,
            "legal_basis",
            "components",
            "fees",
            "steps",
            "status",
            "needs_review",
            "review_reason",
            "published_revision",
            "published_at",
        ]
        read_only_fields = ["status", "needs_review", "review_reason", "published_revision", "published_at"]
        # Uniqueness of the code is checked by the service (full_clean), with the same message.
        extra_kwargs = {"code": {"validators": []}}


class ProcedureTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ProcedureAction.choices)


class PublicProcedureSerializer(serializers.Serializer):
    """What the public sees: the content frozen at the last publication."""

    code = serializers.CharField()
    status = serializers.CharField()
    published_revision = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    content = serializers.JSONField(source="published_content")
