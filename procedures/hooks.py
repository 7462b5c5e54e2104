"""Change impact: procedures plugs into the documents lifecycle (documents.services.
LIFECYCLE_HOOKS), so documents never imports procedures. A new effective revision of a
linked QT, BM form or legal basis (the old one superseded), or a withdrawn one, flags the
published procedures that use it "to review" and notifies the officers."""

from documents.services import lifecycle_hook_register
from procedures import services


def register() -> None:
    lifecycle_hook_register("effective", services.on_effective)
    lifecycle_hook_register("withdrawn", services.on_withdrawn)
