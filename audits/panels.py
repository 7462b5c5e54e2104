"""Context of the audits panels on the home and document pages (registered in audits.ui)."""

from urllib.parse import urlencode

from django.db.models import Exists
from django.urls import reverse
from django.utils import timezone

from audits.filters import AuditFilterSet
from audits.selectors import audit_list_visible_to, user_has_audits
from audits.workflow import AuditStatus
from qms.ui import SubqueryCount


def home_panel(request):
    # (no "has audits?" question first: the list itself is empty for who has none)
    open_audits = audit_list_visible_to(request.user).exclude(status=AuditStatus.CLOSED)
    audits = list(open_audits.order_by("planned_start", "pk")[:8])
    return {"audits": audits} if audits else None


def document_facts(request, document):
    """Asked with the page's other small questions in one query (qms.ui)."""
    return {"any": Exists(audit_list_visible_to(request.user).filter(documents=document))}


def document_panel(request, document, facts):
    if not facts["any"]:
        return None
    audits = list(audit_list_visible_to(request.user).filter(documents=document)[:10])
    return {"audits": audits} if audits else None


# --- home tile (registered in audits.ui): planned audits from today, by the list's filters


def _coming_query() -> dict:
    return {"status": AuditStatus.PLANNED, "planned_from": timezone.localdate().isoformat()}


def tile_coming(user) -> int | None:
    if not user.is_authenticated or not user_has_audits(user):
        return None
    return SubqueryCount(AuditFilterSet(_coming_query(), queryset=audit_list_visible_to(user)).qs)


def tile_coming_url(user) -> str:
    return reverse("audits:list") + "?" + urlencode(_coming_query())
