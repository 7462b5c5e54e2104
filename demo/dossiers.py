"""The dossiers part of the demo: a year of dossiers for the demo procedures, imported
through the same importer as the one-stop export (steps, a few supplementation requests,
some late, some still open and overdue), satisfaction answers for a third of the returned
dossiers (a few low), and one nonconformity opened from a late dossier.

Idempotent: dossier codes are fixed (HS-DEMO-00001...), so a second run updates the same
dossiers (their dates follow today) and adds no row; answers and the NC are made once.
"""

import datetime
import random

from django.conf import settings
from django.utils import timezone, translation

from demo import documents as demo_documents
from dossiers import importer, services
from dossiers.calendar import calendar_around
from dossiers.models import Dossier, Outcome, SurveyResponse
from dossiers.selectors import survey_for
from procedures.models import AdministrativeProcedure

DOSSIERS = 1500
CHANNELS = ["counter", "counter", "online", "post"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung", "Hoàng Minh Đức", "Vũ Thị Hà"]
COMMENTS = ["Cán bộ nhiệt tình.", "Trả kết quả chậm so với giấy hẹn.", "", "Nên có thêm chỗ ngồi chờ.", ""]


def _hours(amount, unit, cal) -> float:
    amount = float(amount or 0)
    return amount if unit == "working_hours" else amount * cal.hours_per_day


def _rows(procedures, cal, now):
    rng = random.Random(15)
    start = timezone.localtime(now) - datetime.timedelta(days=365)
    for n in range(1, DOSSIERS + 1):
        procedure, steps = procedures[n % len(procedures)]
        day = cal.add_working_days((start + datetime.timedelta(days=n * 365 / DOSSIERS)).date(), 1)
        received = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8 + n % 8, 15 * (n % 4))))
        if received > now:
            continue
        code = f"HS-DEMO-{n:05d}"
        dossier = {
            "dossier_code": code,
            "procedure_code": procedure.code,
            "applicant_name": NAMES[n % len(NAMES)],
            "applicant_contact": f"09{n:08d}",
            "channel": CHANNELS[n % len(CHANNELS)],
            "received_at": received,
        }
        events, moment, paused = [], received, n % 12 == 0
        slow = rng.random() < 0.14
        for index, step in enumerate(steps):
            limit = _hours(step.time_limit or "0.5", step.time_unit, cal)
            factor = rng.uniform(1.2, 2.5) if slow and index == 1 else rng.uniform(0.3, 0.9)
            finish = cal.add_working_hours(timezone.localtime(moment), limit * factor)
            if finish > now:
                events.append(
                    {
                        "step": step.name,
                        "started_at": moment,
                        "finished_at": None,
                        "department": step.department,
                    }
                )
                break
            events.append(
                {
                    "step": step.name,
                    "started_at": moment,
                    "finished_at": finish,
                    "department": step.department,
                }
            )
            moment = finish
            if paused and index == 0:
                supplied = cal.add_working_days(timezone.localtime(moment), 3)
                yield (
                    n,
                    {
                        "dossier_code": code,
                        "event": "supplement",
                        "started_at": moment,
                        "finished_at": supplied if supplied <= now else None,
                        "note": "Bổ sung bản sao giấy khai sinh",
                    },
                )
                if supplied > now:
                    break
                moment = supplied
        else:
            dossier["returned_at"] = moment
            dossier["result"] = procedure.result[:300]
        yield n, dossier
        for event in events:
            yield (
                n,
                {
                    "dossier_code": code,
                    "event": "step",
                    "step": event["step"],
                    "department": event["department"].code if event["department"] else "",
                    "started_at": event["started_at"],
                    "finished_at": event["finished_at"],
                },
            )


def _answers():
    survey_cache = {}
    rng = random.Random(16)
    done = set(
        SurveyResponse.objects.filter(dossier__code__startswith="HS-DEMO-").values_list(
            "dossier_id", flat=True
        )
    )
    made = 0
    for dossier in (
        Dossier.objects.filter(code__startswith="HS-DEMO-", returned_at__isnull=False)
        .select_related("procedure", "department")
        .order_by("code")
    ):
        number = int(dossier.code.rsplit("-", 1)[1])
        if random.Random(number).random() > 0.33 or dossier.pk in done:
            continue
        if dossier.procedure_id not in survey_cache:  # one survey and question list per procedure
            survey = survey_for(dossier.procedure)
            survey_cache[dossier.procedure_id] = (survey, list(survey.questions.all()))
        survey, questions = survey_cache[dossier.procedure_id]
        low = number % 39 == 0 or (dossier.outcome == Outcome.LATE and number % 2 == 0)
        scores = {
            q.pk: rng.choice([1, 2, 2, 3]) if low else rng.choice([4, 4, 5, 5, 5, 3]) for q in questions
        }
        response = services.survey_submit(
            survey=survey, scores=scores, comment=COMMENTS[number % len(COMMENTS)], dossier=dossier
        )
        SurveyResponse.objects.filter(pk=response.pk).update(
            submitted_at=dossier.returned_at + datetime.timedelta(hours=2)
        )
        made += 1
    return made


def load() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _load()


def _load() -> str:
    departments = demo_documents._departments()  # noqa: SLF001 - the demo's own idempotent helpers
    users = demo_documents._users(departments)  # noqa: SLF001
    procedures = [
        (p, list(p.steps.select_related("department").order_by("order")))
        for p in AdministrativeProcedure.objects.filter(code__in=_demo_codes()).order_by("code")
    ]
    procedures = [(p, steps) for p, steps in procedures if steps]
    if not procedures:
        return "Dossiers: no demo procedure with steps (load the procedures part first)."
    now = timezone.now()
    cal = calendar_around(timezone.localdate(), years_before=2, years_after=1)
    report = importer.rows_import(_rows(procedures, cal, now))
    answers = _answers()
    opened = ""
    if not Dossier.objects.filter(code__startswith="HS-DEMO-", nonconformity__isnull=False).exists():
        late = (
            Dossier.objects.filter(code__startswith="HS-DEMO-", outcome=Outcome.LATE)
            .order_by("-returned_at")
            .first()
        )
        if late is not None:
            nc = services.dossier_open_nonconformity(actor=users["officer"], dossier=late)
            opened = f"; NC {nc.number} from late dossier {late.code}"
    refused = f", {report.errors_total} rows refused: {report.errors[:3]}" if report.errors_total else ""
    return (
        f"Dossiers: {Dossier.objects.count()} ({len(report.dossier_codes)} imported{refused}); "
        f"{answers} new survey answers{opened}."
    )


def _demo_codes():
    from demo.procedures import PROCEDURES

    return [row[0] for row in PROCEDURES]
