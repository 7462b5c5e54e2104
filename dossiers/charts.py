"""The dashboard's charts (qms.charts): each bar a link to the filtered dossier list."""

from urllib.parse import urlencode

from django.utils.translation import gettext as _

from qms import charts


def _url(base, **params) -> str:
    return f"{base}?{urlencode({k: v for k, v in params.items() if v not in (None, '')})}"


def _rate(row) -> float:
    return float(row["rate"]) if row["rate"] is not None else 0.0


def on_time_charts(figures: dict, list_url: str) -> dict:
    start, end = figures["start"].isoformat(), figures["end"].isoformat()
    period = {"returned_from": start, "returned_to": end}
    by_procedure = charts.bar_chart(
        _("On-time rate by procedure (%)"),
        [
            charts.Bar(
                label=f"{row['procedure__code']} {row['procedure__name']}",
                value=_rate(row),
                url=_url(list_url, procedure=row["procedure__code"], outcome="late", **period),
                tone="good" if _rate(row) >= 95 else "warn",
            )
            for row in figures["by_procedure"]
        ],
        empty_text=_("No dossier returned in the period."),
    )
    by_department = charts.bar_chart(
        _("On-time rate by department (%)"),
        [
            charts.Bar(
                label=f"{row['department__code']} – {row['department__name']}",
                value=_rate(row),
                url=_url(list_url, department=row["department_id"], outcome="late", **period),
                tone="good" if _rate(row) >= 95 else "warn",
            )
            for row in figures["by_department"]
        ],
        empty_text=_("No dossier returned in the period."),
    )
    months = [row["month"] for row in figures["by_month"]]
    month_ranges = [charts.month_range(m.date() if hasattr(m, "date") else m) for m in months]
    categories = [charts.month_label(m.date() if hasattr(m, "date") else m) for m in months]

    def series(label, key, outcome, tone):
        return charts.Series(
            label,
            values=[row[key] for row in figures["by_month"]],
            urls=[
                _url(
                    list_url,
                    outcome=outcome,
                    returned_from=a.isoformat(),
                    returned_to=(b - b.resolution).isoformat(),
                )
                for a, b in month_ranges
            ],
            tone=tone,
        )

    by_month = charts.stacked_bar_chart(
        _("Dossiers returned per month"),
        categories=categories,
        series=[
            series(_("Early"), "early", "early", "good"),
            series(_("On time"), "on_time", "on_time", "primary"),
            series(_("Late"), "late", "late", "bad"),
        ],
        empty_text=_("No dossier returned in the period."),
    )
    return {"by_procedure": by_procedure, "by_department": by_department, "by_month": by_month}


def satisfaction_charts(results: dict) -> dict:
    by_criterion = charts.bar_chart(
        _("Average score by criterion (1-5)"),
        [
            charts.Bar(
                label=str(row["label"]),
                value=float(row["average"] or 0),
                tone="good" if (row["average"] or 0) >= 4 else "warn",
            )
            for row in results["by_criterion"]
            if row.get("answers")
        ],
        empty_text=_("No survey answered in the period."),
    )
    by_procedure = charts.bar_chart(
        _("Share satisfied by procedure (%)"),
        [
            charts.Bar(
                label=f"{row['response__procedure__code'] or _('General')} {row['response__procedure__name'] or ''}".strip(),
                value=float(row["satisfied_rate"] or 0),
            )
            for row in results["by_procedure"]
        ],
        empty_text=_("No survey answered in the period."),
    )
    return {"by_criterion": by_criterion, "by_procedure": by_procedure}
