"""Who is at the other end of a password attempt: address, browser and path.

ClientMiddleware keeps each request's client in a context variable, so a service that is
not handed the request (password re-entry for signing) still counts the attempt against
the caller's address. Outside a request (shell, tests calling services) the address is
unknown and attempts count under the username with no address.
"""

import ipaddress
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Client:
    address: str | None = None
    user_agent: str = ""
    path: str = ""


NO_CLIENT = Client()
_current: ContextVar[Client] = ContextVar("qms_client", default=NO_CLIENT)


def client_address(request) -> str | None:
    """The client's address: the header named by RATELIMIT_IP_META_KEY behind a reverse
    proxy, else REMOTE_ADDR. Anything that is not an IP address counts as unknown."""
    key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    raw = str(request.META.get(key, "") or "")
    try:
        return str(ipaddress.ip_address(raw.split(",")[0].strip()))
    except ValueError:
        return None


def client_of(request) -> Client:
    """The client of ``request``, or of the request being served when there is none."""
    if request is None:
        return _current.get()
    return Client(
        address=client_address(request),
        user_agent=str(request.META.get("HTTP_USER_AGENT", ""))[:255],
        path=str(request.META.get("PATH_INFO", ""))[:255],
    )


def current_client() -> Client:
    return _current.get()


class ClientMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(client_of(request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
