"""`python3 -m app.notes add TEXT` / `python3 -m app.notes list [--json]`: the notes table from a script.

`add` prints the new note's id; `list` prints `id<TAB>body` lines, newest first (`--json`: one JSON array).
Exits 1 on a database error and 2 on bad usage or when DATABASE_URL is not set. Never prints the password.
"""
import argparse
import json
import sys

from app import pg, store
from app.config import settings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m app.notes", description="Add or list notes in DATABASE_URL.")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="write one note")
    add.add_argument("text")
    listing = commands.add_parser("list", help="list notes, newest first")
    listing.add_argument("--json", action="store_true", help="one JSON array instead of id<TAB>body lines")
    listing.add_argument("--limit", type=int, default=100)
    args = parser.parse_args(argv)

    url = settings.database_url()
    if not url:
        print("DATABASE_URL is not set.", file=sys.stderr)
        return 2
    try:
        with pg.connect(url) as connection:
            if args.command == "add":
                print(store.add_note(connection, args.text)["id"])
            else:
                notes = store.list_notes(connection, args.limit)
                if args.json:
                    print(json.dumps(notes))
                else:
                    for note in notes:
                        print(f"{note['id']}\t{note['body']}")
    except (pg.PgError, OSError, ValueError) as error:
        print(f"notes {args.command} failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
