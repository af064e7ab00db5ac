"""An audit event's hash is only ever compared whole: its varchar_pattern_ops ("_like") index
goes (familyhub.pattern_indexes); the unique index stays."""

from django.db import migrations

from familyhub.pattern_indexes import drop_like_indexes


class Migration(migrations.Migration):
    dependencies = [("audit", "0008_locked_out_and_denied_verbs")]

    operations = [drop_like_indexes("audit_auditevent", ["hash"])]
