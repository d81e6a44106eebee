"""The incident search document (violations.services.search) and, on PostgreSQL, its trigram index.

pg_trgm's GIN index answers `LIKE '%word%'` for any word of three letters or more, which is what the list's
search box sends; SQLite has no such index and scans (its databases are small: demo and tests).
"""

from django.db import migrations, models

from violations.services.search import document_expression

INDEX = "incident_search_trgm"


def fill_documents(apps, schema_editor):
    incident = apps.get_model("violations", "Incident")
    expression = document_expression(apps.get_model("units", "Unit"), apps.get_model("violations", "IncidentParty"))
    incident.objects.using(schema_editor.connection.alias).update(search_document=expression)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON violations_incident USING gin (search_document gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0001_initial"),
        ("violations", "0015_framework_v2"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="search_document",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_documents, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_index, drop_index),
    ]
