"""One source of truth for the lead practitioner (docs/decisions/0006): every family with an
active lead-practitioner involvement gets a current lead arrangement, and other practitioners'
active lead-practitioner involvements end. Rows are only added or ended, so reversing does
nothing."""

from django.db import migrations
from django.utils import timezone

from casework.leads import reconcile_leads


def forwards(apps, schema_editor):
    reconcile_leads(
        apps.get_model("casework", "LeadArrangement"),
        apps.get_model("organisations", "Involvement"),
        today=timezone.localdate(),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0002_goal_scales_services_outcome_checks_drafts"),
        ("organisations", "0003_data_officer_and_cover"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
