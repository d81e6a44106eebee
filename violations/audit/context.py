from collections.abc import Callable

from django.http import HttpRequest

from violations.access import Action, root_units


def audit_link(request: HttpRequest) -> dict[str, Callable[[], bool]]:
    """Whether to show the audit log in the menu; a callable, so pages that never ask cost nothing."""
    return {"may_audit": lambda: bool(root_units(request.user, Action.VIEW_AUDIT))}
