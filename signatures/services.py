"""Re-authentication for electronic signatures (21 CFR Part 11 spirit, ISO 9001 7.5.2 c).

Every signing service of every app calls ``signing_authenticate`` first. Call it
*outside* the transaction of the signing action: a failed attempt must be recorded
even though the action itself is refused and rolled back.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from signatures.models import SigningAttempt

MAX_FAILURES = 5
WINDOW = datetime.timedelta(minutes=15)
LOCKOUT = datetime.timedelta(minutes=15)


class SignatureRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def signing_locked_until(user, *, now=None):
    """When signing unlocks for the user, or None if they may sign now."""
    now = now or timezone.now()
    recent = list(
        SigningAttempt.objects.filter(user=user, at__gte=now - WINDOW - LOCKOUT)
        .order_by("-at")
        .values_list("at", "succeeded")[: MAX_FAILURES * 4]
    )
    failures = []
    for at, succeeded in recent:
        if succeeded:
            break
        failures.append(at)
    if len(failures) >= MAX_FAILURES:
        newest, fifth = failures[0], failures[MAX_FAILURES - 1]
        if newest - fifth <= WINDOW and now < newest + LOCKOUT:
            return newest + LOCKOUT
    return None


def signing_authenticate(*, user, password: str, purpose: str = "") -> None:
    """Check the signer's password now. Raises SignatureRefused; records every attempt."""
    locked_until = signing_locked_until(user)
    if locked_until is not None:
        raise SignatureRefused(
            _("Signing is locked after too many wrong passwords. Try again after %(time)s.")
            % {"time": timezone.localtime(locked_until).strftime("%H:%M")}
        )
    ok = bool(password) and user.check_password(password)
    SigningAttempt.objects.create(user=user, succeeded=ok, purpose=purpose[:120])
    if not ok:
        raise SignatureRefused(_("The password is not correct. Nothing was signed."))
