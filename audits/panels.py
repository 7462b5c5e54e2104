"""Context of the audits panels on the home and document pages (registered in audits.ui)."""

from audits.selectors import audit_list_visible_to, user_has_audits
from audits.workflow import AuditStatus


def home_panel(request):
    if not user_has_audits(request.user):
        return None
    open_audits = audit_list_visible_to(request.user).exclude(status=AuditStatus.CLOSED)
    audits = list(open_audits.order_by("planned_start", "pk")[:8])
    return {"audits": audits} if audits else None


def document_panel(request, document):
    if not user_has_audits(request.user):
        return None
    audits = list(audit_list_visible_to(request.user).filter(documents=document)[:10])
    return {"audits": audits} if audits else None
