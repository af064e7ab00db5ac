"""Load the continuum-of-need versions shipped in frontdoor/data/ (rules are data).

Later versions are loaded with `familyhub frontdoor-load-rules`; a loaded version is never
changed in place."""

from django.db import migrations


def load(apps, schema_editor):
    from frontdoor import continua

    continua.load_all_continua(apps.get_model("frontdoor", "Continuum"))


class Migration(migrations.Migration):
    dependencies = [("frontdoor", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
