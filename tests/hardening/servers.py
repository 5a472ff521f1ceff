"""Start gunicorn over the suite's database for the hardening tests, and talk to it over HTTP."""
from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from faults import free_port

from backend.config import TestConfig

ROOT = Path(__file__).resolve().parents[2]


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def request(port, method, path, body=None, headers=None, raw=False):
    """``(status, JSON body or bytes, headers)`` of one request on a new connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=json.dumps(body) if body is not None else None,
                           headers={"Content-Type": "application/json", **(headers or {})})
        response = connection.getresponse()
        data = response.read()
        return response.status, (data if raw else json.loads(data or b"null")), response.headers
    finally:
        connection.close()


def status_of(port, method, path):
    try:
        return request(port, method, path)[0]
    except OSError:
        return None


@contextmanager
def gunicorn(database_uri: str, tmp_path: Path, workers: int = 2, extra: tuple = (),
             stderr=subprocess.DEVNULL, env: dict | None = None):
    """``(port, process)`` of gunicorn serving ``create_app()`` from the project root (so
    it reads gunicorn.conf.py) over ``database_uri``, stopped with SIGTERM afterwards.
    ``env`` defaults to the test settings (the suite's fixed secrets)."""
    port = free_port()
    env = env or dict(os.environ, **TestConfig.environment(
        ZAOSHAI_INSTANCE=str(tmp_path), DATABASE_URL=database_uri))
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", str(workers), "--bind",
         f"127.0.0.1:{port}", "--graceful-timeout", "5", *extra, "backend.app:create_app()"],
        cwd=ROOT, env=env, stderr=stderr)
    try:
        started = time.monotonic()
        while time.monotonic() - started < 60:
            if (len(worker_pids(server.pid)) == workers
                    and status_of(port, "GET", "/api/v1/health") == 200):
                break
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield port, server
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
