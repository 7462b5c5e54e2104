"""Hand-written table: who may restart a version's text extraction (POST
/search/versions/<pk>/retry/) and who sees its extraction panel, by role and status.
Forbidden looks like missing: 404. Only QMS officers restart (302); everyone else gets 404,
also for a version they can read."""

import pytest

from tests.documents.factories import PASSWORD, UserFactory
from tests.search import files
from tests.search.conftest import module_world, people_and_places, register

pytestmark = pytest.mark.django_db

# role -> {version: (retry status, panel shown on the version page or None when the page is 404)}
EXPECTED = {
    "anonymous": {"draft": (302, None), "effective": (302, None), "confidential": (302, None)},
    "staff": {"draft": (404, None), "effective": (404, False), "confidential": (404, None)},
    "approver": {"draft": (404, False), "effective": (404, False), "confidential": (404, None)},
    "auditor": {"draft": (404, None), "effective": (404, False), "confidential": (404, None)},
    "officer": {"draft": (302, True), "effective": (302, True), "confidential": (302, True)},
}


def _world():
    world = people_and_places()
    common = {"officer": world["officer"], "department": world["department"], "doc_type": world["procedure"]}
    content = files.docx_pages(["Nội dung"])
    world["versions"] = {
        "draft": register(title="Dự thảo", file_name="a.docx", content=content, status="draft", **common),
        "effective": register(title="Hiệu lực", file_name="b.docx", content=content, **common),
        "confidential": register(
            title="Mật", file_name="c.docx", content=content, confidential=True, **common
        ),
    }
    world["users"] = {
        "staff": world["staff"],
        "approver": UserFactory(approver=True),
        "auditor": UserFactory(auditor=True),
        "officer": world["officer"],
    }
    return world


@pytest.fixture(scope="module")
def world(module_media, django_db_setup, django_db_blocker):
    yield from module_world(django_db_blocker, _world)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_retry_and_panel_by_role_and_status(world, client, role):
    if role != "anonymous":
        client.login(username=world["users"][role].username, password=PASSWORD)
    for name, (retry_status, panel) in EXPECTED[role].items():
        version = world["versions"][name]
        detail = client.get(f"/versions/{version.pk}/")
        if panel is None:
            assert detail.status_code in (302, 404), (role, name)
        else:
            assert detail.status_code == 200, (role, name)
            assert ("Text for search" in detail.content.decode()) is panel, (role, name)
        response = client.post(f"/search/versions/{version.pk}/retry/")
        assert response.status_code == retry_status, (role, name)
        if role == "anonymous":
            assert "/accounts/login/" in response["Location"]
