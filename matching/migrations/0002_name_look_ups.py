"""PostgreSQL's own tools for a name heard on its own (matching/heard.py): pg_trgm with GIN
trigram indexes on the people's name keys, and fuzzystrmatch with expression indexes on their
double metaphone. Nothing on SQLite (the sound and name keys the register stores serve it)."""

from django.db import migrations

INDEXES = [
    ("people_person_given_key_trgm", "USING gin (given_key gin_trgm_ops)"),
    ("people_person_family_key_trgm", "USING gin (family_key gin_trgm_ops)"),
    ("people_person_given_dmetaphone", "(dmetaphone(given_key))"),
    ("people_person_family_dmetaphone", "(dmetaphone(family_key))"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch")
    for name, how in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON people_person {how}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _how in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_person_key"),
        ("people", "0004_ethnicity_not_yet_asked_or_declined"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
