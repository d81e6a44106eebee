# Framework v2: indicators of a newer framework version declare which older indicators they take over.
# Schema only. The v2 data itself is loaded by `manage.py load_framework` (run by `make setup` and on every
# deployment), which also recounts the monthly roll-ups' group columns under the new version.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("violations", "0014_legal_rules"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IndicatorMapping",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "from_indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mapped_to",
                        to="violations.indicator",
                        verbose_name="biểu hiện cũ",
                    ),
                ),
                (
                    "to_indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mapped_from",
                        to="violations.indicator",
                        verbose_name="biểu hiện mới",
                    ),
                ),
            ],
            options={
                "verbose_name": "ánh xạ biểu hiện",
                "verbose_name_plural": "ánh xạ biểu hiện",
                "ordering": ["to_indicator__framework", "from_indicator__number", "to_indicator__number"],
                "constraints": [
                    models.UniqueConstraint(fields=("from_indicator", "to_indicator"), name="unique_indicator_mapping")
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalIndicatorMapping",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "from_indicator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="violations.indicator",
                        verbose_name="biểu hiện cũ",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "to_indicator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="violations.indicator",
                        verbose_name="biểu hiện mới",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical ánh xạ biểu hiện",
                "verbose_name_plural": "historical ánh xạ biểu hiện",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
