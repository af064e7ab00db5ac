"""Ethnicity keeps apart "declined to say" (DfE REFU) and "not yet asked" (DfE NOBT): a blank
ethnicity meant nobody had asked (the CIN census already reported it as NOBT), so blanks
become NOBT and new records start as NOBT. REFU and every other code are left as they are.
The reverse leaves the codes: a NOBT written here cannot be told from one chosen on the form."""

from django.db import migrations, models


def blank_is_not_yet_asked(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    Person.objects.filter(ethnicity="").update(ethnicity="NOBT")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_nhs_number_provenance"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="ethnicity",
            field=models.CharField(
                blank=True,
                default="NOBT",
                help_text="DfE code: REFU when the person declined to say, NOBT when not yet asked",
                max_length=4,
            ),
        ),
        migrations.RunPython(blank_is_not_yet_asked, migrations.RunPython.noop, elidable=False),
    ]
