from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Đơn vị")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, pre_save

        from units import history_baseline

        # Every audited model, whichever app it belongs to: rows bulk-loaded without history get a first
        # version before their first recorded change (units.history_baseline).
        pre_save.connect(history_baseline.before_save, dispatch_uid="history-baseline-save")
        m2m_changed.connect(history_baseline.before_m2m_change, dispatch_uid="history-baseline-m2m")
