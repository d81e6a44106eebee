"""The incident search document (violations.services.search) and, on PostgreSQL, two indexes over it.

- pg_trgm's GIN index answers `LIKE '%word%'` for any word of three letters or more across the whole city.
- A b-tree on (unit, date) carrying the document: within a district or a commune the search checks each
  row of the scope from the index alone, never touching the table (violations.selectors.incidents).

SQLite has neither and scans (its databases are small: demo and tests). Measured at 1,000,000 incidents:
BENCHMARKS.md.
"""

from django.db import migrations, models

from violations.services.search import document_expression

INDEXES = {
    "incident_search_trgm": "USING gin (search_document gin_trgm_ops)",
    "incident_unit_search": "(unit_id, occurred_on) INCLUDE (id, search_document)",
}


def fill_documents(apps, schema_editor):
    incident = apps.get_model("violations", "Incident")
    expression = document_expression(apps.get_model("units", "Unit"), apps.get_model("violations", "IncidentParty"))
    incident.objects.using(schema_editor.connection.alias).update(search_document=expression)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON violations_incident {definition}")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


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
