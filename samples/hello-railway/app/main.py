"""HTTP entry point, shaped like a FastAPI app but using only the standard library."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.config import settings


def health() -> dict:
    return {"status": "healthy", "version": settings.app_version}


def root() -> dict:
    return {
        "app": settings.app_name,
        "version": settings.app_version,
        "environment": settings.environment,
        "commit": settings.commit,
        "message": settings.greeting,
    }


ROUTES = {"/api/health": health, "/": root}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        route = ROUTES.get(self.path.split("?", 1)[0])
        if route is None:
            self._send(404, {"detail": "Not Found"})
        else:
            self._send(200, route())

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
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        sys.stdout.flush()


if __name__ == "__main__":
    main()
