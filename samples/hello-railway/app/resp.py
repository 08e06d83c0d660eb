"""A small Redis client on the standard library: RESP2 over TCP, with AUTH and SELECT from a redis:// URL.

Commands go out as arrays of bulk strings, so a key or value is never parsed as part of a command. Replies are
simple strings, errors (raised as RedisError), integers, bulk strings (bytes, or None for nil) and arrays. The
password is used for AUTH only and appears in no error, repr or log line.
"""
import socket
from typing import Any, List, Optional, Union
from urllib.parse import unquote, urlsplit

Reply = Union[None, int, bytes, str, List[Any]]


class RedisError(Exception):
    """An error reply (-ERR ..., -WRONGPASS ...) or a broken connection."""


class RedisSettings:
    def __init__(self, host: str, port: int, username: Optional[str], password: Optional[str], db: int) -> None:
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.db = db

    @classmethod
    def from_url(cls, url: str) -> "RedisSettings":
        parts = urlsplit(url)
        if parts.scheme != "redis":
            raise ValueError("a Redis URL starts with redis:// (rediss:// needs TLS, which this client does not speak)")
        try:
            port = parts.port or 6379
        except ValueError:
            raise ValueError("the Redis URL's port is not a number") from None
        path = parts.path.lstrip("/")
        if path and not path.isdigit():
            raise ValueError("the Redis URL's path must be a database number")
        username = unquote(parts.username) if parts.username else None
        password = unquote(parts.password) if parts.password is not None else None
        return cls(parts.hostname or "localhost", port, username, password, int(path or 0))

    def describe(self) -> str:
        return f"{self.host}:{self.port}/{self.db}"

    def __repr__(self) -> str:
        return f"RedisSettings({self.describe()})"


def encode_command(*args: Any) -> bytes:
    """*<n>\\r\\n then $<len>\\r\\n<bytes>\\r\\n for each argument."""
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg if isinstance(arg, bytes) else str(arg).encode("utf-8")
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


class ReplyReader:
    """Parses RESP2 replies from a source of bytes (a socket's recv, or a test's chunks)."""

    def __init__(self, recv) -> None:
        self._recv = recv
        self._buffer = b""

    def _fill(self) -> None:
        chunk = self._recv(65536)
        if not chunk:
            raise RedisError("the server closed the connection")
        self._buffer += chunk

    def _line(self) -> bytes:
        while b"\r\n" not in self._buffer:
            self._fill()
        line, self._buffer = self._buffer.split(b"\r\n", 1)
        return line

    def _exact(self, count: int) -> bytes:
        while len(self._buffer) < count + 2:
            self._fill()
        data, self._buffer = self._buffer[:count], self._buffer[count + 2:]
        return data

    def read(self) -> Reply:
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode("utf-8", "replace")
        if kind == b"-":
            raise RedisError(rest.decode("utf-8", "replace"))
        if kind == b":":
            return int(rest)
        if kind == b"$":
            length = int(rest)
            return None if length < 0 else self._exact(length)
        if kind == b"*":
            length = int(rest)
            if length < 0:
                return None
            items: List[Any] = []
            for _ in range(length):
                try:
                    items.append(self.read())
                except RedisError as error:  # an error inside an array (EXEC) is a value, not the reply
                    items.append(error)
            return items
        raise RedisError(f"not a RESP2 reply: {line[:20]!r}")


class Redis:
    """One connection; not shared between threads."""

    def __init__(self, settings: RedisSettings, timeout: float = 10.0) -> None:
        self.settings = settings
        self._sock = socket.create_connection((settings.host, settings.port), timeout=timeout)
        self._reader = ReplyReader(self._sock.recv)
        try:
            if settings.password is not None:
                # Railway's URL names the user "default"; AUTH <password> alone works for it on every Redis version.
                if settings.username and settings.username != "default":
                    self.command("AUTH", settings.username, settings.password)
                else:
                    self.command("AUTH", settings.password)
            if settings.db:
                self.command("SELECT", settings.db)
        except BaseException:
            self._sock.close()
            raise

    def command(self, *args: Any) -> Reply:
        self._sock.sendall(encode_command(*args))
        return self._reader.read()

    def get(self, key: str) -> Optional[str]:
        value = self.command("GET", key)
        return None if value is None else value.decode("utf-8")

    def set(self, key: str, value: str) -> None:
        self.command("SET", key, value)

    def close(self) -> None:
        self._sock.close()

    def __enter__(self) -> "Redis":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def connect(url: str, timeout: float = 10.0) -> Redis:
    return Redis(RedisSettings.from_url(url), timeout=timeout)
