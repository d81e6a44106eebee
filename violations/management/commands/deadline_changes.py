"""Lists the incidents whose stored deadlines a recomputation moved (old → new), for inspectors to review."""

import csv
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from violations.models import DeadlineChange

FIELD_LABELS = {
    "limitation_deadline": "Hết thời hiệu",
    "handling_deadline": "Hạn xử lý",
    "next_deadline": "Hạn gần nhất",
    "limitation_from": "Thời hiệu tính từ",
}


def _day(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value else "không có"


class Command(BaseCommand):
    help = "Liệt kê các vụ việc có thời hạn thay đổi khi tính lại theo quy định sửa đổi (cũ → mới)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--field", choices=sorted(FIELD_LABELS), help="Chỉ một loại thời hạn (mặc định: tất cả)."
        )
        parser.add_argument("--csv", action="store_true", help="Xuất CSV (UTF-8) thay vì bảng.")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = DeadlineChange.objects.select_related("incident__unit").order_by("incident_id", "field")
        if options["field"]:
            rows = rows.filter(field=options["field"])
        writer = csv.writer(sys.stdout if options["csv"] else _Table(self.stdout))
        writer.writerow(["Vụ việc", "Đơn vị", "Thời hạn", "Cũ", "Mới", "Trạng thái"])
        count = 0
        incidents = set()
        for change in rows.iterator(chunk_size=2000):
            incident = change.incident
            writer.writerow(
                [
                    f"#{incident.pk}",
                    incident.unit.name,
                    FIELD_LABELS.get(change.field, change.field),
                    _day(change.old_value),
                    _day(change.new_value),
                    incident.get_status_display(),
                ]
            )
            count += 1
            incidents.add(incident.pk)
        self.stderr.write(f"{count} thay đổi ở {len(incidents)} vụ việc.")


class _Table:
    """A csv.writer target that prints aligned, pipe-separated lines."""

    def __init__(self, out: Any) -> None:
        self.out = out

    def write(self, line: str) -> None:
        cells = next(csv.reader([line]))
        self.out.write(" | ".join(cells))
