import time

from django.core.management.base import BaseCommand

from violations.services.stats import stats_rebuild


class Command(BaseCommand):
    help = "Tính lại toàn bộ số liệu tổng hợp theo tháng từ các vụ việc (sau khi nạp hàng loạt)."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        counts = stats_rebuild()
        rows = ", ".join(f"{name}: {n}" for name, n in counts.items())
        self.stdout.write(f"Đã tính lại số liệu tổng hợp ({rows}) trong {time.monotonic() - started:.1f} s")
