"""Who reaches the import and export pages: QMS officers only; everyone else 404
(page, progress fragment, run, conversions, CSV report, export ZIP). Hand-written expected table."""

import pytest
from django.urls import reverse

from tests.documents.factories import PASSWORD, DepartmentFactory, DocumentTypeFactory, UserFactory
from tests.transfer.helpers import docx, write_zip
from transfer.services import batch_plan

pytestmark = pytest.mark.django_db

EXPECTED = {
    # role: import page, batch page, progress, CSV report, export ZIP, convert (POST), run (POST)
    "officer": (200, 200, 200, 200, 200, 302, 302),
    "approver": (404, 404, 404, 404, 404, 404, 404),
    "author": (404, 404, 404, 404, 404, 404, 404),
    "staff": (404, 404, 404, 404, 404, 404, 404),
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_only_officers_reach_import_and_export(client, tmp_path, role):
    DocumentTypeFactory(code="QT")
    DepartmentFactory(code="VP")
    officer = UserFactory(officer=True, username="officer")
    batch = batch_plan(actor=officer, source=write_zip(tmp_path / "s.zip", [("QT-VP-01.docx", docx())]))
    user = officer if role == "officer" else UserFactory(**{role: True})
    client.login(username=user.username, password=PASSWORD)
    got = (
        client.get(reverse("transfer:import")).status_code,
        client.get(reverse("transfer:batch", args=[batch.pk])).status_code,
        client.get(reverse("transfer:batch_progress", args=[batch.pk])).status_code,
        client.get(reverse("transfer:batch_csv", args=[batch.pk])).status_code,
        client.get(reverse("transfer:export")).status_code,
        client.post(reverse("transfer:batch_convert", args=[batch.pk])).status_code,
        client.post(reverse("transfer:batch_run", args=[batch.pk])).status_code,
    )
    assert got == EXPECTED[role]
