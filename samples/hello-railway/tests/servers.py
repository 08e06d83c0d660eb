"""Real PostgreSQL and Redis servers for the tests, in temporary folders on loopback ports picked here.

Each server is started by the test module that needs it and stopped by its cleanup, also when a test or the start
itself fails (unittest's addModuleCleanup runs after a failed setUpModule). Passwords are generated per run and
reach the servers over stdin or a protocol message: never a command line or a file left behind.
A binary that is not on this machine makes the tests that need it skip, saying which and why.
"""
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time

PG_BIN = os.environ.get("RAILWAYOPS_PG_BIN") or os.environ.get("PG_BIN") or "/usr/lib/postgresql/15/bin"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_port(port: int, process: subprocess.Popen, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode} before it listened on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port} within {timeout} s")


def _stop(process: subprocess.Popen, sig: int) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


class PostgresServer:
    """initdb + postgres on 127.0.0.1:<port>, scram-sha-256 for TCP; roles: postgres (scram), md5user, clearuser."""

    missing_reason = None if os.path.exists(os.path.join(PG_BIN, "postgres")) else f"PostgreSQL binaries are not in {PG_BIN} (set RAILWAYOPS_PG_BIN or PG_BIN)"

    def __init__(self) -> None:
        self.password = "pw-" + secrets.token_urlsafe(12) + "'\\:@/"  # quotes, backslash and URL characters on purpose
        self.md5_password = "md5-" + secrets.token_urlsafe(12)
        self.clear_password = "clear-" + secrets.token_urlsafe(12)
        self.port = free_port()
        self.folder = tempfile.mkdtemp(prefix="hello-railway-pg-")
        self.data = os.path.join(self.folder, "data")
        self.sockets = os.path.join(self.folder, "sockets")
        self.process = None
        self._as_user = {}
        if os.geteuid() == 0:  # the server refuses to run as root
            account = pwd.getpwnam("postgres") if _has_user("postgres") else pwd.getpwnam("nobody")
            self._as_user = {"user": account.pw_uid, "group": account.pw_gid}
            os.chown(self.folder, account.pw_uid, account.pw_gid)

    def start(self) -> "PostgresServer":
        os.makedirs(self.sockets)
        if self._as_user:
            os.chown(self.sockets, self._as_user["user"], self._as_user["group"])
        subprocess.run([os.path.join(PG_BIN, "initdb"), "-D", self.data, "-U", "postgres", "-A", "trust", "--no-sync",
                        "-E", "UTF8", "--locale=C"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **self._as_user)
        with open(os.path.join(self.data, "pg_hba.conf"), "w") as hba:
            # The Unix socket (only the test's own folder) trusts, to set the passwords; TCP asks for them.
            hba.write("local all all trust\n"
                      "host all md5user 127.0.0.1/32 md5\n"
                      "host all clearuser 127.0.0.1/32 password\n"
                      "host all all 127.0.0.1/32 scram-sha-256\n")
        self.process = subprocess.Popen([os.path.join(PG_BIN, "postgres"), "-D", self.data, "-p", str(self.port),
                                         "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.sockets}",
                                         "-c", "fsync=off", "-c", "log_min_messages=warning"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **self._as_user)
        _wait_port(self.port, self.process, "postgres")
        self._wait_ready()
        self.admin(f"ALTER ROLE postgres PASSWORD {_lit(self.password)}",
                   f"SET password_encryption = 'md5'; CREATE ROLE md5user LOGIN PASSWORD {_lit(self.md5_password)}",
                   f"CREATE ROLE clearuser LOGIN PASSWORD {_lit(self.clear_password)}")
        return self

    def _wait_ready(self, timeout: float = 30) -> None:
        """The port listens before the server takes sessions (57P03 "starting up"): wait for a session."""
        from app import pg
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.admin("SELECT 1")
                return
            except (pg.PgError, OSError) as error:
                if getattr(error, "code", "") not in ("57P03", "") or time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.05)

    def admin(self, *statements: str) -> None:
        """Runs statements as postgres over the trusted Unix socket (this client speaks it too)."""
        from app import pg
        with pg.Connection(pg.ConnectionSettings(self.sockets, self.port, "postgres", None, "postgres")) as connection:
            for statement in statements:
                connection.execute(statement)

    def url(self, user: str = "postgres", password: str = None, database: str = "postgres") -> str:
        from urllib.parse import quote
        password = self.password if password is None else password
        return f"postgresql://{quote(user, safe='')}:{quote(password, safe='')}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        _stop(self.process, signal.SIGINT)  # fast shutdown
        shutil.rmtree(self.folder, ignore_errors=True)


class RedisServer:
    """redis-server on 127.0.0.1:<port> with requirepass, no persistence, in a temporary folder."""

    binary = shutil.which("redis-server") or ("/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None)
    missing_reason = None if binary else "redis-server is not installed on this machine (Debian: apt-get install redis-server)"

    def __init__(self) -> None:
        self.password = "rp-" + secrets.token_urlsafe(12)
        self.port = free_port()
        self.folder = tempfile.mkdtemp(prefix="hello-railway-redis-")
        self.process = None

    def start(self) -> "RedisServer":
        # The configuration arrives on stdin ("-" as the file), so the password is on no command line.
        self.process = subprocess.Popen([self.binary, "-"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, cwd=self.folder)
        self.process.stdin.write((f"bind 127.0.0.1\nport {self.port}\nrequirepass {self.password}\nsave \"\"\n"
                                  f"appendonly no\ndir {self.folder}\n").encode())
        self.process.stdin.close()
        _wait_port(self.port, self.process, "redis-server")
        return self

    def url(self, password: str = None) -> str:
        return f"redis://default:{self.password if password is None else password}@127.0.0.1:{self.port}"

    def stop(self) -> None:
        _stop(self.process, signal.SIGTERM)
        shutil.rmtree(self.folder, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _lit(text: str) -> str:
    from app import pg
    return pg.literal(text)
