"""Seed the integration-test database with due events; prints the e-mails expected.

Run as ``python -m tests.reminders.worker_seed`` with DJANGO_SETTINGS_MODULE set.
"""

import datetime
import json

import django

django.setup()

from django.utils import timezone  # noqa: E402

from tests.documents.factories import DepartmentFactory, UserFactory  # noqa: E402
from tests.reviews.factories import approved_document, effective_document  # noqa: E402


def seed() -> dict:
    today = timezone.localdate()
    head = UserFactory(username="it-head", email="head@example.org")
    department = DepartmentFactory(code="IT", name="Phòng thử nghiệm", head=head)
    owner = UserFactory(username="it-owner", email="owner@example.org", departments=[department])
    other = UserFactory(username="it-other", email="other@example.org", departments=[department])
    # due today: one reminder each to their owners
    effective_document(owner=owner, department=department, next_review_date=today, title="Due today A")
    effective_document(owner=other, department=department, next_review_date=today, title="Due today B")
    # 20 days overdue: the owner (weekly) and, past 14 days, the department head
    effective_document(
        owner=owner, department=department, next_review_date=today - datetime.timedelta(days=20), title="Late"
    )
    # not due for months: nothing
    effective_document(
        owner=other, department=department, next_review_date=today + datetime.timedelta(days=90)
    )
    # approved to take effect today: becomes effective, no e-mail
    approved = approved_document(
        owner=owner, department=department, effective_date=today, title="Takes effect"
    )
    return {
        "expected": [
            ["owner@example.org", "Due today A"],
            ["other@example.org", "Due today B"],
            ["owner@example.org", "Late"],
            ["head@example.org", "Late"],
        ],
        "takes_effect_version": approved.versions.get().pk,
    }


if __name__ == "__main__":
    print(json.dumps(seed()))
