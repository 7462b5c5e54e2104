"""An officer imports a file with one bad row, reads the on-time rate and opens a
nonconformity from a late dossier; a citizen answers the survey from the receipt's QR
address on a phone. Set QMS_SHOTS_DIR to keep screenshots."""

import os
from pathlib import Path

import pytest

from dossiers.models import Dossier, SurveyResponse
from nonconformities.models import Nonconformity
from tests.conftest import browser_login
from tests.dossiers import factories as f
from tests.dossiers.test_import import GOOD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name):
    folder = os.environ.get("QMS_SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_officer_imports_sees_the_rate_and_opens_an_nc_from_a_late_dossier(page):
    f.department("KT", "Phòng Khảo thí")
    f.procedure("1.005090", days="5", steps=[("Tiếp nhận", "0.5"), ("Thẩm định", "3")])
    f.officer("officer")
    page.set_viewport_size({"width": 1280, "height": 900})
    browser_login(page, "officer", "pw-Abcdef1!")
    page.goto("/dossiers/import/")
    text = GOOD + "HS-009,9.999999,X,2027-03-01 08:00,,,,,,,,\n"
    page.set_input_files(
        "input[name=file]", files=[{"name": "export.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.click("main form button[type=submit]")
    summary = page.inner_text("[data-testid=import-summary]")
    assert "6 of 7 rows imported" in summary and "1 row refused" in summary
    assert "Unknown procedure code “9.999999”" in page.inner_text("table")
    _shot(page, "dossiers-import-report")
    page.click("text=See the on-time rate")
    page.goto("/dossiers/?start=2027-01-01&end=2027-12-31")
    assert page.inner_text("[data-testid=on-time-rate]").strip() == "33.3 %"
    _shot(page, "dossiers-dashboard")
    page.click("svg a[aria-label^='1.005090']")  # the procedure's bar: its late dossiers
    page.click("a:text('HS-003')")
    page.click("text=Open a nonconformity")
    assert page.url.endswith(f"/nonconformities/{Nonconformity.objects.get().pk}/")
    assert Dossier.objects.get(code="HS-003").nonconformity.source == Nonconformity.Source.PROCESS_MONITORING


def test_a_citizen_answers_the_survey_from_the_receipt_qr_on_a_phone(page):
    f.department("KT", "Phòng Khảo thí")
    procedure = f.procedure("1.005090", days="5")
    dossier = Dossier.objects.create(
        code="HS-QR-1",
        procedure=procedure,
        department=procedure.department,
        received_at=f.at(2027, 3, 1),
        due_at=f.at(2027, 3, 8),
        deadline_at=f.at(2027, 3, 8),
        returned_at=f.at(2027, 3, 5),
        outcome="early",
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/khao-sat/ho-so/{dossier.survey_token}/")
    assert "HS-QR-1" in page.inner_text("main")
    assert _fits(page)
    for fieldset in page.query_selector_all("fieldset fieldset"):
        fieldset.query_selector("input[value='5']").check()
    page.fill("textarea[name=comment]", "Cán bộ hướng dẫn tận tình.")
    _shot(page, "dossiers-survey-phone")
    page.click("text=Send my answers")
    assert "Thank you for your answers" in page.inner_text("main")
    assert SurveyResponse.objects.get(dossier=dossier).average == 5
    page.goto(f"/khao-sat/ho-so/{dossier.survey_token}/")
    assert "already been answered" in page.inner_text("main")
