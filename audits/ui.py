from django.utils.translation import gettext_lazy as _

from qms.ui import NavItem, Panel, register_nav, register_panel


def _has_audits(user):
    from audits.selectors import user_has_audits

    return user.is_authenticated and user_has_audits(user)


def _home_panel(request):
    from audits.selectors import audit_list_visible_to, user_has_audits
    from audits.workflow import AuditStatus

    if not user_has_audits(request.user):
        return None
    open_audits = audit_list_visible_to(request.user).exclude(status=AuditStatus.CLOSED)
    audits = list(open_audits.order_by("planned_start", "pk")[:8])
    return {"audits": audits} if audits else None


def _document_panel(request, document):
    from audits.selectors import audit_list_visible_to, user_has_audits

    if not user_has_audits(request.user):
        return None
    audits = list(audit_list_visible_to(request.user).filter(documents=document)[:10])
    return {"audits": audits} if audits else None


def register():
    register_nav(NavItem(_("Audits"), "audits:list", order=50, visible=_has_audits))
    register_panel("home", Panel("audits/panels/home.html", _home_panel, order=50))
    register_panel("document", Panel("audits/panels/document.html", _document_panel, order=80))
