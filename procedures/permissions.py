"""Who may see what in the catalogue: the one rule.

The public (anyone, no login) sees only the *published content* of procedures whose public
page exists (published, suspended or abolished), never the working copy, internal notes
or the to-review flag. Officers holding ``procedures.manage_procedures`` see and edit
every procedure; anyone else gets 404 on the officer pages, like a missing record.
"""

from procedures.workflow import MANAGE_PERMISSION


def user_may_manage(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(MANAGE_PERMISSION))
