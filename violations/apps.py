from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ViolationsConfig(AppConfig):
    name = "violations"
    verbose_name = _("Vi phạm kỷ cương")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save, pre_save

        from officials.models import Official
        from units.models import Unit
        from units.signals import unit_names_changed
        from violations import signals
        from violations.models import Incident, IncidentParty

        post_save.connect(signals.incident_saved, sender=Incident, dispatch_uid="search-incident")
        post_save.connect(signals.party_changed, sender=IncidentParty, dispatch_uid="search-party-save")
        post_delete.connect(signals.party_changed, sender=IncidentParty, dispatch_uid="search-party-delete")
        for model, saved in ((Official, signals.official_saved), (Unit, signals.unit_saved)):
            uid = f"search-{model.__name__}"
            pre_save.connect(signals.remember_stored_name, sender=model, dispatch_uid=f"{uid}-before")
            post_save.connect(saved, sender=model, dispatch_uid=uid)
        unit_names_changed.connect(signals.unit_names_changed, dispatch_uid="search-unit-names")

        from violations.audit.labels import register_labels

        register_labels()  # how the change history names indicators and sanction forms
