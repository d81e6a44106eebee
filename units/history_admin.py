"""The admin base for audited models: it shows the change history but never reverts to an old version.

django-simple-history's history form would save an old version back when posted, even with
SIMPLE_HISTORY_REVERT_DISABLED (which only hides the button); corrections go through the normal change form,
where they are recorded like any other change.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from units.admin_base import SafeChangelistAdmin


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin, SafeChangelistAdmin):
    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
