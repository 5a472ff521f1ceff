"""Soak run: mixed traffic at a steady rate against gunicorn + PostgreSQL, then the books.

Starts gunicorn (2 sync workers, the project's gunicorn.conf.py) on loopback over a fresh
PostgreSQL database (``zaoshai_soak``, dropped and created again; never ``test``) or
``--database-url``, migrates and seeds it, creates a doctor of DEMO-HC-02, and sends an
open-loop stream of requests at ``--rate`` per second for ``--seconds``:

* 30% ``GET /api/v1/questionnaires/cancer-risk`` (a phone opening the questionnaire),
* 30% ``POST /api/v1/assessments`` with a new client_id (half of them share with DEMO-HC-02),
* 25% ``GET /api/v1/assessments/<id>`` with the token of an acknowledged submission,
* 15% ``GET /api/v1/doctor/worklist?per_page=N`` signed in as the doctor.

Open loop: request *i* is sent at ``start + i / rate`` whatever happened to earlier ones, so
a slow server shows as latency and a backlog, not as a politely lower rate. Prints requests/s
achieved, p50/p99 per endpoint, errors (anything but 2xx, or no answer; must be 0), and the
assessment rows the run stored (the demo rows ``flask seed`` loads are counted first and
subtracted) against the submissions acknowledged (must be equal). Exits 1 if
either check fails.

Run: ``.venv/bin/python bench/soak.py [--seconds 60] [--rate 100] [--database-url …]``.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "hardening"))
from answer_sets import man_62_smoker, woman_58  # noqa: E402
from servers import gunicorn  # noqa: E402

MIX = (("questionnaire", 30), ("submit", 30), ("result", 25), ("worklist", 15))
DOCTOR, PASSWORD = "soak-doctor", "soak password, long enough"
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def fresh_database(name: str) -> str:
    """Drop and create ``name`` on the local server; its URL."""
    import psycopg

    if name == "test":
        raise SystemExit("refusing to use the test suite's database 'test'")
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def prepare(env: dict) -> None:
    """Migrate, seed the demo centres, create the doctor account."""
    venv_bin = Path(sys.executable).parent
    subprocess.run([venv_bin / "flask", "db", "upgrade"], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    subprocess.run([venv_bin / "flask", "seed"], env=env, cwd=ROOT, check=True, capture_output=True)
    code = ("from backend.app import create_app; from backend.accounts import service; "
            "app = create_app(); ctx = app.app_context(); ctx.push(); "
            f"service.find_user({DOCTOR!r}) or service.create_user({DOCTOR!r}, {PASSWORD!r}, "
            "'doctor', 'DEMO-HC-02', display_name='Dr Soak')")
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True)


def count_rows(env: dict) -> int:
    code = ("from backend.app import create_app; from backend.extensions import db; "
            "from backend.assessments.tables import Assessment; app = create_app(); "
            "ctx = app.app_context(); ctx.push(); print(db.session.query(Assessment).count())")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return int(out.strip().splitlines()[-1])


class Soak:
    """The traffic and its books; one instance per run."""

    def __init__(self, port: int, doctor_headers: dict):
        self.port, self.doctor = port, doctor_headers
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {name: [] for name, _ in MIX}
        self.errors: dict[str, list[str]] = {name: [] for name, _ in MIX}
        self.acknowledged: dict[str, tuple[str, str]] = {}  # client_id -> (id, token)

    def call(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=json.dumps(body) if body else None,
                               headers={"Content-Type": "application/json", **(headers or {})})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def questionnaire(self):
        return self.call("GET", "/api/v1/questionnaires/cancer-risk?lang=zh-CN")

    def submit(self):
        client_id = str(uuid.uuid4())
        answers = man_62_smoker() if random.random() < 0.5 else woman_58()
        status, data = self.call("POST", "/api/v1/assessments", {
            "client_id": client_id, "questionnaire_id": "cancer-risk",
            "questionnaire_version": "2", "answers": answers})
        if status in (200, 201):
            result = json.loads(data)
            with self.lock:
                self.acknowledged[client_id] = (result["assessment_id"], result["access_token"])
        return status, data

    def result(self):
        with self.lock:
            known = list(self.acknowledged.values())[-200:]
        if not known:
            return self.questionnaire()
        assessment_id, token = random.choice(known)
        return self.call("GET", f"/api/v1/assessments/{assessment_id}",
                         headers={"Authorization": f"Bearer {token}"})

    def worklist(self):
        return self.call("GET", f"/api/v1/doctor/worklist?per_page={random.choice((10, 25, 50))}",
                         headers=self.doctor)

    def one(self, kind: str) -> None:
        started = time.perf_counter()
        try:
            status, data = getattr(self, kind)()
            problem = None if 200 <= status < 300 else f"{status} {data[:120]!r}"
        except OSError as exc:
            problem = f"no answer: {exc!r}"
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.latencies[kind].append(elapsed)
            if problem:
                self.errors[kind].append(problem)

    def run(self, seconds: float, rate: float, threads: int) -> float:
        kinds = [name for name, weight in MIX for _ in range(weight)]
        total = int(seconds * rate)
        with ThreadPoolExecutor(max_workers=threads) as pool:
            start = time.perf_counter()
            for i in range(total):
                delay = start + i / rate - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                pool.submit(self.one, kinds[i % len(kinds)])
        return time.perf_counter() - start


def sign_in(port: int) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/api/v1/auth/login", body=json.dumps(
        {"username": DOCTOR, "password": PASSWORD}), headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    body = json.loads(response.read())
    cookie = response.headers["Set-Cookie"].split(";")[0]
    connection.close()
    return {"Cookie": cookie, "X-CSRFToken": body["csrf_token"]}


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(soak: Soak, elapsed: float, rows: int, seeded: int, args) -> bool:
    sent = sum(len(v) for v in soak.latencies.values())
    errors = sum(len(v) for v in soak.errors.values())
    print(f"== soak: gunicorn {args.workers} sync workers, PostgreSQL, {args.seconds} s at "
          f"{args.rate:g} req/s (open loop)")
    print(f"requests {sent} in {elapsed:.1f} s = {sent / elapsed:.1f} req/s; errors {errors}")
    for kind, _ in MIX:
        values = soak.latencies[kind]
        print(f"  {kind:14s} {len(values):6d} req  p50 {percentile(values, 50):7.1f} ms  "
              f"p99 {percentile(values, 99):7.1f} ms  errors {len(soak.errors[kind])}")
        for problem in soak.errors[kind][:3]:
            print(f"      e.g. {problem}")
    equal = rows - seeded == len(soak.acknowledged)
    print(f"assessment rows stored by the run {rows - seeded} (of {rows}; {seeded} demo rows "
          f"seeded before), submissions acknowledged {len(soak.acknowledged)}: "
          f"{'equal' if equal else 'DIFFERENT'}")
    return errors == 0 and equal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=100, help="requests per second, all kinds")
    parser.add_argument("--database-url", default=None,
                        help="default: a fresh local PostgreSQL database zaoshai_soak")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=64, help="client threads (open loop)")
    args = parser.parse_args()
    url = args.database_url or fresh_database("zaoshai_soak")
    if urlsplit(url).path.strip("/") == "test":
        raise SystemExit("refusing to use the test suite's database 'test'")
    tmp = Path(tempfile.mkdtemp(prefix="zaoshai-soak-"))
    env = dict(os.environ, FLASK_APP="backend.app:create_app", ZAOSHAI_ENV="development",
               ZAOSHAI_INSTANCE=str(tmp), DATABASE_URL=url)
    prepare(env)
    seeded = count_rows(env)  # `flask seed` loads demo residents for the doctors' screens
    with gunicorn(url, tmp, workers=args.workers, env=env,
                  extra=("--log-level", "warning")) as (port, _):
        soak = Soak(port, sign_in(port))
        elapsed = soak.run(args.seconds, args.rate, args.threads)
    ok = report(soak, elapsed, count_rows(env), seeded, args)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
