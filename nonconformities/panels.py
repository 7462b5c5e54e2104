"""Context of the nonconformities panels on the home and document pages (registered in
nonconformities.ui)."""

from urllib.parse import urlencode

from django.db.models import Exists, Q
from django.urls import reverse

from nonconformities.filters import NonconformityFilterSet
from nonconformities.selectors import corrective_action_list_for, nonconformity_list_visible_to
from qms.ui import SubqueryCount, count_or_hidden


def home_panel(request):
    user = request.user
    if not user.is_authenticated:
        return None
    mine = nonconformity_list_visible_to(user, status="open").filter(owner=user)[:10]
    actions = corrective_action_list_for(user).filter(owner=user, status="open").order_by("due_date")[:10]
    if not mine and not actions:
        return None
    return {"my_nonconformities": mine, "my_actions": actions}


def _naming(user, document):
    return nonconformity_list_visible_to(user).filter(Q(documents=document) | Q(actions__document=document))


def document_facts(request, document):
    """Asked with the page's other small questions in one query (qms.ui)."""
    if not request.user.is_authenticated:
        return {"any": False}
    return {"any": Exists(_naming(request.user, document))}


def document_panel(request, document, facts):
    """Nonconformities that name this document or plan to change it."""
    if not facts["any"]:
        return None
    rows = list(_naming(request.user, document).distinct().order_by("-date_detected", "-pk")[:20])
    return {"nonconformities": rows} if rows else None


# --- home tiles (registered in nonconformities.ui): the list's own filters count them ----

ACTIONS_OVERDUE_QUERY = {"action_overdue": "true"}
OPEN_QUERY = {"status": "open"}


def _register_count(user, query) -> int | None:
    if not user.is_authenticated:
        return None
    rows = NonconformityFilterSet(query, queryset=nonconformity_list_visible_to(user)).qs
    if user.has_perm("nonconformities.view_all_nonconformities"):
        return SubqueryCount(rows)
    return count_or_hidden(rows)


def tile_actions_overdue(user) -> int | None:
    """Nonconformities with an open corrective action past its due date."""
    return _register_count(user, ACTIONS_OVERDUE_QUERY)


def tile_open(user) -> int | None:
    return _register_count(user, OPEN_QUERY)


def tile_actions_overdue_url(user) -> str:
    return reverse("nonconformities:list") + "?" + urlencode(ACTIONS_OVERDUE_QUERY)


def tile_open_url(user) -> str:
    return reverse("nonconformities:list") + "?" + urlencode(OPEN_QUERY)
