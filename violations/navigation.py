"""What the menu offers a user: exactly the pages the access module lets them use (no link that ends in 404).

A template context processor; each entry is decided on first use from the grants the request has already
read (violations.access caches them on the user), so a page costs no extra query.
"""

from django.http import HttpRequest

from violations.access import Action, User, root_units


class AllowedActions:
    """`may.create_incident` in a template: whether the user may perform that action anywhere."""

    def __init__(self, user: User) -> None:
        self.user = user
        self._known: dict[str, bool] = {}

    def __getitem__(self, name: str) -> bool:
        if name not in self._known:
            self._known[name] = bool(root_units(self.user, Action(name)))
        return self._known[name]


def navigation(request: HttpRequest) -> dict[str, AllowedActions]:
    return {"may": AllowedActions(request.user)}
