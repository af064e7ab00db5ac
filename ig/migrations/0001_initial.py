"""BreakGlass and RecordAccessGrant move from access to ig without touching a row.

The tables keep their names (Meta.db_table), so this migration changes Django's state only
(SeparateDatabaseAndState with no database operation); access.0003 drops the models from
access's state after this one. The content types are renamed in place so that anything keyed
on them (permissions) follows the models.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def rename_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in ("breakglass", "recordaccessgrant"):
        if not ContentType.objects.using(db).filter(app_label="ig", model=model).exists():
            ContentType.objects.using(db).filter(app_label="access", model=model).update(
                app_label="ig"
            )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in ("breakglass", "recordaccessgrant"):
        if not ContentType.objects.using(db).filter(app_label="access", model=model).exists():
            ContentType.objects.using(db).filter(app_label="ig", model=model).update(
                app_label="access"
            )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("access", "0002_access_list_and_break_glass"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("organisations", "0002_initial"),
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="BreakGlass",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("reason", models.TextField()),
                        ("opened_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("expires_at", models.DateTimeField()),
                        ("review", models.CharField(choices=[("pending", "Waiting for review"), ("justified", "Justified"), ("not_justified", "Not justified")], default="pending", max_length=20)),
                        ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                        ("review_note", models.TextField(blank=True)),
                        ("family", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="people.family")),
                        ("practitioner", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="break_glasses", to="organisations.practitioner")),
                        ("reviewed_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "access_breakglass",
                        "ordering": ["-opened_at"],
                        "indexes": [models.Index(fields=["practitioner", "expires_at"], name="access_brea_practit_cbd08d_idx")],
                    },
                ),
                migrations.CreateModel(
                    name="RecordAccessGrant",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("reason", models.CharField(max_length=300)),
                        ("granted_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("revoked_at", models.DateTimeField(blank=True, null=True)),
                        ("family", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="people.family")),
                        ("granted_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("practitioner", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="access_grants", to="organisations.practitioner")),
                        ("revoked_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "access_recordaccessgrant",
                        "constraints": [models.UniqueConstraint(condition=models.Q(("revoked_at__isnull", True)), fields=("family", "practitioner"), name="one_live_grant_per_practitioner")],
                    },
                ),
            ],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
