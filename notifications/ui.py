from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.ui import NavItem, register_nav


def _inbox_unread(user):
    """The unread count as an SQL expression, asked with the menu's other questions."""
    from notifications.selectors import unread_count_expression

    return unread_count_expression(user)


def _inbox_label(count):
    return _("Inbox (%(count)s)") % {"count": count} if count else _("Inbox")


def register():
    register_nav(
        NavItem(
            gettext_lazy("Inbox"),
            "notifications:inbox",
            group="work",
            order=90,
            figure=_inbox_unread,
            label_for=_inbox_label,
            in_header=True,
        )
    )
