"""An address's postcode is only ever compared whole (cleaned, as the matching keys and the
search ask it): its varchar_pattern_ops ("_like") index goes (familyhub.pattern_indexes)."""

from django.db import migrations

from familyhub.pattern_indexes import drop_like_indexes


class Migration(migrations.Migration):
    dependencies = [("people", "0006_exact_keys_without_pattern_indexes")]

    operations = [drop_like_indexes("people_address", ["postcode"])]
