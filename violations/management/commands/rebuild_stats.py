import time

from django.core.management.base import BaseCommand
from django.db import connection

from officials.services import headcount_rebuild
from violations.models import HandlingSuspension, Incident, IncidentParty
from violations.services.deadline_recompute import recompute_all
from violations.services.repeat import repeat_rebuild
from violations.services.search import search_documents_refresh
from violations.services.stats import stats_rebuild


class Command(BaseCommand):
    help = (
        "Tính lại thời hạn lưu của mọi vụ việc, văn bản tìm kiếm và toàn bộ số liệu tổng hợp (theo tháng, "
        "vụ việc đang mở, danh sách tái phạm, số cán bộ đang công tác) sau khi nạp hàng loạt."
    )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        if connection.vendor == "postgresql":
            # After a bulk load the planner has no statistics and picks nested loops over millions of rows.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        # Bulk loads store deadlines without the restarts that one person's later violations cause.
        moved = recompute_all(Incident, IncidentParty, HandlingSuspension)
        counts = stats_rebuild()
        counts["search_document"] = search_documents_refresh(Incident.objects.all())
        counts |= repeat_rebuild()
        counts["HeadcountStat"] = headcount_rebuild()
        rows = ", ".join(f"{name}: {n}" for name, n in counts.items())
        self.stdout.write(
            f"Đã tính lại thời hạn ({moved} vụ việc thay đổi) và số liệu tổng hợp ({rows}) "
            f"trong {time.monotonic() - started:.1f} s"
        )
