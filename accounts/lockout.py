"""What django-axes counts a failed sign-in against: a bounded username and the client's real address.

Every sign-in path (the app's login form, the Django admin's, any future one) reaches axes through
authenticate(); axes stores the username in a 255-character column, so the name is cut to fit there, in one
place, rather than trusting each form to have bounded it.
"""

import ipaddress
from typing import Any

from django.conf import settings
from django.http import HttpRequest

AXES_USERNAME_MAX = 255


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    source: Any = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username")
    return None if username is None else str(username)[:AXES_USERNAME_MAX]


def client_address(request: HttpRequest) -> str | None:
    """The address a failed sign-in is counted against.

    With TRUSTED_PROXY_COUNT = 0 (no reverse proxy) it is the connection's own address. Behind N proxies,
    each appending the address it received the request from to X-Forwarded-For (nginx's
    $proxy_add_x_forwarded_for), the client is the N-th entry from the right: entries further left were
    sent by the client and prove nothing. A header shorter than N, or an entry that is not an address, means
    a proxy is not doing its part; the connection's address is used then, never a client-supplied one.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(entries) < count or not entries[-count]:
        return remote
    try:
        return str(ipaddress.ip_address(entries[-count]))
    except ValueError:
        return remote
