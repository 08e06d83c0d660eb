"""A test app for replicas: says which process answered, and can be told to crash."""
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Memory the metrics test can see: ~40 MB held for the life of the process.
BALLAST = bytearray(int(os.environ.get("BALLAST_MB", "0")) * 1024 * 1024)
for i in range(0, len(BALLAST), 4096):
    BALLAST[i] = 1


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/api/health":
            self._send(200, {"status": "healthy"})
        elif path == "/whoami":
            self._send(200, {"pid": os.getpid(), "group": os.getpgrp(), "replica": os.environ.get("RAILWAY_REPLICA_ID", ""),
                             "volume": os.environ.get("RAILWAY_VOLUME_MOUNT_PATH", "")})
        elif path == "/visit":
            # Appends one line to a file in the volume and answers what the file holds.
            file = os.path.join(os.environ["RAILWAY_VOLUME_MOUNT_PATH"], "visits.txt")
            with open(file, "a", encoding="utf-8") as visits:
                visits.write(os.environ.get("RAILWAY_DEPLOYMENT_ID", "") + "\n")
            with open(file, encoding="utf-8") as visits:
                self._send(200, {"lines": visits.read().splitlines()})
        elif path == "/crash":
            self._send(200, {"crashing": os.getpid(), "group": os.getpgrp()})
            threading.Timer(0.1, lambda: os._exit(3)).start()
        else:
            self._send(404, {"detail": "Not Found"})

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
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler)
    print(f"replica {os.getpid()} listening", flush=True)
    server.serve_forever()
