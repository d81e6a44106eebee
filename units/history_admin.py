"""The admin base for audited models: it shows the change history in Vietnamese but never reverts to an old
version.

django-simple-history's history form would save an old version back when posted, even with
SIMPLE_HISTORY_REVERT_DISABLED (which only hides the button); corrections go through the normal change form,
where they are recorded like any other change. Its history list speaks English ("Changed", "None") and shows
raw values ("True", ids); this one reads the history through units.history_display, as the audit log does.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from units.admin_base import SafeChangelistAdmin
from units.history_display import ChangeReader, attach_previous, kind, who, with_previous_id


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin, SafeChangelistAdmin):
    object_history_template = "units/admin_history.html"
    object_history_list_template = "units/admin_history_list.html"

    def history_view_title(self, request: HttpRequest, obj: Any) -> str:
        return _("Lịch sử thay đổi: %s") % obj

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_history_queryset(
        self, request: HttpRequest, history_manager: Any, pk_name: str, object_id: Any
    ) -> QuerySet:
        rows = history_manager.filter(**{pk_name: object_id}).select_related("history_user")
        return with_previous_id(rows)  # so that the oldest row of a page is compared too

    def set_history_delta_changes(
        self, request: HttpRequest, historical_records: Iterable[Any], foreign_keys_are_objs: bool = True
    ) -> None:
        rows = list(historical_records)
        reader = ChangeReader()
        reader.add(attach_previous(rows))
        for row in rows:
            row.history_delta_changes = reader.changes(row)
            row.history_note = reader.note(row)
            row.history_kind = kind(row)
            row.history_actor = who(row)
