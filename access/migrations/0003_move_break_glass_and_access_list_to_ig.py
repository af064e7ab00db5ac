"""BreakGlass and RecordAccessGrant now belong to the ig app (ig.0001 takes them over with
their tables as they are). Django's state forgets them here; the database keeps every row."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0002_access_list_and_break_glass"),
        ("ig", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="BreakGlass"),
                migrations.DeleteModel(name="RecordAccessGrant"),
            ],
        ),
    ]
