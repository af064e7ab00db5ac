"""A PostgreSQL role for the running application that cannot rewrite the audit trail.

The database owner (who runs migrations) keeps full rights; the web server and task worker
connect as an *application role* that may read and write every table except that on the audit
table it may only SELECT and INSERT: no UPDATE, DELETE or TRUNCATE, and — not being the
table's owner — it cannot switch the append-only trigger off either. So even someone who takes
over the application cannot quietly change what the trail says.

    familyhub audit app-role familyhub_app            # print the SQL
    familyhub audit app-role familyhub_app --apply    # run it (as the database owner)
"""

from __future__ import annotations

import re

from django.db import connection

from .models import AuditEvent

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def app_role_sql(role: str) -> list[str]:
    if not ROLE_NAME.match(role):
        raise ValueError("A role name is lower-case letters, digits and underscores.")
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    database = connection.ops.quote_name(connection.settings_dict["NAME"])
    return [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
        f"THEN CREATE ROLE {role} LOGIN; END IF; END $$",
        f"GRANT CONNECT ON DATABASE {database} TO {role}",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {table} FROM {role}",
    ]


def apply_app_role(role: str) -> None:
    if connection.vendor != "postgresql":
        raise ValueError("Database roles need PostgreSQL (SQLite has no roles).")
    with connection.cursor() as cursor:
        for statement in app_role_sql(role):
            cursor.execute(statement)
