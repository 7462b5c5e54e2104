"""Context of the nonconformities panels on the home and document pages (registered in
nonconformities.ui)."""

from django.db.models import Q

from nonconformities.selectors import corrective_action_list_for, nonconformity_list_visible_to


def home_panel(request):
    user = request.user
    if not user.is_authenticated:
        return None
    mine = nonconformity_list_visible_to(user, status="open").filter(owner=user)[:10]
    actions = corrective_action_list_for(user).filter(owner=user, status="open").order_by("due_date")[:10]
    if not mine and not actions:
        return None
    return {"my_nonconformities": mine, "my_actions": actions}


def document_panel(request, document):
    """Nonconformities that name this document or plan to change it."""
    if not request.user.is_authenticated:
        return None
    rows = list(
        nonconformity_list_visible_to(request.user)
        .filter(Q(documents=document) | Q(actions__document=document))
        .distinct()
        .order_by("-date_detected", "-pk")[:20]
    )
    return {"nonconformities": rows} if rows else None
