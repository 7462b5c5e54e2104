"""Who may see which dossier, and what of it: the one rule (UI, API, PDFs, exports).

Officers with ``dossiers.view_all_dossiers`` see every dossier; other staff see the
dossiers of the departments they belong to. The applicant's name and contact (personal
data) are shown only to those who manage dossiers (``dossiers.manage_dossiers``). Survey
results need ``dossiers.view_survey_results``. Forbidden looks like missing (404)."""

from django.db.models import Exists, Q

from organisation.models import Department


def user_manages_dossiers(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm("dossiers.manage_dossiers"))


def user_sees_all_dossiers(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.has_perm("dossiers.view_all_dossiers") or user.has_perm("dossiers.manage_dossiers"))
    )


def user_sees_applicant(user) -> bool:
    return user_manages_dossiers(user)


def user_sees_survey_results(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm("dossiers.view_survey_results"))


def user_department_ids(user) -> list[int]:
    if not (user.is_authenticated and user.is_active):
        return []
    return list(
        Department.objects.filter(Q(group__user=user) | Q(head=user)).values_list("pk", flat=True).distinct()
    )


def user_sees_some_dossiers(user) -> bool:
    return user_sees_all_dossiers(user) or bool(user_department_ids(user))


def user_sees_some_dossiers_expression(user):
    """``user_sees_some_dossiers`` as True/False or an EXISTS, for the menu's one query
    (qms.ui.ask)."""
    if user_sees_all_dossiers(user):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    return Exists(Department.objects.filter(Q(group__user=user) | Q(head=user)))


def visible_dossier_q(user) -> Q:
    if user_sees_all_dossiers(user):
        return Q()
    departments = user_department_ids(user)
    if not departments:
        return Q(pk__in=[])
    return Q(department_id__in=departments)
