# Hub services move to the directory app, goal scores and sustained outcome checks to the
# outcomes app. Every row is kept: the tables are renamed in place (never dropped and
# recreated), the index of the outcome checks takes its new model's name, the content types
# (and so the permissions on them) follow the models, and the plan actions' foreign key now
# names directory.HubService (state only: the key follows the renamed table). directory 0001 and outcomes 0001 only add the models to their
# own apps' migration state.

import django.db.models.deletion
from django.db import migrations, models

MOVED = (
    ("hubservice", "directory"),
    ("goalscore", "outcomes"),
    ("sustainedoutcomecheck", "outcomes"),
)


def _relabel(apps, model, old_app, new_app):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new_app, model=model).exists():
        ContentType.objects.filter(app_label=old_app, model=model).update(app_label=new_app)


def content_types_follow(apps, schema_editor):
    for model, app in MOVED:
        _relabel(apps, model, "casework", app)


def content_types_back(apps, schema_editor):
    for model, app in MOVED:
        _relabel(apps, model, app, "casework")


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0003_reconcile_lead_practitioners'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('directory', '0001_initial'),
        ('outcomes', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RenameIndex(
                    model_name='sustainedoutcomecheck',
                    new_name='outcomes_su_checked_1d8904_idx',
                    old_name='casework_su_checked_57c085_idx',
                ),
                migrations.AlterModelTable(name='hubservice', table='directory_hubservice'),
                migrations.AlterModelTable(name='goalscore', table='outcomes_goalscore'),
                migrations.AlterModelTable(
                    name='sustainedoutcomecheck', table='outcomes_sustainedoutcomecheck'
                ),
            ],
            state_operations=[],
        ),
        # The foreign key already points at the renamed table (PostgreSQL follows the table;
        # SQLite rewrites the reference when it renames): only the state names the new model.
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='planaction',
                    name='service',
                    field=models.ForeignKey(blank=True, help_text='A service from a family hub that this action is (e.g. a parenting programme)', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='plan_actions', to='directory.hubservice'),
                ),
                migrations.DeleteModel(name='GoalScore'),
                migrations.DeleteModel(name='HubService'),
                migrations.DeleteModel(name='SustainedOutcomeCheck'),
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_back),
    ]
