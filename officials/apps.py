from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class OfficialsConfig(AppConfig):
    name = "officials"
    verbose_name = _("Cán bộ")

    def ready(self) -> None:
        from officials.headcount import headcount_invalidate
        from officials.models import Assignment

        # Any post saved or deleted changes some unit's headcount.
        post_save.connect(headcount_invalidate, sender=Assignment, dispatch_uid="headcount-save")
        post_delete.connect(headcount_invalidate, sender=Assignment, dispatch_uid="headcount-delete")
