"""Migrations that drop the PostgreSQL "_like" indexes Django makes beside a CharField's index.

For a CharField with db_index=True or unique=True, Django's PostgreSQL backend makes two
indexes: the plain one and a varchar_pattern_ops one ("..._like") so that LIKE 'abc%' can use an
index under any collation. A column only ever compared whole (an NHS number, a UPN, a phonetic
code, a hash) needs only the plain one; the other is kept up to date on every insert for no
reader. bench-link writes hundreds of thousands of people and audit events a run, and every
index a row has is work on the writing connection.

The model state is left as it is (the field keeps db_index or unique): only the extra index
goes, by the name Django gave it, so nothing is rebuilt, and a later AlterField of the column
(whose PostgreSQL editor drops "_like" with IF EXISTS) still works. SQLite has no such indexes.
"""

from __future__ import annotations

from django.db import migrations


def drop_like_indexes(table: str, columns: list[str]) -> migrations.RunPython:
    def statements(schema_editor, create: bool) -> list[str]:
        q = schema_editor.quote_name
        out = []
        for column in columns:
            index = q(schema_editor._create_index_name(table, [column], suffix="_like"))
            out.append(
                f"CREATE INDEX IF NOT EXISTS {index} ON {q(table)} "
                f"({q(column)} varchar_pattern_ops)"
                if create
                else f"DROP INDEX IF EXISTS {index}"
            )
        return out

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements(schema_editor, create=False):
                schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements(schema_editor, create=True):
                schema_editor.execute(sql)

    return migrations.RunPython(forwards, backwards)
