from rest_framework import serializers

from dossiers.models import Dossier, DossierImport, DossierStep, Supplementation
from dossiers.permissions import user_sees_applicant


class DossierStepSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = DossierStep
        fields = ["step", "department", "started_at", "finished_at", "due_at", "outcome"]


class SupplementationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Supplementation
        fields = ["requested_at", "supplied_at", "reason"]


class DossierSerializer(serializers.ModelSerializer):
    procedure_code = serializers.CharField(source="procedure.code", read_only=True)
    department = serializers.CharField(source="department.code", read_only=True)
    nonconformity = serializers.CharField(source="nonconformity.number", read_only=True, default=None)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "procedure_code",
            "department",
            "channel",
            "received_at",
            "due_at",
            "deadline_at",
            "returned_at",
            "result",
            "outcome",
            "nonconformity",
        ]


class DossierDetailSerializer(DossierSerializer):
    steps = DossierStepSerializer(many=True, read_only=True)
    supplementations = SupplementationSerializer(many=True, read_only=True)
    applicant_name = serializers.SerializerMethodField()
    applicant_contact = serializers.SerializerMethodField()

    class Meta(DossierSerializer.Meta):
        fields = [
            *DossierSerializer.Meta.fields,
            "applicant_name",
            "applicant_contact",
            "steps",
            "supplementations",
        ]

    def _applicant(self, value):
        request = self.context.get("request")
        return value if request is not None and user_sees_applicant(request.user) else None

    def get_applicant_name(self, obj) -> str | None:
        return self._applicant(obj.applicant_name)

    def get_applicant_contact(self, obj) -> str | None:
        return self._applicant(obj.applicant_contact)


class StepInputSerializer(serializers.Serializer):
    step = serializers.CharField(max_length=300)
    department = serializers.CharField(max_length=20, required=False, allow_blank=True)
    started_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(required=False, allow_null=True)
    due_at = serializers.DateTimeField(required=False, allow_null=True)


class SupplementationInputSerializer(serializers.Serializer):
    requested_at = serializers.DateTimeField()
    supplied_at = serializers.DateTimeField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class DossierInputSerializer(serializers.Serializer):
    """One dossier as the one-stop system sends it; sending the same code again updates it."""

    code = serializers.CharField(max_length=60)
    procedure_code = serializers.CharField(max_length=30, required=False, allow_blank=True)
    applicant_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    applicant_contact = serializers.CharField(max_length=200, required=False, allow_blank=True)
    channel = serializers.CharField(max_length=20, required=False, allow_blank=True)
    received_at = serializers.DateTimeField(required=False, allow_null=True)
    due_at = serializers.DateTimeField(required=False, allow_null=True)
    returned_at = serializers.DateTimeField(required=False, allow_null=True)
    result = serializers.CharField(max_length=300, required=False, allow_blank=True)
    steps = StepInputSerializer(many=True, required=False)
    supplementations = SupplementationInputSerializer(many=True, required=False)


class DossierBatchSerializer(serializers.Serializer):
    dossiers = DossierInputSerializer(many=True, allow_empty=False, max_length=1000)


class ImportErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="The item's number in the list (1-based), or the file's line.")
    message = serializers.CharField()


class DossierImportSerializer(serializers.ModelSerializer):
    errors = ImportErrorSerializer(many=True, read_only=True)

    class Meta:
        model = DossierImport
        fields = [
            "id",
            "source",
            "file_name",
            "imported_at",
            "rows_read",
            "rows_imported",
            "dossiers_touched",
            "errors",
        ]


class RateRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    total = serializers.IntegerField()
    early = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class OnTimeSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    totals = RateRowSerializer()
    by_procedure = RateRowSerializer(many=True)
    by_department = RateRowSerializer(many=True)
    by_month = RateRowSerializer(many=True)
    by_step = RateRowSerializer(many=True)
    overdue = serializers.IntegerField()
    due_today = serializers.IntegerField()
