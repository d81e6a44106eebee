"""What django-axes counts a failed sign-in against.

Every sign-in path (the app's login form, the Django admin's, any future one) reaches axes through
authenticate(); axes stores the username in a 255-character column, so the name is cut to fit there, in one
place, rather than trusting each form to have bounded it.
"""

from typing import Any

from django.http import HttpRequest

AXES_USERNAME_MAX = 255


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    source: Any = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username")
    return None if username is None else str(username)[:AXES_USERNAME_MAX]
