"""The audit pages: browse and export the change history. Read-only: there is no way to alter it here."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from violations.access import Action, User, root_units
from violations.audit.forms import AuditFilterForm
from violations.audit.selectors import AuditEntry, Change, export_entries, newest_entries
from violations.csv_export import csv_response
from violations.ids import parse_id
from violations.views.refusals import refused_filters

PAGE_SIZE = 50


def _require_auditor(user: User) -> None:
    if not root_units(user, Action.VIEW_AUDIT):
        raise Http404


def _page_number(raw: str | None) -> int:
    page = parse_id(raw)
    return page if page is not None and 0 < page < 10_000 else 1


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    _require_auditor(request.user)
    form = AuditFilterForm(request.GET or None)
    page = _page_number(request.GET.get("page"))
    entries, more = newest_entries(request.user, form.filters(), (page - 1) * PAGE_SIZE, PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "entries": entries, "page": page, "more": more, "query": query.urlencode()}
    return render(request, "violations/audit_log.html", context)


@login_required
@require_GET
def audit_export_csv(request: HttpRequest) -> HttpResponseBase:
    _require_auditor(request.user)
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return refused_filters(request, form)
    rows = (
        _row(entry, change)
        for entry in export_entries(request.user, form.filters())
        for change in _changes(entry)
    )
    return csv_response(HEADER, rows, f"nhat-ky-thay-doi-{timezone.localdate():%Y%m%d}.csv")


HEADER = [
    gettext_lazy("Thời điểm"),
    gettext_lazy("Người thực hiện"),
    gettext_lazy("Loại dữ liệu"),
    gettext_lazy("Mã"),
    gettext_lazy("Bản ghi"),
    gettext_lazy("Thao tác"),
    gettext_lazy("Trường"),
    gettext_lazy("Giá trị cũ"),
    gettext_lazy("Giá trị mới"),
    gettext_lazy("Ghi chú"),
]


def _changes(entry: AuditEntry) -> list[Change | None]:
    """One row per changed field; a creation or deletion is one row with the change columns empty."""
    return list(entry.changes) or [None]


def _row(entry: AuditEntry, change: Change | None) -> list[object]:
    when = timezone.localtime(entry.when).strftime("%d/%m/%Y %H:%M:%S")
    cells = [change.field, change.old, change.new] if change else ["", "", ""]
    return [when, entry.who, entry.model, entry.object_id, entry.object, entry.kind, *cells, entry.reason]
