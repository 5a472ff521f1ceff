"""Fault injection helpers for the hardening tests: a TCP proxy that can "stop" a database.

Why a proxy and not ``pg_ctl stop``: the PostgreSQL server on a CI or developer machine is
shared (other test runs, other helpers' databases). Stopping it would break them. From the
app's side, a server that stops looks like this: the open connections are reset and new
connections are refused. A proxy between the app and PostgreSQL that the test closes (every
live connection reset, the listening socket gone so connects are refused) and reopens on the
same port produces exactly that, and only for the app under test.
"""
from __future__ import annotations

import socket
import struct
import threading
from urllib.parse import urlsplit, urlunsplit


def free_port() -> int:
    """A port nothing listens on now (bound, read and released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def with_host_port(url: str, host: str, port: int) -> str:
    """``url`` (a SQLAlchemy URL) pointing at ``host:port`` instead, credentials kept."""
    parts = urlsplit(url)
    credentials = parts.netloc.rpartition("@")[0]
    netloc = f"{credentials}@{host}:{port}" if credentials else f"{host}:{port}"
    return urlunsplit(parts._replace(netloc=netloc))


class DatabaseProxy:
    """Forwards 127.0.0.1:<port> to ``target``; ``stop()`` is the server going down."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self.start()

    def start(self) -> None:
        """Accept connections again on the same port (the server is back)."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        self._spawn(self._accept, listener)

    def stop(self) -> None:
        """Refuse new connections and reset every open one."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() blocked in its thread
            listener.close()
        with self._lock:
            live, self._sockets = self._sockets, set()
        for sock in live:
            # linger 0: close() sends RST, as a crashed server's kernel would
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = [t for t in self._threads if t.is_alive()]

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, upstream))
            self._spawn(self._pump, client, upstream)
            self._spawn(self._pump, upstream, client)

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with self._lock:
                    owned = sock in self._sockets
                    self._sockets.discard(sock)
                if owned:
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    sock.close()
