"""The home page's documents panel: "My drafts" lists the user's own open versions (draft,
in review), newest first, confidential ones included (an author always sees their own),
and nobody else's."""

import re

import pytest
from django.urls import reverse

from documents.workflow import DocumentStatus
from tests.documents.factories import DepartmentFactory, UserFactory, make_document

pytestmark = pytest.mark.django_db


def _my_drafts(client) -> list[str]:
    page = client.get(reverse("home")).content.decode()
    section = page.split("My drafts", 1)[1].split("Recently effective", 1)[0]
    return re.findall(r"[A-Z]{2}-[A-Z]{2}-\d{2}", section)


def test_my_drafts_are_the_authors_open_versions_newest_first_confidential_included(client):
    # given: an author's draft, then a confidential one in review, then an effective one,
    # and another author's draft
    officer = UserFactory(officer=True)
    department = DepartmentFactory(code="VP", name="Văn phòng")
    author = UserFactory(author=True)
    common = {"officer": officer, "department": department, "author": author}
    first = make_document(title="Dự thảo một", **common)
    second = make_document(title="Dự thảo mật", status=DocumentStatus.IN_REVIEW, confidential=True, **common)
    make_document(title="Đã ban hành", status=DocumentStatus.EFFECTIVE, file_name=None, **common)
    make_document(
        title="Của người khác", officer=officer, department=department, author=UserFactory(author=True)
    )
    # when
    client.force_login(author)
    # then
    assert _my_drafts(client) == [second.number, first.number]
    client.force_login(UserFactory(staff=True))
    assert _my_drafts(client) == []
