"""A person's NHS number, UPN and phonetic codes are only ever compared whole: their
varchar_pattern_ops ("_like") indexes go (familyhub.pattern_indexes). The name keys keep theirs
(the front door's "already known" search asks them by prefix), as does the LA child ID (its
"BR" prefix is asked)."""

from django.db import migrations

from familyhub.pattern_indexes import drop_like_indexes


class Migration(migrations.Migration):
    dependencies = [("people", "0005_family_sealed_index")]

    operations = [
        drop_like_indexes("people_person", ["nhs_number", "upn", "given_sound", "family_sound"]),
    ]
