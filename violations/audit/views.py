"""The audit pages: browse and export the change history. Read-only: there is no way to alter it here."""

import csv
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from violations.access import Action, User, root_units
from violations.audit.forms import AuditFilterForm
from violations.audit.selectors import AuditEntry, export_entries, newest_entries
from violations.ids import parse_id
from violations.views.exports import BOM, FORMULA_STARTS

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
def audit_export_csv(request: HttpRequest) -> StreamingHttpResponse:
    _require_auditor(request.user)
    filters = AuditFilterForm(request.GET or None).filters()
    lines = _csv_lines(export_entries(request.user, filters), translation.get_language())
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="nhat-ky-thay-doi-{timezone.localdate():%Y%m%d}.csv"'
    )
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe(value: object) -> str:
    """Text typed by users must never run as a formula in Excel."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_lines(entries: Iterator[AuditEntry], language: str | None) -> Iterator[str]:
    writer = csv.writer(_Echo())
    with translation.override(language):
        header = [
            _("Thời điểm"),
            _("Người thực hiện"),
            _("Loại dữ liệu"),
            _("Mã"),
            _("Bản ghi"),
            _("Thao tác"),
        ]
        header += [_("Trường"), _("Giá trị cũ"), _("Giá trị mới"), _("Ghi chú")]
        yield BOM + writer.writerow(header)
        for entry in entries:
            when = timezone.localtime(entry.when).strftime("%d/%m/%Y %H:%M:%S")
            head = [when, entry.who, entry.model, entry.object_id, _safe(entry.object), entry.kind]
            changes = [[c.field, _safe(c.old), _safe(c.new)] for c in entry.changes] or [["", "", ""]]
            for cells in changes:
                yield writer.writerow([*head, *cells, _safe(entry.reason)])
