"""Password attempts, lockouts and API tokens.

Every place a password is checked (web sign-in, HTTP Basic, the token endpoint, password
re-entry for signing) goes through ``password_attempt``, so a guess through one counts
against the others. The record is django-axes' AccessAttempt row of the
(username, address) pair: AXES_FAILURE_LIMIT failures lock that pair for
AXES_COOLOFF_TIME after the last one. A stranger elsewhere cannot lock the real user out:
the account as a whole is only slowed down (one attempt per QMS_LOGIN_SLOW_SECONDS once
it has QMS_LOGIN_SLOW_AFTER recent failures from any address), and so is an address that
fails too often (it costs a password hash each time). The slow-down counters live in the
cache: Redis when REDIS_URL is set, so every worker counts the same.

The attempt is counted *before* the password is checked, by one conditional UPDATE, so
concurrent guesses never get more checks than the limit; a success clears the pair.
"""

import datetime
import hashlib
import math
from collections.abc import Callable
from typing import TypeVar

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.authtoken.models import Token

from accounts.clients import Client
from accounts.models import SecurityEvent

T = TypeVar("T")

OFFICER_PERMISSION = "documents.register_document"
# One AccessAttempt row per (username, address): the browser is not part of the key, so
# changing the User-Agent header does not buy more guesses.
PAIR_USER_AGENT = ""
# Attempts with no known address (outside a web request) count under the unspecified
# address, not NULL: the database's unique (username, address) key then holds for them too,
# which the race-free counting below relies on.
UNKNOWN_ADDRESS = "0.0.0.0"
ACCOUNT_SLOWED = gettext_lazy(
    "Too many wrong passwords for this account recently. Wait %(seconds)s seconds, then try again."
)
# Set on the request by the authentication backend, which Django's authenticate() does
# not let raise: the sign-in form and the API read it back to say why.
REFUSAL_ATTRIBUTE = "qms_attempt_refused"


class AttemptRefused(PermissionDenied):
    """The password was not checked: the pair is locked, or the account or address is being
    slowed down. ``message`` is for the user; ``retry_after`` in seconds."""

    def __init__(self, message: str, *, retry_after: int, locked: bool):
        super().__init__(message)
        self.message = message
        self.retry_after = max(1, retry_after)
        self.locked = locked


def attempt_refusal(request) -> AttemptRefused | None:
    """The refusal the authentication backend met while serving ``request``, if any."""
    return getattr(request, REFUSAL_ATTRIBUTE, None)


def is_officer(user) -> bool:
    return user.is_authenticated and user.has_perm(OFFICER_PERMISSION)


def _cool_off() -> datetime.timedelta:
    return settings.AXES_COOLOFF_TIME


def _pair(username: str, address: str | None):
    return AccessAttempt.objects.filter(username=username, ip_address=address or UNKNOWN_ADDRESS)


def _cache_key(kind: str, value: str) -> str:
    return f"qms:signin:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def _cache_count(key: str) -> int:
    return cache.get(key, 0)


def _cache_increment(key: str, window: int) -> None:
    cache.add(key, 0, timeout=window)
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=window)


def _reserve(username: str, client: Client, *, now) -> int:
    """Count one attempt for the pair unless it is locked; returns the count reached.

    Raises AttemptRefused when the pair already has the limit of failures. The check and
    the increment are one UPDATE (the row lock makes concurrent attempts queue)."""
    limit = settings.AXES_FAILURE_LIMIT
    pair = _pair(username, client.address)
    pair.filter(attempt_time__lte=now - _cool_off()).delete()
    for _attempt in range(3):
        counted = pair.filter(user_agent=PAIR_USER_AGENT, failures_since_start__lt=limit).update(
            failures_since_start=F("failures_since_start") + 1,
            attempt_time=now,
            path_info=client.path,
        )
        if counted:
            return (
                pair.filter(user_agent=PAIR_USER_AGENT).values_list("failures_since_start", flat=True).get()
            )
        locked = pair.filter(user_agent=PAIR_USER_AGENT).values_list("attempt_time", flat=True).first()
        if locked is not None:
            until = locked + _cool_off()
            raise AttemptRefused(
                _(
                    "Too many wrong passwords for this account from your address. Signing in, "
                    "API access and signing are locked until %(time)s. A QMS officer can lift "
                    "the lock sooner."
                )
                % {"time": timezone.localtime(until).strftime("%H:%M")},
                retry_after=math.ceil((until - now).total_seconds()),
                locked=True,
            )
        try:
            with transaction.atomic():
                AccessAttempt.objects.create(
                    username=username,
                    ip_address=client.address or UNKNOWN_ADDRESS,
                    user_agent=PAIR_USER_AGENT,
                    path_info=client.path,
                    http_accept="",
                    get_data="",
                    post_data="",
                    failures_since_start=1,
                )
            return 1
        except IntegrityError:
            continue  # another attempt created the row first: count on it
    # the row kept vanishing under us (lifted while we tried): let the caller try again
    raise _slowed(_("Too many sign-in attempts at once. Wait a moment, then try again."), 1)


def _release(username: str, client: Client) -> None:
    """Take back a counted attempt whose password was never checked."""
    _pair(username, client.address).filter(user_agent=PAIR_USER_AGENT, failures_since_start__gt=0).update(
        failures_since_start=F("failures_since_start") - 1
    )


def _slowed(message: str, seconds: int) -> AttemptRefused:
    """``message`` may name the wait as %(seconds)s."""
    return AttemptRefused(str(message) % {"seconds": seconds}, retry_after=seconds, locked=False)


def _slot_refused(kind: str, value: str, *, after: int, interval: int) -> bool:
    """With ``after`` recent failures for ``value``, one attempt per ``interval`` seconds
    claims the slot; True when this attempt finds it taken."""
    if _cache_count(_cache_key(kind, value)) < after:
        return False
    return not cache.add(_cache_key(f"{kind}-slot", value), 1, timeout=interval)


def _claim_slow_down_slots(username: str, client: Client) -> None:
    """Once an account (or address) has many recent failures, let one attempt through per
    interval. Raises AttemptRefused for the others."""
    if client.address and _slot_refused(
        "address", client.address, after=settings.QMS_LOGIN_ADDRESS_SLOW_AFTER, interval=1
    ):
        raise _slowed(
            _("Too many wrong passwords from your address recently. Wait a moment, then try again."), 1
        )
    interval = settings.QMS_LOGIN_SLOW_SECONDS
    if _slot_refused("account", username, after=settings.QMS_LOGIN_SLOW_AFTER, interval=interval):
        raise _slowed(ACCOUNT_SLOWED, interval)


def _failure_log(username: str, client: Client, *, locked_out: bool) -> None:
    AccessFailureLog.objects.create(
        username=username,
        ip_address=client.address or UNKNOWN_ADDRESS,
        user_agent=client.user_agent,
        path_info=client.path,
        http_accept="",
        locked_out=locked_out,
    )
    keep = settings.AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT
    oldest_kept = (
        AccessFailureLog.objects.filter(username=username)
        .order_by("-id")
        .values_list("id", flat=True)[keep - 1 : keep]
        .first()
    )
    if oldest_kept is not None:
        AccessFailureLog.objects.filter(username=username, id__lt=oldest_kept).delete()


def password_attempt(*, username: str, client: Client, check: Callable[[], T]) -> T:
    """Run ``check`` (the password comparison) if the pair may try now, and count the result.

    Returns what ``check`` returned; a falsy result is a failure. Raises AttemptRefused,
    without calling ``check``, when the pair is locked or the account or address is being
    slowed down. Call it outside any transaction the caller may roll back: a failure must
    stay counted even though the action it was for is refused.
    """
    if not settings.AXES_ENABLED:
        return check()
    username = (username or "")[:255]
    now = timezone.now()
    try:
        count = _reserve(username, client, now=now)
    except AttemptRefused:
        _failure_log(username, client, locked_out=True)
        raise
    try:
        _claim_slow_down_slots(username, client)
        result = check()
    except BaseException:
        _release(username, client)
        raise
    if result:
        _pair(username, client.address).delete()
        return result
    window = int(_cool_off().total_seconds())
    _cache_increment(_cache_key("account", username), window)
    if client.address:
        _cache_increment(_cache_key("address", client.address), window)
    _failure_log(username, client, locked_out=count >= settings.AXES_FAILURE_LIMIT)
    return result


def lockout_lift(*, actor, username: str, address: str | None) -> int:
    """An officer lifts the lock of one (username, address) pair and the account's
    slow-down. Returns the failures that were counted; records who lifted it."""
    if not is_officer(actor):
        raise PermissionDenied
    with transaction.atomic():
        pair = _pair(username, address)
        failures = sum(pair.values_list("failures_since_start", flat=True))
        if not failures:
            return 0
        pair.delete()
        SecurityEvent.objects.create(
            kind=SecurityEvent.Kind.LOCK_LIFTED,
            actor=actor,
            username=username,
            ip_address=address or UNKNOWN_ADDRESS,
            detail=_("%(count)s failed attempts cleared") % {"count": failures},
        )
    cache.delete_many([_cache_key("account", username), _cache_key("account-slot", username)])
    return failures


def token_expires_at(token: Token) -> datetime.datetime:
    return token.created + settings.QMS_TOKEN_TTL


def token_is_expired(token: Token, *, now=None) -> bool:
    return (now or timezone.now()) >= token_expires_at(token)


def token_issue(*, user) -> Token:
    """The user's API token; an expired one is replaced by a new key."""
    with transaction.atomic():
        token = Token.objects.select_for_update().filter(user=user).first()
        if token is not None and token_is_expired(token):
            token.delete()
            token = None
        if token is None:
            token = Token.objects.create(user=user)
    return token


def token_revoke(*, actor, user) -> bool:
    """Delete ``user``'s API token. Anyone may revoke their own; officers anyone's (recorded).
    Returns whether there was a token."""
    if actor.pk != user.pk and not is_officer(actor):
        raise PermissionDenied
    with transaction.atomic():
        deleted, _rows = Token.objects.filter(user=user).delete()
        if deleted and actor.pk != user.pk:
            SecurityEvent.objects.create(
                kind=SecurityEvent.Kind.TOKEN_REVOKED, actor=actor, username=user.get_username()
            )
    return bool(deleted)
