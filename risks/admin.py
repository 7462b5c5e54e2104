from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from risks.models import RatingBand, Risk, RiskScale, TreatmentAction


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "kind", "department", "rating", "residual_rating", "status"]
    list_filter = ["kind", "status", "department"]
    search_fields = ["number", "title"]
    readonly_fields = ["number", "rating", "residual_rating", "closed_at"]


@admin.register(TreatmentAction)
class TreatmentActionAdmin(SimpleHistoryAdmin):
    list_display = ["risk", "owner", "due_date", "status", "effective"]
    list_filter = ["status"]


@admin.register(RatingBand)
class RatingBandAdmin(SimpleHistoryAdmin):
    list_display = ["name", "min_score", "max_score", "colour", "requires_treatment"]


@admin.register(RiskScale)
class RiskScaleAdmin(SimpleHistoryAdmin):
    list_display = ["likelihood_levels", "impact_levels"]
