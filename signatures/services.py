"""Re-authentication for electronic signatures (21 CFR Part 11 spirit, ISO 9001 7.5.2 c).

Every signing service of every app calls ``signing_authenticate`` first. Call it
*outside* the transaction of the signing action: a failed attempt must be recorded
even though the action itself is refused and rolled back.

The password check goes through the shared lockout (accounts.services.password_attempt):
wrong passwords here count with those typed at the sign-in page and the API for the same
account and address, and the count is taken before the check, so concurrent attempts
never get more checks than the limit.
"""

from django.utils.translation import gettext as _

from accounts.clients import current_client
from accounts.services import AttemptRefused, password_attempt
from qms import errors
from signatures.models import SigningAttempt


class SignatureRefused(errors.SignatureRefused):
    """The signer's password was refused (wrong, or the account is locked out). It belongs
    to the form's ``password`` field: the API answers 403 with ``{"password": [...]}``,
    a web form shows it under the password box."""

    def __init__(self, message, *, field: str | None = "password"):
        super().__init__(message, field=field)


def signing_authenticate(*, user, password: str, purpose: str = "") -> None:
    """Check the signer's password now. Raises SignatureRefused; records every checked attempt
    (a refused one goes to the lockout's failure log)."""
    try:
        ok = password_attempt(
            username=user.get_username(),
            client=current_client(),
            check=lambda: bool(password) and user.check_password(password),
        )
    except AttemptRefused as refusal:
        raise SignatureRefused(refusal.message) from None
    SigningAttempt.objects.create(user=user, succeeded=ok, purpose=purpose[:120])
    if not ok:
        raise SignatureRefused(_("The password is not correct. Nothing was signed."))
