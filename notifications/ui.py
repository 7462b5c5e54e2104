from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.ui import NavItem, register_nav


def _inbox_label(user):
    from notifications.selectors import unread_count

    count = unread_count(user)
    return _("Inbox (%(count)s)") % {"count": count} if count else _("Inbox")


def register():
    register_nav(
        NavItem(
            gettext_lazy("Inbox"),
            "notifications:inbox",
            group="work",
            order=90,
            label_for=_inbox_label,
            in_header=True,
        )
    )
