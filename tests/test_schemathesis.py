"""The OpenAPI schema matches what the API answers (issue 10, D5).

Schemathesis (pinned in requirements-dev.txt) reads /api/schema/ from the live test
server, seeded with a document, an audit with a finding, a programme, a nonconformity
and a feedback, and calls every operation as each role with generated input: a few
examples per operation, a fixed seed, a time budget per role. Any server error, any
answer that the schema does not describe (status code, body or content type) fails.

Not called: the operations that take the signer's password (approve, reject, withdraw,
sign, issue-report) and the token endpoint. Generated passwords are wrong, and five
wrong ones lock the account (accounts lockout), after which every call of the run
would only test the lockout answer. Their schemas are still built and checked by
tests/test_api_schema.py; their behaviour by the apps' API tests.
"""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from audits import services as audit_services
from nonconformities import services as nc_services
from qms.reference_data import reference_data_ensure
from tests.approvals.factories import make_effective_document
from tests.audits.factories import add_finding, make_audit
from tests.documents.factories import PASSWORD, UserFactory
from tests.nonconformities.factories import Cast, make_nc

# The officer reaches every operation, the author their drafts, staff the least. The
# approver's and auditor's own operations (sign, approve, issue the report) need a password
# and are excluded below; the rest of theirs the officer's run reaches too, so those two
# roles cost ~45 s per pass for little the other three do not call.
ROLES = ("officer", "author", "staff")
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"
PASSWORD_PATHS = r"/(approve|reject|withdraw|sign|issue-report)/$|/auth/token"
SECONDS_PER_ROLE = 20
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.fixture
def users(transactional_db):
    reference_data_ensure()  # an earlier transactional test's flush may have emptied it
    cast = Cast()
    document = make_effective_document(officer=cast.officer)
    year = timezone.localdate().year
    audit = make_audit(status="in_progress", start=datetime.date(year, 3, 10))
    add_finding(audit)
    audit_services.programme_create(actor=cast.officer, year=year, objectives="Mọi phòng một lần")
    make_nc(cast)
    nc_services.feedback_submit(subject="Hồ sơ chậm", message="Đã quá hạn một tuần.")
    assert document.pk
    return {
        "officer": cast.officer,
        "approver": UserFactory(approver=True, username="approver1"),
        "author": UserFactory(author=True, username="author1"),
        "auditor": cast.auditor,
        "staff": cast.reporter,
    }


@pytest.mark.parametrize("role", ROLES)
def test_api_answers_as_its_schema_says(live_server, users, role):
    # given the live server and a user of the role
    user = users[role]
    # when schemathesis calls every operation with generated input as that user
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{live_server.url}/api/schema/",
            "--auth",
            f"{user.username}:{PASSWORD}",
            "--checks",
            CHECKS,
            "--exclude-path-regex",
            PASSWORD_PATHS,
            "--max-examples",
            "3",
            "--seed",
            "20261129",
            "--generation-deterministic",
            "--generation-with-security-parameters",
            "false",
            "--no-shrink",
            "--phases",
            "examples,fuzzing",
            "--max-time",
            str(SECONDS_PER_ROLE),
            "--request-timeout",
            "20",
            "--workers",
            "1",
            "--no-color",
            "--output-truncate",
            "true",
        ],
        capture_output=True,
        text=True,
        timeout=SECONDS_PER_ROLE * 4,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
    )
    summary = re.findall(r"(?m)^.*\b(?:passed|failed|errored|skipped|requests?)\b.*$", result.stdout)
    print(f"{role}: " + " | ".join(summary[-6:]))
    # then no operation answered outside its schema, and none with a server error
    failures = result.stdout[result.stdout.find("FAILURES") :]
    assert result.returncode == 0, failures[:20000] + result.stderr[-2000:]
