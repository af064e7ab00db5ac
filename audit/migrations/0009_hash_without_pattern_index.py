"""An audit event's hash is only ever compared whole: its varchar_pattern_ops ("_like") index
goes on PostgreSQL (every audit event written kept it up for no reader); the unique index stays.
As familyhub.pattern_indexes does for the people's keys (the kernel imports no app, so the few
lines are here): the model state is unchanged and nothing is rebuilt."""

from django.db import migrations


def _index(schema_editor) -> str:
    name = schema_editor._create_index_name("audit_auditevent", ["hash"], suffix="_like")
    return schema_editor.quote_name(name)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {_index(schema_editor)}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_index(schema_editor)} "
            'ON "audit_auditevent" ("hash" varchar_pattern_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0008_locked_out_and_denied_verbs")]

    operations = [migrations.RunPython(forwards, backwards)]
