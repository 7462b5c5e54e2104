"""Who may do what with renditions, copies and the access log (model permissions;
the QMS officer role holds them, granted by migration 0002)."""

OFFICER_PERMISSIONS = [
    "renditions.add_controlledcopy",
    "renditions.view_controlledcopy",
    "renditions.retrieve_controlledcopy",
    "renditions.view_accessevent",
]


def may_issue_copies(user) -> bool:
    return user.is_authenticated and user.has_perm("renditions.add_controlledcopy")


def may_retrieve_copies(user) -> bool:
    return user.is_authenticated and user.has_perm("renditions.retrieve_controlledcopy")


def may_see_copies(user) -> bool:
    return user.is_authenticated and user.has_perm("renditions.view_controlledcopy")


def may_read_access_log(user) -> bool:
    return user.is_authenticated and user.has_perm("renditions.view_accessevent")
