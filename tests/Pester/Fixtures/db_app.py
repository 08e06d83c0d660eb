"""A test app for the seed's architecture: web reaching PostgreSQL through DATABASE_URL and Redis through REDIS_URL.

The credentials go to psql / redis-cli in their environment (PGPASSWORD, REDISCLI_AUTH), never on a command line.
"""
import json
import os
import subprocess
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit


def run(program: list, environment: dict, stdin: str = "") -> str:
    done = subprocess.run(program, input=stdin, capture_output=True, text=True, env={**os.environ, **environment}, timeout=20)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip())
    return done.stdout


def psql(sql: str) -> list:
    url = urlsplit(os.environ["DATABASE_URL"])
    environment = {"PGHOST": url.hostname, "PGPORT": str(url.port or 5432), "PGUSER": unquote(url.username or "postgres"),
                   "PGPASSWORD": unquote(url.password or ""), "PGDATABASE": url.path.lstrip("/") or "postgres"}
    # The statement on stdin: it holds the caller's text, which is no business of the process list either.
    return [line for line in run(["psql", "-tAX", "-v", "ON_ERROR_STOP=1"], environment, sql).splitlines() if line]


def redis(*command: str) -> str:
    url = urlsplit(os.environ["REDIS_URL"])
    environment = {"REDISCLI_AUTH": unquote(url.password or "")}
    return run(["redis-cli", "-h", url.hostname, "-p", str(url.port or 6379), *command], environment).strip()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        try:
            if parts.path == "/api/health":
                self._send(200, {"status": "healthy"})
            elif parts.path == "/notes":
                self._send(200, {"notes": psql("select note from notes order by id;")})
            elif parts.path == "/write":
                note = query["note"].replace("'", "''")
                psql(f"create table if not exists notes(id serial primary key, note text); insert into notes(note) values ('{note}');")
                self._send(200, {"written": query["note"]})
            elif parts.path == "/redis/set":
                self._send(200, {"reply": redis("SET", query["key"], query["value"])})
            elif parts.path == "/redis/get":
                self._send(200, {"value": redis("GET", query["key"])})
            else:
                self._send(404, {"detail": "Not Found"})
        except Exception as error:  # the test reads the message
            self._send(500, {"error": str(error)})

    def _send(self, status: int, body: dict) -> None:
        payload = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)
        self.close_connection = True

    def log_message(self, format: str, *args) -> None:
        print(format % args, flush=True)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler)
    print(f"db app {os.getpid()} listening", flush=True)
    server.serve_forever()
