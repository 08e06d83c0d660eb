"""A small PostgreSQL client on the standard library: the frontend/backend protocol version 3.

What the sample needs and no more: the startup message; SCRAM-SHA-256 (PostgreSQL's default since 14), MD5 and
cleartext password authentication; the simple query protocol (several statements, no parameters) and the extended
one (Parse/Bind/Describe/Execute/Sync) for a statement with parameters, which travel apart from the SQL text so a
value can never change the statement. Values come back as text and are converted for the common types (integers,
floats, booleans); everything else stays a string. No TLS: Railway's private network and the emulator's loopback
servers speak plain TCP. A host starting with "/" is a Unix socket directory, as in libpq.

The password is kept only as long as authentication needs it and appears in no error, repr or log line.
"""
import base64
import hashlib
import hmac
import os
import socket
import struct
from typing import Any, List, Optional, Sequence
from urllib.parse import unquote, urlsplit

PROTOCOL_VERSION = 196608  # 3.0

# Type OIDs whose text form becomes a Python value; every other type is returned as its text.
_INTEGER_TYPES = {20, 21, 23, 26}  # int8, int2, int4, oid
_FLOAT_TYPES = {700, 701}  # float4, float8
_BOOL_TYPE = 16


class PgError(Exception):
    """An ErrorResponse from the server (or a protocol failure): SQLSTATE code, severity and message."""

    def __init__(self, message: str, code: str = "", severity: str = "ERROR", fields: Optional[dict] = None) -> None:
        super().__init__(f"{severity} {code}: {message}" if code else message)
        self.message = message
        self.code = code
        self.severity = severity
        self.fields = fields or {}


class ConnectionSettings:
    """Where and as whom to connect, read from a postgres:// or postgresql:// URL. The password is not in repr()."""

    def __init__(self, host: str, port: int, user: str, password: Optional[str], database: str) -> None:
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database

    @classmethod
    def from_url(cls, url: str) -> "ConnectionSettings":
        parts = urlsplit(url)
        if parts.scheme not in ("postgres", "postgresql"):
            raise ValueError("a PostgreSQL URL starts with postgres:// or postgresql://")
        try:
            port = parts.port or 5432
        except ValueError:
            raise ValueError("the PostgreSQL URL's port is not a number") from None
        user = unquote(parts.username) if parts.username else "postgres"
        password = unquote(parts.password) if parts.password is not None else None
        database = unquote(parts.path.lstrip("/")) or user
        host = unquote(parts.hostname or "") or "localhost"
        return cls(host, port, user, password, database)

    def describe(self) -> str:
        """user@host:port/database, never the password: what a log line may show."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def __repr__(self) -> str:
        return f"ConnectionSettings({self.describe()})"


def literal(value: Any) -> str:
    """The SQL literal for a value, for the rare statement that cannot take parameters (e.g. in a DO block).

    Strings use the E'' form with every backslash and quote doubled, so no standard_conforming_strings setting
    changes their meaning; NUL cannot be stored in text and is refused. Prefer Connection.query(sql, params).
    """
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if "\x00" in text:
        raise ValueError("PostgreSQL text cannot hold a NUL character")
    return "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


class ScramSha256:
    """The client side of SCRAM-SHA-256 (RFC 5802/7677) as PostgreSQL runs it (no channel binding)."""

    def __init__(self, password: str, username: str = "", nonce: Optional[str] = None) -> None:
        self._password = password.encode("utf-8")
        self._nonce = nonce or base64.b64encode(os.urandom(18)).decode("ascii")
        # PostgreSQL ignores the SCRAM user name (the startup message names the role); RFC test vectors set it.
        self._first_bare = f"n={username},r={self._nonce}"
        self._server_signature = b""

    def first_message(self) -> bytes:
        return ("n,," + self._first_bare).encode("ascii")

    def final_message(self, server_first: bytes) -> bytes:
        text = server_first.decode("ascii")
        attributes = dict(item.split("=", 1) for item in text.split(","))
        nonce, salt, iterations = attributes.get("r", ""), attributes.get("s", ""), attributes.get("i", "")
        if not nonce.startswith(self._nonce) or not salt or not iterations.isdigit():
            raise PgError("the server's SCRAM challenge is not valid")
        salted = hashlib.pbkdf2_hmac("sha256", self._password, base64.b64decode(salt), int(iterations))
        client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
        stored_key = hashlib.sha256(client_key).digest()
        without_proof = f"c=biws,r={nonce}"
        auth_message = f"{self._first_bare},{text},{without_proof}".encode("ascii")
        signature = hmac.new(stored_key, auth_message, hashlib.sha256).digest()
        proof = bytes(a ^ b for a, b in zip(client_key, signature))
        server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
        self._server_signature = hmac.new(server_key, auth_message, hashlib.sha256).digest()
        self._password = b""
        return f"{without_proof},p={base64.b64encode(proof).decode('ascii')}".encode("ascii")

    def verify(self, server_final: bytes) -> None:
        text = server_final.decode("ascii")
        if text.startswith("e="):
            raise PgError(f"SCRAM authentication failed: {text[2:]}")
        if not text.startswith("v=") or not hmac.compare_digest(base64.b64decode(text[2:].split(",")[0]), self._server_signature):
            raise PgError("the server's SCRAM signature does not match: it does not know the password")


def md5_password(user: str, password: str, salt: bytes) -> bytes:
    """The answer to AuthenticationMD5Password: 'md5' + md5(md5(password + user) + salt), in hex."""
    inner = hashlib.md5((password + user).encode("utf-8")).hexdigest().encode("ascii")
    return b"md5" + hashlib.md5(inner + salt).hexdigest().encode("ascii")


class Result:
    """One statement's outcome: column names, rows (tuples) and the command tag (e.g. 'INSERT 0 1')."""

    def __init__(self, columns: List[str], rows: List[tuple], command: str) -> None:
        self.columns = columns
        self.rows = rows
        self.command = command

    def dicts(self) -> List[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    @property
    def rowcount(self) -> int:
        last = self.command.rsplit(" ", 1)[-1]
        return int(last) if last.isdigit() else -1


class Connection:
    """One session. Not shared between threads: open one per thread or request."""

    def __init__(self, settings: ConnectionSettings, timeout: float = 10.0, application_name: str = "hello-railway") -> None:
        self.settings = settings
        self.parameters: dict = {}
        self._buffer = bytearray()
        if settings.host.startswith("/"):
            self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            target: Any = os.path.join(settings.host, f".s.PGSQL.{settings.port}")
        else:
            self._sock = socket.socket(socket.AF_INET6 if ":" in settings.host else socket.AF_INET, socket.SOCK_STREAM)
            target = (settings.host, settings.port)
        self._sock.settimeout(timeout)
        try:
            self._sock.connect(target)
            self._startup(application_name)
        except BaseException:
            self._sock.close()
            raise

    # -- wire ------------------------------------------------------------------------------------------------

    def _send(self, kind: bytes, payload: bytes = b"") -> None:
        self._sock.sendall(kind + struct.pack("!I", len(payload) + 4) + payload)

    def _read_exact(self, count: int) -> bytes:
        while len(self._buffer) < count:
            chunk = self._sock.recv(65536)
            if not chunk:
                raise PgError("the server closed the connection")
            self._buffer += chunk
        data = bytes(self._buffer[:count])
        del self._buffer[:count]  # a bytearray: dropping the front is one move, not a copy of the rest per message
        return data

    def _receive(self) -> tuple:
        header = self._read_exact(5)
        kind, length = header[:1], struct.unpack("!I", header[1:])[0]
        return kind, self._read_exact(length - 4)

    @staticmethod
    def _error(payload: bytes) -> PgError:
        fields = {}
        for part in payload.split(b"\x00"):
            if part:
                fields[part[:1].decode("ascii")] = part[1:].decode("utf-8", "replace")
        return PgError(fields.get("M", "unknown error"), fields.get("C", ""), fields.get("S", "ERROR"), fields)

    # -- startup and authentication ---------------------------------------------------------------------------

    def _startup(self, application_name: str) -> None:
        s = self.settings
        body = struct.pack("!I", PROTOCOL_VERSION)
        for key, value in (("user", s.user), ("database", s.database), ("application_name", application_name), ("client_encoding", "UTF8")):
            body += key.encode() + b"\x00" + value.encode("utf-8") + b"\x00"
        body += b"\x00"
        self._sock.sendall(struct.pack("!I", len(body) + 4) + body)
        scram = None
        while True:
            kind, payload = self._receive()
            if kind == b"R":
                code = struct.unpack("!I", payload[:4])[0]
                if code == 0:
                    continue
                if code in (3, 5, 10) and s.password is None:
                    raise PgError("the server asks for a password and the URL has none", "28P01", "FATAL")
                if code == 3:  # cleartext
                    self._send(b"p", s.password.encode("utf-8") + b"\x00")
                elif code == 5:  # MD5 with a 4-byte salt
                    self._send(b"p", md5_password(s.user, s.password, payload[4:8]) + b"\x00")
                elif code == 10:  # SASL: a list of mechanisms
                    mechanisms = [m.decode() for m in payload[4:].split(b"\x00") if m]
                    if "SCRAM-SHA-256" not in mechanisms:
                        raise PgError(f"no supported SASL mechanism among {', '.join(mechanisms)}")
                    scram = ScramSha256(s.password)
                    first = scram.first_message()
                    self._send(b"p", b"SCRAM-SHA-256\x00" + struct.pack("!I", len(first)) + first)
                elif code == 11 and scram is not None:
                    self._send(b"p", scram.final_message(payload[4:]))
                elif code == 12 and scram is not None:
                    scram.verify(payload[4:])
                else:
                    raise PgError(f"unsupported authentication request {code}")
            elif kind == b"E":
                raise self._error(payload)
            elif kind == b"S":
                name, value = payload.rstrip(b"\x00").split(b"\x00", 1)
                self.parameters[name.decode()] = value.decode("utf-8", "replace")
            elif kind == b"Z":
                return
            # BackendKeyData (K), NoticeResponse (N) and anything else at startup are not needed here.

    # -- queries ---------------------------------------------------------------------------------------------

    @staticmethod
    def _columns(payload: bytes) -> List[tuple]:
        count = struct.unpack("!H", payload[:2])[0]
        columns, offset = [], 2
        for _ in range(count):
            end = payload.index(b"\x00", offset)
            name = payload[offset:end].decode("utf-8")
            type_oid = struct.unpack("!I", payload[end + 7:end + 11])[0]
            columns.append((name, type_oid))
            offset = end + 19
        return columns

    @staticmethod
    def _row(payload: bytes, columns: List[tuple]) -> tuple:
        count = struct.unpack("!H", payload[:2])[0]
        values, offset = [], 2
        for index in range(count):
            length = struct.unpack("!i", payload[offset:offset + 4])[0]
            offset += 4
            if length < 0:
                values.append(None)
                continue
            text = payload[offset:offset + length].decode("utf-8")
            offset += length
            oid = columns[index][1] if index < len(columns) else 0
            if oid in _INTEGER_TYPES:
                values.append(int(text))
            elif oid in _FLOAT_TYPES:
                values.append(float(text))
            elif oid == _BOOL_TYPE:
                values.append(text == "t")
            else:
                values.append(text)
        return tuple(values)

    def _collect(self) -> List[Result]:
        """Reads until ReadyForQuery; raises the first ErrorResponse after the session is ready again."""
        results: List[Result] = []
        columns: List[tuple] = []
        rows: List[tuple] = []
        error = None
        while True:
            kind, payload = self._receive()
            if kind == b"T":
                columns, rows = self._columns(payload), []
            elif kind == b"D":
                rows.append(self._row(payload, columns))
            elif kind == b"C":
                results.append(Result([c[0] for c in columns], rows, payload.rstrip(b"\x00").decode()))
                columns, rows = [], []
            elif kind == b"I":
                results.append(Result([], [], ""))
            elif kind == b"E":
                error = error or self._error(payload)
            elif kind == b"Z":
                if error:
                    raise error
                return results
            # ParseComplete (1), BindComplete (2), NoData (n), notices (N) and parameter changes (S) carry nothing needed.

    def execute(self, sql: str) -> List[Result]:
        """Runs one or more statements without parameters (simple query protocol): one Result per statement."""
        self._send(b"Q", sql.encode("utf-8") + b"\x00")
        return self._collect()

    def query(self, sql: str, params: Sequence[Any] = ()) -> Result:
        """Runs one statement with $1, $2... parameters (extended protocol): the values never become SQL text."""
        encoded = [_encode(value) for value in params]
        parse = b"\x00" + sql.encode("utf-8") + b"\x00" + struct.pack("!H", 0)
        bind = b"\x00\x00" + struct.pack("!HH", 0, len(encoded))
        for value in encoded:
            bind += struct.pack("!i", -1) if value is None else struct.pack("!I", len(value)) + value
        bind += struct.pack("!H", 0)
        self._sock.sendall(b"".join(kind + struct.pack("!I", len(body) + 4) + body for kind, body in (
            (b"P", parse), (b"B", bind), (b"D", b"P\x00"), (b"E", b"\x00" + struct.pack("!I", 0)), (b"S", b""))))
        results = self._collect()
        return results[-1] if results else Result([], [], "")

    def close(self) -> None:
        try:
            self._send(b"X")
        except OSError:
            pass
        self._sock.close()

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _encode(value: Any) -> Optional[bytes]:
    if value is None:
        return None
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, bytes):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat().encode("ascii")
    return str(value).encode("utf-8")


def connect(url: str, timeout: float = 10.0) -> Connection:
    """Opens a session from a DATABASE_URL."""
    return Connection(ConnectionSettings.from_url(url), timeout=timeout)
