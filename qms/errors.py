"""The one family of domain errors: a refusal the user should read.

Services raise these; the API's exception handler (qms.api) maps each kind to its HTTP
status from ``http_status``, and web views turn them into a message or a form error
through ``qms.views.service_call``. Nothing else needs to know the concrete classes.
"""

from http import HTTPStatus


class DomainError(Exception):
    """A rule of the domain refused what the user asked. ``message`` is for the user
    (translated); ``field`` names the form field it belongs to, when there is one."""

    http_status = HTTPStatus.BAD_REQUEST

    def __init__(self, message="", *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self):
        return str(self.message)


class TransitionRefused(DomainError):
    """The lifecycle does not allow this action from the record's current status."""

    http_status = HTTPStatus.CONFLICT


class FrozenRecord(DomainError):
    """Something tried to change a record that is frozen for good (an approved version,
    a signature, an issued audit report, a closed nonconformity)."""

    http_status = HTTPStatus.CONFLICT


class SignatureRefused(DomainError):
    """An electronic signature was refused (wrong password, locked out, not a signer)."""

    http_status = HTTPStatus.FORBIDDEN


class NotFound(DomainError):
    """Missing, or not for this user: both look the same."""

    http_status = HTTPStatus.NOT_FOUND
