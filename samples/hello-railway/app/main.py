"""HTTP entry point, shaped like a FastAPI app but using only the standard library."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from app import pg, resp, store
from app.config import settings

MAX_BODY = 64 * 1024


class HttpError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


NOT_FOUND = HttpError(404, "Not Found")


def database_state() -> str:
    """'ok' when DATABASE_URL answers a query, else why not (no URL, no password: only the error's kind)."""
    try:
        with pg.Connection(pg.ConnectionSettings.from_url(settings.database_url()), timeout=3) as connection:
            connection.execute("SELECT 1")
        return "ok"
    except pg.PgError as error:
        return f"error {error.code or 'protocol'}"
    except (OSError, ValueError) as error:
        return f"unreachable ({type(error).__name__})"


def health() -> dict:
    # With DATABASE_URL set the answer also says whether the database answers; without it, it is what it always was.
    if settings.database_url():
        return {"status": "healthy", "version": settings.app_version, "database": database_state()}
    return {"status": "healthy", "version": settings.app_version}


def root() -> dict:
    return {
        "app": settings.app_name,
        "version": settings.app_version,
        "environment": settings.environment,
        "commit": settings.commit,
        "message": settings.greeting,
    }


def _database() -> pg.Connection:
    url = settings.database_url()
    if not url:
        raise NOT_FOUND  # without DATABASE_URL the notes API does not exist, as before it was added
    try:
        return pg.connect(url, timeout=5)
    except (pg.PgError, OSError, ValueError) as error:
        print(f"database unavailable: {error}", flush=True)
        raise HttpError(503, "database unavailable") from None


def _redis() -> resp.Redis:
    url = settings.redis_url()
    if not url:
        raise NOT_FOUND
    try:
        return resp.connect(url, timeout=5)
    except (resp.RedisError, OSError, ValueError) as error:
        print(f"cache unavailable: {error}", flush=True)
        raise HttpError(503, "cache unavailable") from None


def list_notes(_body: object) -> tuple:
    with _database() as connection:
        return 200, {"notes": _run(lambda: store.list_notes(connection))}


def add_note(body: object) -> tuple:
    text = body.get("body") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text.strip() or len(text) > 10000:
        raise HttpError(422, "send {\"body\": \"<1 to 10000 characters>\"}")
    with _database() as connection:
        return 201, _run(lambda: store.add_note(connection, text))


def _run(action):
    try:
        return action()
    except pg.PgError as error:
        print(f"database error: {error}", flush=True)
        if error.code == "42P01":
            raise HttpError(503, "the notes table does not exist: run python3 -m app.migrate") from None
        raise HttpError(503, f"database error {error.code}") from None


def get_cache(key: str, _body: object) -> tuple:
    with _redis() as cache:
        value = cache.get(key)
    if value is None:
        raise NOT_FOUND
    return 200, {"key": key, "value": value}


def put_cache(key: str, body: object) -> tuple:
    value = body.get("value") if isinstance(body, dict) else None
    if not isinstance(value, str):
        raise HttpError(422, "send {\"value\": \"<text>\"}")
    with _redis() as cache:
        cache.set(key, value)
    return 200, {"key": key, "value": value}


ROUTES = {"/api/health": health, "/": root}
API = {("GET", "/api/notes"): list_notes, ("POST", "/api/notes"): add_note}
CACHE = {"GET": get_cache, "PUT": put_cache}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        route = ROUTES.get(self.path.split("?", 1)[0])
        if route is None:
            self._api("GET")
        else:
            self._send(200, route())

    def do_POST(self) -> None:
        self._api("POST")

    def do_PUT(self) -> None:
        self._api("PUT")

    def _api(self, method: str) -> None:
        path = self.path.split("?", 1)[0]
        try:
            body = self._body() if method in ("POST", "PUT") else None
            if (method, path) in API:
                status, answer = API[(method, path)](body)
            elif path.startswith("/api/cache/") and len(path) > len("/api/cache/") and method in CACHE:
                key = unquote(path[len("/api/cache/"):])
                if len(key) > 200:
                    raise HttpError(422, "a key has at most 200 characters")
                status, answer = CACHE[method](key, body)
            else:
                raise NOT_FOUND
        except HttpError as error:
            status, answer = error.status, {"detail": error.detail}
        except (resp.RedisError, OSError) as error:
            print(f"cache error: {error}", flush=True)
            status, answer = 503, {"detail": "cache unavailable"}
        self._send(status, answer)

    def _body(self) -> object:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise HttpError(413, "the body is too large")
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw.decode("utf-8")) if raw else None
        except (UnicodeDecodeError, ValueError):
            raise HttpError(400, "the body is not JSON") from None

    def _send(self, status: int, body: dict) -> None:
        payload = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args) -> None:
        # Railway collects stdout; the default handler writes to stderr, which Railway flags as errors.
        print(f"{self.address_string()} {format % args}", flush=True)


def main() -> None:
    server = ThreadingHTTPServer(("0.0.0.0", settings.port), Handler)
    print(f"{settings.app_name} {settings.app_version} listening on port {settings.port}", flush=True)
    if settings.database_url():
        try:
            print(f"notes in PostgreSQL at {pg.ConnectionSettings.from_url(settings.database_url()).describe()}", flush=True)
        except ValueError as error:
            print(f"DATABASE_URL is not usable: {error}", flush=True)
    if settings.redis_url():
        try:
            print(f"cache in Redis at {resp.RedisSettings.from_url(settings.redis_url()).describe()}", flush=True)
        except ValueError as error:
            print(f"REDIS_URL is not usable: {error}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        sys.stdout.flush()


if __name__ == "__main__":
    main()
