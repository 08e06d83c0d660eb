"""The notes table and its migrations: what the web service, `python3 -m app.migrate` and `python3 -m app.notes` share.

Migrations run in order, each once, inside one transaction holding an advisory lock, and are recorded in
schema_migrations (as Django's `manage.py migrate` records them in django_migrations): running them again applies
nothing, and two deploys migrating at once do not race.
"""
from typing import List

from app import pg

# (name, SQL): appended to, never edited once shipped.
MIGRATIONS = [
    ("0001_notes", """
        CREATE TABLE notes (
            id bigserial PRIMARY KEY,
            body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
            created_at timestamptz NOT NULL DEFAULT now()
        )"""),
]

_LOCK_KEY = 4_242_018  # any constant: serialises concurrent migrate runs


def migrate(connection: pg.Connection) -> List[str]:
    """Applies the migrations not yet recorded; returns the names it applied (empty when there were none)."""
    applied: List[str] = []
    connection.execute("BEGIN")
    try:
        connection.query("SELECT pg_advisory_xact_lock($1)", [_LOCK_KEY])
        connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                           "name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        done = {row[0] for row in connection.query("SELECT name FROM schema_migrations").rows}
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            connection.execute(sql)
            connection.query("INSERT INTO schema_migrations (name) VALUES ($1)", [name])
            applied.append(name)
        connection.execute("COMMIT")
    except BaseException:
        try:
            connection.execute("ROLLBACK")
        except (pg.PgError, OSError):
            pass
        raise
    return applied


def add_note(connection: pg.Connection, body: str) -> dict:
    result = connection.query(
        "INSERT INTO notes (body) VALUES ($1) RETURNING id, body, created_at::text AS created_at", [body])
    return result.dicts()[0]


def list_notes(connection: pg.Connection, limit: int = 100) -> List[dict]:
    return connection.query(
        "SELECT id, body, created_at::text AS created_at FROM notes ORDER BY id DESC LIMIT $1", [limit]).dicts()
