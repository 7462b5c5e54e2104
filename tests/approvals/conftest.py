import pytest


@pytest.fixture
def seeded_rows(transactional_db):
    """Transactional tests: put back the rows migrations seed (role groups with their
    document and approvals permissions, the default route template) when an earlier
    transactional test's flush removed them. Serialized rollback cannot be relied on:
    after Playwright's sync API has run, Django sees a different connection object, one
    without the serialized contents."""
    from django.contrib.auth.models import Group, Permission

    from approvals.models import RouteTemplate, RouteTemplateStage
    from documents.permissions import ROLE_PERMISSIONS, Role

    def permission(dotted):
        app_label, codename = dotted.split(".")
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    grants = {role: list(perms) for role, perms in ROLE_PERMISSIONS.items()}
    grants[Role.OFFICER] += [
        "approvals.manage_routes",
        "approvals.decide_change_request",
        "approvals.manage_distribution",
    ]
    for role, perms in grants.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(*[permission(dotted) for dotted in perms])
    if not RouteTemplate.objects.exists():
        template = RouteTemplate.objects.create(name="Default: one approver")
        RouteTemplateStage.objects.create(
            template=template, name="Approval", group=Group.objects.get(name=Role.APPROVER)
        )
