from django.db import migrations
from django.db.models import F
from django.db.models.functions import Coalesce, Least


def fill(apps, schema_editor):
    """The nearest of the two stored deadlines, for incidents saved before the column existed."""
    Incident = apps.get_model("violations", "Incident")
    Incident.objects.update(
        next_deadline=Least(
            Coalesce(F("handling_deadline"), F("limitation_deadline")),
            Coalesce(F("limitation_deadline"), F("handling_deadline")),
        )
    )


class Migration(migrations.Migration):
    dependencies = [("violations", "0010_open_case_rollup")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
