"""REST API authentication: Basic behind the shared lockout, tokens that expire."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import BasicScheme
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication, TokenAuthentication

from accounts.services import AttemptRefused, attempt_refusal, token_is_expired


class AttemptThrottled(exceptions.APIException):
    """429 with the refusal's message and a Retry-After header."""

    status_code = 429
    default_detail = _("Too many wrong passwords. Try again later.")
    default_code = "locked"

    def __init__(self, refusal: AttemptRefused):
        super().__init__(detail=refusal.message, code="locked" if refusal.locked else "slowed")
        self.wait = refusal.retry_after


class LockoutBasicAuthentication(BasicAuthentication):
    """HTTP Basic whose password checks count into the shared lockout; a locked or slowed
    attempt answers 429 and says until when, without checking the password."""

    def authenticate_credentials(self, userid, password, request=None):
        try:
            return super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            refusal = attempt_refusal(request)
            if refusal is not None:
                raise AttemptThrottled(refusal) from None
            raise


class ExpiringTokenAuthentication(TokenAuthentication):
    """Token authentication refusing tokens older than settings.QMS_TOKEN_TTL."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_is_expired(token):
            raise exceptions.AuthenticationFailed(
                _("The API token has expired. Ask for a new one at /api/v1/auth/token/.")
            )
        return user, token


class LockoutBasicScheme(BasicScheme):
    target_class = LockoutBasicAuthentication
