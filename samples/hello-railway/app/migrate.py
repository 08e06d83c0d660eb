"""`python3 -m app.migrate`: creates the notes table where DATABASE_URL points (the seed's `manage.py migrate`).

Safe to run any number of times: it applies only what is missing. Exits 0 on success, 1 on a database error and
2 when DATABASE_URL is not set. Prints where it connected as user@host:port/database, never the password.
"""
import sys

from app import pg, store
from app.config import settings


def main() -> int:
    url = settings.database_url()
    if not url:
        print("DATABASE_URL is not set: nothing to migrate.", file=sys.stderr)
        return 2
    try:
        target = pg.ConnectionSettings.from_url(url)
        with pg.Connection(target) as connection:
            print(f"Migrating {target.describe()}", flush=True)
            applied = store.migrate(connection)
    except (pg.PgError, OSError, ValueError) as error:
        print(f"migrate failed: {error}", file=sys.stderr)
        return 1
    if applied:
        for name in applied:
            print(f"  Applying {name}... OK")
    else:
        print("No migrations to apply.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
