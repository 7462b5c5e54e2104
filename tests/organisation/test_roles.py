"""Roles: one declaration (organisation/roles.py), synced after every migrate and flush;
the system user; and no migration that imports live code to do it."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from organisation.roles import ROLE_PERMISSIONS, Role
from organisation.services import SYSTEM_USERNAME, roles_sync, system_user

ROOT = Path(__file__).resolve().parent.parent.parent


def _member_of(role):
    user = get_user_model().objects.create_user(f"member-{len(role)}-{role[:3]}", password="x")
    user.groups.add(Group.objects.get(name=role))
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.ALL)
def test_a_member_of_each_role_holds_exactly_what_the_declaration_gives_it(role):
    # when
    member = _member_of(role)

    # then
    assert member.get_all_permissions() == set(ROLE_PERMISSIONS[role])


@pytest.mark.django_db
def test_every_role_permission_lives_in_one_declaration():
    # given: the rights each register relies on
    spot_checks = {
        Role.OFFICER: ["documents.register_document", "nonconformities.manage_nonconformities"],
        Role.AUDITOR: ["audits.plan_audit", "nonconformities.verify_nonconformity"],
        Role.APPROVER: ["documents.approve_version"],
        Role.AUTHOR: ["documents.submit_version"],
    }

    # then: they come from organisation.roles and nowhere else
    for role, perms in spot_checks.items():
        assert set(perms) <= set(ROLE_PERMISSIONS[role])
    assert ROLE_PERMISSIONS[Role.STAFF] == ()


@pytest.mark.django_db(transaction=True)
def test_roles_and_the_system_user_come_back_after_a_flush():
    # given a database emptied without migrating (what ends every transactional test)
    call_command("flush", interactive=False, verbosity=0)

    # then post_migrate put the roles, their rights and the system user back
    officer = _member_of(Role.OFFICER)
    assert officer.has_perm("documents.register_document")
    assert officer.has_perm("django_celery_beat.change_periodictask")
    robot = get_user_model().objects.get(username=SYSTEM_USERNAME)
    assert not robot.is_active


@pytest.mark.django_db
def test_sync_is_idempotent_and_keeps_a_right_an_administrator_added():
    # given an administrator gave staff one more right
    staff = Group.objects.get(name=Role.STAFF)
    extra = Permission.objects.get(content_type__app_label="documents", codename="view_documenttype")
    staff.permissions.add(extra)
    before = {name: set(Group.objects.get(name=name).permissions.all()) for name in Role.ALL}

    # when the sync runs again (every deployment does)
    roles_sync()
    roles_sync()

    # then nothing was added twice and nothing was taken away
    assert {name: set(Group.objects.get(name=name).permissions.all()) for name in Role.ALL} == before
    assert extra in staff.permissions.all()


@pytest.mark.django_db
def test_a_declared_permission_no_app_defines_stops_the_sync_with_its_name():
    # given a new role declared with a typo
    declaration = {"Trainee": ("documents.add_documentversion", "documents.sign_in_blood")}

    # when
    with pytest.raises(ImproperlyConfigured, match="documents.sign_in_blood"):
        roles_sync(declaration=declaration)

    # then nothing was done half-way
    assert not Group.objects.filter(name="Trainee").exists()


@pytest.mark.django_db
def test_the_system_user_is_one_inactive_account():
    # when
    first, second = system_user(), system_user()

    # then
    assert first == second
    assert first.username == SYSTEM_USERNAME
    assert not first.is_active
    assert get_user_model().objects.filter(username=SYSTEM_USERNAME).count() == 1


def _project_apps():
    return {path.parent.name for path in ROOT.glob("*/apps.py")}


def test_no_migration_imports_live_application_code():
    """Migrations run against the schema of their time; live code (permissions, services,
    roles) changes later and would break an old database's migrate. Only the callables
    Django itself writes into migrations (``<app>.models``) and other migrations are allowed."""
    apps = _project_apps()
    offending = []
    for path in sorted(ROOT.glob("*/migrations/0*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            modules = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                modules = [node.args[0].value]
            for module in modules:
                parts = module.split(".")
                if (
                    parts[0] in apps
                    and not (len(parts) == 2 and parts[1] == "models")
                    and parts[1:2] != ["migrations"]
                ):
                    offending.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {module}")
    assert offending == []
