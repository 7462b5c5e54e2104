"""The menu and the home page's figures are kept between pages (issue 12: the menu's
fifty-odd questions were the largest part of every page, the figures most of the home
page) and still show each user what they may reach and what they have to do: at once
after a change of their own roles or their own writes, within QMS_MENU_CACHE_SECONDS /
QMS_HOME_FIGURES_CACHE_SECONDS after a change someone else made; the inbox figure is
asked on every page."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents.workflow import DocumentStatus
from notifications.services import notify
from organisation.roles import Role
from qms.ui import MENU_CACHE_PREFIX
from tests.audits.factories import make_audit
from tests.documents.factories import DepartmentFactory, UserFactory, make_document
from tests.qms.test_home_tiles import tiles

pytestmark = pytest.mark.django_db


def menu_links(client) -> set[str]:
    page = client.get(reverse("notifications:inbox")).content.decode()
    sidebar = page[page.index('<nav id="sidebar"') : page.index("</nav>", page.index('<nav id="sidebar"'))]
    return set(re.findall(r'href="([^"]+)"', sidebar))


def header_text(client) -> str:
    page = client.get(reverse("documents:list")).content.decode()
    return page[page.index('<header class="topbar">') : page.index("</header>")]


def test_a_role_given_or_taken_shows_in_the_menu_on_the_next_page(client):
    staff = UserFactory(staff=True)
    client.force_login(staff)
    assert reverse("transfer:import") not in menu_links(client)

    staff.groups.add(Group.objects.get(name=Role.OFFICER))
    assert reverse("transfer:import") in menu_links(client)

    staff.groups.remove(Group.objects.get(name=Role.OFFICER))
    assert reverse("transfer:import") not in menu_links(client)


def audit_planned_after_the_first_page(client) -> None:
    """A staff member's page is shown (no audits in the menu), then an auditor plans an
    audit of their department."""
    department = DepartmentFactory(code="KT", name="Phòng Kế toán")
    client.force_login(UserFactory(staff=True, departments=[department]))
    assert reverse("audits:list") not in menu_links(client)
    make_audit(departments=[department])


def test_a_change_made_by_someone_else_shows_within_the_kept_time(client, settings):
    settings.QMS_MENU_CACHE_SECONDS = 60
    audit_planned_after_the_first_page(client)

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61)):
        assert reverse("audits:list") in menu_links(client)


def test_the_users_own_write_forgets_their_kept_menu(client, settings):
    settings.QMS_MENU_CACHE_SECONDS = 3600
    audit_planned_after_the_first_page(client)

    # they change the language (a POST): the next page asks their menu afresh
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert reverse("audits:list") in menu_links(client)


def test_without_keeping_every_page_asks_the_menu(client, settings):
    settings.QMS_MENU_CACHE_SECONDS = 0
    audit_planned_after_the_first_page(client)
    assert reverse("audits:list") in menu_links(client)


def test_the_inbox_figure_is_asked_on_every_page(client, settings):
    settings.QMS_MENU_CACHE_SECONDS = 3600
    staff = UserFactory(staff=True)
    client.force_login(staff)
    assert "Inbox (1)" not in header_text(client)

    notify(recipient=staff, kind="test", subject="Tài liệu mới", message="Đọc tài liệu", email=False)
    assert "Inbox (1)" in header_text(client)


def test_a_kept_menu_leaves_only_the_figures_to_ask(client):
    staff = UserFactory(staff=True)
    client.force_login(staff)

    def exists_asked() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("notifications:inbox"))
        return sum(query["sql"].upper().count("EXISTS") for query in queries.captured_queries)

    first, second = exists_asked(), exists_asked()
    assert first > 0
    assert second == 0


def sent_for_approval_after_the_first_home_page(client) -> None:
    """An approver's home page is shown (nothing to sign), then the officer sends a
    procedure for approval."""
    officer = UserFactory(officer=True)
    client.force_login(UserFactory(approver=True))
    assert tiles(client)["To sign"][0] == 0
    make_document(officer=officer, title="Quy trình chờ ký", status=DocumentStatus.IN_REVIEW)


def test_a_figure_changed_by_someone_else_shows_within_the_kept_time(client, settings):
    settings.QMS_HOME_FIGURES_CACHE_SECONDS = 60
    sent_for_approval_after_the_first_home_page(client)

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61)):
        assert tiles(client)["To sign"][0] == 1


def test_the_users_own_write_forgets_their_kept_figures(client, settings):
    settings.QMS_HOME_FIGURES_CACHE_SECONDS = 3600
    sent_for_approval_after_the_first_home_page(client)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert tiles(client)["To sign"][0] == 1


def test_a_role_change_from_any_side_of_the_relation_forgets_the_users_menus():
    # given a user in a group and one with a permission of their own, both menus kept
    member, holder = UserFactory(), UserFactory()
    group, permission = Group.objects.create(name="Tổ kiểm tra"), Permission.objects.first()
    member.groups.add(group)
    holder.user_permissions.add(permission)

    def kept_then(change) -> set:
        for user in (member, holder):
            cache.set(f"{MENU_CACHE_PREFIX}{user.pk}", {"kept": True}, 60)
        change()
        return {user for user in (member, holder) if cache.get(f"{MENU_CACHE_PREFIX}{user.pk}") is None}

    # then each change forgets the menus of the users it concerns
    assert member in kept_then(lambda: group.permissions.add(permission))
    assert member in kept_then(lambda: permission.group_set.remove(group))
    assert member in kept_then(lambda: permission.group_set.add(group))
    assert member in kept_then(lambda: permission.group_set.clear())
    assert member in kept_then(lambda: group.user_set.remove(member))
    assert member in kept_then(lambda: group.user_set.add(member))
    assert member in kept_then(lambda: group.user_set.clear())
    assert kept_then(lambda: permission.user_set.remove(holder)) == {holder}
    assert kept_then(lambda: permission.user_set.add(holder)) == {holder}
    assert kept_then(lambda: permission.user_set.clear()) == {holder}
