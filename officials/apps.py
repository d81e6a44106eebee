from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class OfficialsConfig(AppConfig):
    name = "officials"
    verbose_name = _("Cán bộ")

    def ready(self) -> None:
        from officials import services
        from officials.headcount import headcount_invalidate
        from officials.models import Assignment

        # Any post saved or deleted changes some unit's headcount: the live count's cache is dropped and the
        # stored roll-up is moved by the difference, in the same transaction.
        post_save.connect(headcount_invalidate, sender=Assignment, dispatch_uid="headcount-save")
        post_delete.connect(headcount_invalidate, sender=Assignment, dispatch_uid="headcount-delete")
        pre_save.connect(services.post_before_save, sender=Assignment, dispatch_uid="headcount-stat-before")
        post_save.connect(services.post_saved, sender=Assignment, dispatch_uid="headcount-stat-save")
        post_delete.connect(services.post_deleted, sender=Assignment, dispatch_uid="headcount-stat-delete")
