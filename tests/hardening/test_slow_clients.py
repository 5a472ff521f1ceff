"""Slow clients cannot stop the service behind the shipped nginx front (deploy/).

gunicorn (2 sync workers) behind Debian's nginx, run as a foreground process with a temporary
configuration that includes deploy/zaoshai-proxy.conf unchanged, on free loopback ports. Fifty
connections each declare a 60,000-byte body and drip it a byte a second; meanwhile
``/api/v1/health`` through nginx must keep answering in under a second. The control: two such
connections straight to gunicorn and health stops answering (what the issue found).
Also: the full site file (deploy/nginx-zaoshai.conf) passes ``nginx -t`` with a throwaway
certificate.
"""
from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from faults import free_port
from servers import ROOT, gunicorn

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY = ROOT / "deploy"
SLOW_CLIENTS = 50


def nginx_config(tmp: Path, listen: int, upstream: int, site: Path | None = None) -> str:
    """A foreground nginx in ``tmp``: the proxy file in front of ``upstream``, or ``site``."""
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / name).mkdir(exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""
    body = f"include {site};" if site else f"""
    upstream zaoshai_app {{ server 127.0.0.1:{upstream} fail_timeout=0; keepalive 16; }}
    server {{
        listen 127.0.0.1:{listen};
        include {DEPLOY / "zaoshai-proxy.conf"};
    }}"""
    return f"""
{user}
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    {body}
}}
"""


@contextmanager
def nginx(tmp: Path, upstream: int):
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(nginx_config(tmp, port, upstream))
    process = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(conf), "-e",
                                str(tmp / "error.log")], stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert process.poll() is None, (tmp / "error.log").read_text()
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


class Drip:
    """Connections that declare a 60,000-byte body and send it a byte a second."""

    def __init__(self, port: int, count: int):
        self.sockets = []
        for _ in range(count):
            connection = socket.create_connection(("127.0.0.1", port))
            connection.sendall(b"POST /api/v1/assessments HTTP/1.1\r\nHost: zaoshai\r\n"
                               b"Content-Type: application/json\r\nContent-Length: 60000\r\n"
                               b"\r\n{")
            self.sockets.append(connection)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop.wait(1.0):
            for connection in self.sockets:
                try:
                    connection.send(b" ")
                except OSError:
                    pass

    def close(self):
        self.stop.set()
        self.thread.join()
        for connection in self.sockets:
            connection.close()


def health_seconds(port: int, timeout: float) -> float | None:
    """Seconds for GET /api/v1/health to answer 200; None if it did not within ``timeout``."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/api/v1/health")
        response = connection.getresponse()
        response.read()
        return time.monotonic() - started if response.status == 200 else None
    except OSError:
        return None
    finally:
        connection.close()


@pytest.fixture
def served(app, clean_db, tmp_path):
    with gunicorn(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, workers=2,
                  extra=("--log-level", "critical", "--timeout", "30")) as (port, _):
        yield port


def test_fifty_slow_clients_leave_health_answering_through_nginx(served, tmp_path):
    front = tmp_path / "nginx"
    front.mkdir()
    with nginx(front, served) as port:
        assert health_seconds(port, 5) is not None
        drip = Drip(port, SLOW_CLIENTS)
        try:
            time.sleep(2)  # every slow client is connected and dripping
            timings = []
            for _ in range(8):
                timings.append(health_seconds(port, 5))
                time.sleep(0.5)
        finally:
            drip.close()
    assert all(t is not None and t < 1.0 for t in timings), timings

    # Control: two slow clients straight to gunicorn hold both sync workers.
    drip = Drip(served, 2)
    try:
        time.sleep(1)
        assert health_seconds(served, 3) is None
    finally:
        drip.close()


def test_the_site_configuration_is_valid_for_debians_nginx(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=zaoshai.test", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    site = (DEPLOY / "nginx-zaoshai.conf").read_text()
    site = site.replace("/etc/ssl/zaoshai/fullchain.pem", str(cert))
    site = site.replace("/etc/ssl/zaoshai/privkey.pem", str(key))
    site = site.replace("/etc/nginx/zaoshai-proxy.conf", str(DEPLOY / "zaoshai-proxy.conf"))
    site = site.replace("listen 80;", f"listen 127.0.0.1:{free_port()};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{free_port()} ssl http2;")
    site = "\n".join(line for line in site.splitlines() if "[::]" not in line)
    (tmp_path / "site.conf").write_text(site)
    conf = nginx_config(tmp_path, 0, 0, site=tmp_path / "site.conf")
    (tmp_path / "nginx.conf").write_text(conf)
    check = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                            "-e", str(tmp_path / "error.log")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
