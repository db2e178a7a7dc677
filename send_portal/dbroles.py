"""The two database roles of the production shape (docs/decisions/0012).

The *owner* owns the database and its tables and runs the migrations (`manage.py migrate`). The
*app* role is what the web app, the Celery worker and beat connect as. It may read and write the
casework tables, but on the audit trail and the access log (`TRAIL_TABLES`) it may only SELECT
and INSERT: no UPDATE, DELETE or TRUNCATE. Not owning any table, it can ALTER none, so it can
neither disable the append-only trigger nor drop it, and it cannot create tables (PostgreSQL 15
no longer lets PUBLIC create in the public schema). Erasure redacts the trail through the one
function it may EXECUTE, `send_portal_trail_redact` (created by the cases migration).

`app_role_grant` is run by the owner after every migration (docker-compose's `migrate` service
does `manage.py db_app_role`), so tables added by later migrations are granted too.
"""

import re

TRAIL_TABLES = ("cases_auditentry", "cases_recordaccess")
REDACT_FUNCTION = "send_portal_trail_redact(bigint, date, jsonb)"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class RoleError(Exception):
    pass


def quoted(name: str) -> str:
    if not _ROLE_NAME.fullmatch(name):
        raise RoleError(f"{name!r} is not a role name this command accepts ([a-z_][a-z0-9_]*).")
    return f'"{name}"'


def role_exists(cursor, role: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    return cursor.fetchone() is not None


def app_role_create(cursor, role: str, password: str | None) -> None:
    """Create the app role (LOGIN, nothing else), or set its password if it exists."""
    name = quoted(role)
    if not role_exists(cursor, role):
        cursor.execute(
            f"CREATE ROLE {name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
            "NOREPLICATION NOBYPASSRLS NOINHERIT"
        )
    if password:
        cursor.execute(f"ALTER ROLE {name} PASSWORD %s", [password])


def app_role_check(cursor, role: str) -> None:
    """Refuse a role that could get round the grants: a superuser, a role that can bypass row
    security or make roles, or a member of the role that owns the tables."""
    cursor.execute(
        "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles "
        "WHERE rolname = %s",
        [role],
    )
    row = cursor.fetchone()
    if row is None:
        raise RoleError(f"There is no database role {role!r}.")
    if any(row):
        raise RoleError(
            f"{role!r} is a superuser or may bypass row security, create roles or databases: "
            "the app role must be an ordinary LOGIN role."
        )
    cursor.execute(
        "SELECT pg_has_role(%s, tableowner, 'MEMBER') FROM pg_tables "
        "WHERE schemaname = current_schema() AND tablename = %s",
        [role, TRAIL_TABLES[0]],
    )
    owns = cursor.fetchone()
    if owns is not None and owns[0]:
        raise RoleError(
            f"{role!r} owns the tables, or is a member of their owner: connect the app as a "
            "separate role."
        )


def app_role_grant(cursor, role: str) -> None:
    """Grant the app role what it needs, and nothing over the trail but SELECT and INSERT."""
    name = quoted(role)
    app_role_check(cursor, role)
    cursor.execute("SELECT current_database(), current_schema()")
    database, schema = cursor.fetchone()
    database = '"' + database.replace('"', '""') + '"'
    schema = '"' + schema.replace('"', '""') + '"'
    trail = ", ".join(TRAIL_TABLES)
    for statement in (
        f"GRANT CONNECT ON DATABASE {database} TO {name}",
        f"GRANT USAGE ON SCHEMA {schema} TO {name}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {name}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {name}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {trail} FROM {name}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {trail} FROM PUBLIC",
        f"GRANT SELECT, INSERT ON {trail} TO {name}",
        f"GRANT EXECUTE ON FUNCTION {REDACT_FUNCTION} TO {name}",
    ):
        cursor.execute(statement)
