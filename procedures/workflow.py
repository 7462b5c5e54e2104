"""Administrative procedure lifecycle: draft -> published -> suspended / abolished.

Publishing freezes what the public sees (``AdministrativeProcedure.published_content``);
an officer may keep editing a published procedure, and the public page changes only when
they publish again (REPUBLISH). The rule "who may" lives here, services only ask
``LIFECYCLE`` (qms.lifecycle).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from qms.lifecycle import Lifecycle, Transition


class ProcedureStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUSPENDED = "suspended", _("Suspended")
    ABOLISHED = "abolished", _("Abolished")


class ProcedureAction(models.TextChoices):
    PUBLISH = "publish", _("Publish")
    REPUBLISH = "republish", _("Publish the changes")
    SUSPEND = "suspend", _("Suspend")
    RESUME = "resume", _("Resume")
    ABOLISH = "abolish", _("Abolish")


MANAGE_PERMISSION = "procedures.manage_procedures"

# Statuses in which the public page exists (published or with a notice).
PUBLIC_STATUSES = frozenset({ProcedureStatus.PUBLISHED, ProcedureStatus.SUSPENDED, ProcedureStatus.ABOLISHED})
# The catalogue may still be edited in these statuses; an abolished procedure is history.
EDITABLE_STATUSES = frozenset({ProcedureStatus.DRAFT, ProcedureStatus.PUBLISHED, ProcedureStatus.SUSPENDED})


def _officer(user, procedure) -> bool:
    return user.has_perm(MANAGE_PERMISSION)


LIFECYCLE = Lifecycle(
    statuses=ProcedureStatus,
    actions=ProcedureAction,
    transitions=[
        Transition(ProcedureStatus.DRAFT, ProcedureAction.PUBLISH, ProcedureStatus.PUBLISHED, _officer),
        Transition(ProcedureStatus.PUBLISHED, ProcedureAction.REPUBLISH, ProcedureStatus.PUBLISHED, _officer),
        Transition(ProcedureStatus.PUBLISHED, ProcedureAction.SUSPEND, ProcedureStatus.SUSPENDED, _officer),
        Transition(ProcedureStatus.SUSPENDED, ProcedureAction.RESUME, ProcedureStatus.PUBLISHED, _officer),
        Transition(ProcedureStatus.PUBLISHED, ProcedureAction.ABOLISH, ProcedureStatus.ABOLISHED, _officer),
        Transition(ProcedureStatus.SUSPENDED, ProcedureAction.ABOLISH, ProcedureStatus.ABOLISHED, _officer),
    ],
    refused=_("Cannot %(action)s: the procedure is %(status)s."),
)
