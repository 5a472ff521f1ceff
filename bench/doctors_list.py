"""Benchmark of the doctors' side: p50/p95 of each worklist page, filter, search, the resident
detail and the programme figures, then the time and peak memory of the centre's CSV.

Run against a database loaded by ``bench/load_doctors.py`` (one centre, N assessments)::

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/h15a_1m .venv/bin/python bench/doctors_list.py
    DATABASE_URL=sqlite:////path/doctors_100k.sqlite3 .venv/bin/python bench/doctors_list.py

Requests go through the whole app in process (Flask test client, signed in as the centre's
doctor: routing, schemas, the queries, decryption, the audit record and its commit), so the
figures are what a worker spends, without the network. Every request is made ``--rounds``
times after one warm-up; the CSV runs once in a child process whose resident memory is
sampled every 50 ms (peak minus the memory it had before the request), and is stopped after
``--csv-timeout`` seconds. Targets (issue 15): every page, filter and the detail <= 100 ms
p95, figures <= 200 ms, the CSV streaming in constant memory.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from backend.app import create_app  # noqa: E402
from backend.extensions import db  # noqa: E402

DOCTOR, PASSWORD = "bench-doctor", "bench-password-1"
BASE = "/api/v1/doctor/worklist"

FILTERS = [
    ("state=closed", "state=closed"), ("state=all", "state=all"),
    ("tier=1 (urgent)", "tier=1"), ("tier=2", "tier=2"), ("tier=3", "tier=3"),
    ("cancer=lung", "cancer=lung"), ("cancer=liver&band=high", "cancer=liver&band=high"),
    ("cancer=breast&band=average", "cancer=breast&band=average"),
    ("band=high", "band=high"), ("band=raised", "band=raised"), ("band=average", "band=average"),
    ("status=none", "status=none"), ("status=contacted", "status=contacted"),
    ("status=unreachable", "status=unreachable"),
    ("status=screened&state=all", "status=screened&state=all"),
    ("overdue=true", "overdue=true"), ("overdue=false", "overdue=false"),
    ("red_flag=true", "red_flag=true"), ("red_flag=false", "red_flag=false"),
    ("tier=2&overdue=true", "tier=2&overdue=true"),
]


def signed_in(app):
    client = app.test_client()
    response = client.post("/api/v1/auth/login", json={"username": DOCTOR, "password": PASSWORD})
    assert response.status_code == 200, response.json
    return client


def timings(client, url: str, rounds: int) -> tuple[list[float], dict]:
    """Milliseconds of ``rounds`` GETs of ``url`` (after one warm-up) and the last body."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.json)
    out = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return out, response.json


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def line(label: str, values: list[float], extra: str = "") -> None:
    print(f"{label:<40} p50 {statistics.median(values):8.1f} ms   p95 {p95(values):8.1f} ms"
          f"{'   ' + extra if extra else ''}", flush=True)


def _deep_url(app, body: dict) -> str:
    """A page in the middle of the default queue: a keyset cursor when the API has one,
    else the middle page number (OFFSET)."""
    with app.app_context():
        if "next" in body:
            from backend.doctors.worklist import cursor_at_middle
            return f"{BASE}?after={cursor_at_middle(DOCTOR)}"
    total = body["total"]
    return f"{BASE}?page={min(100_000, max(1, total // body['per_page'] // 2))}"


def _samples(app, rng: random.Random) -> dict:
    """A resident's name, phone and result number, and random assessment ids, from the data."""
    from backend.assessments.service import decrypt
    with app.app_context():
        ids = [r[0] for r in db.session.execute(text(
            "SELECT assessment_id FROM queue_items WHERE assessment_id > :start "
            "ORDER BY assessment_id LIMIT 40"), {"start": f"{rng.randrange(16 ** 4):04x}"})]
        name, phone = db.session.execute(text(
            "SELECT contact_name_enc, contact_phone_enc FROM assessments WHERE id = :id"),
            {"id": ids[0]}).one()
        db.session.rollback()
        return {"ids": ids[:20], "name": decrypt(name), "phone": decrypt(phone),
                "prefix": ids[1][:8]}


def pages(app, rounds: int, match: str = "") -> None:
    client = signed_in(app)
    values, body = timings(client, BASE, rounds)
    total = body.get("total")
    line("worklist page 1 (open queue)", values, f"total {total}")
    if not match:
        line("worklist deep page", timings(client, _deep_url(app, body), rounds)[0])
    for label, query in FILTERS:
        if match not in label:
            continue
        values, body = timings(client, f"{BASE}?{query}", rounds)
        line(f"filter {label}", values, f"{len(body['items'])} rows, total {body.get('total')}")
    if match:
        return
    sample = _samples(app, random.Random(15))
    for label, q in (("name", sample["name"]), ("phone", sample["phone"]),
                     ("result number", sample["prefix"])):
        values, body = timings(client, f"{BASE}?q={q}", rounds)
        line(f"search by {label}", values, f"{len(body['items'])} rows")
    detail = []
    for assessment_id in sample["ids"][:max(3, min(20, rounds))]:
        detail += timings(client, f"/api/v1/doctor/assessments/{assessment_id}",
                          max(1, rounds // 5))[0]
    line("resident detail", detail)
    line("programme figures", timings(client, "/api/v1/figures", rounds)[0])


def csv_child() -> None:
    """In a child process: fetch the centre CSV (streamed when the app streams it)."""
    app = create_app()
    client = signed_in(app)
    print("READY", flush=True)
    sys.stdin.readline()
    started = time.perf_counter()
    response = client.get(f"{BASE}.csv", buffered=False)
    size = lines = 0
    for chunk in response.response:
        size += len(chunk)
        lines += chunk.count(b"\n")
    print(json.dumps({"status": response.status_code, "seconds": time.perf_counter() - started,
                      "bytes": size, "lines": lines,
                      "disposition": response.headers.get("Content-Disposition")}), flush=True)


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for row in status:
            if row.startswith("VmRSS:"):
                return int(row.split()[1]) / 1024
    return 0.0


def csv_export(timeout: float) -> None:
    child = subprocess.Popen([sys.executable, __file__, "--csv-child"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    while child.stdout.readline().strip() != "READY":
        pass
    before = peak = _rss_mb(child.pid)
    child.stdin.write("go\n")
    child.stdin.flush()
    started = time.perf_counter()
    while child.poll() is None and time.perf_counter() - started < timeout:
        peak = max(peak, _rss_mb(child.pid))
        time.sleep(0.05)
    if child.poll() is None:
        child.kill()
        print(f"centre CSV: not finished after {timeout:.0f} s (stopped), peak memory "
              f"+{peak - before:.0f} MB")
        return
    figures = json.loads(child.stdout.read().strip().splitlines()[-1])
    print(f"centre CSV: {figures['lines'] - 1:,} rows, {figures['bytes'] / 1e6:.0f} MB in "
          f"{figures['seconds']:.1f} s, peak memory +{peak - before:.0f} MB "
          f"(status {figures['status']}, {figures['disposition']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--csv-timeout", type=float, default=600)
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--match", default="", help="only the filters whose label has this")
    parser.add_argument("--no-csv", action="store_true")
    parser.add_argument("--csv-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.csv_child:
        return csv_child()
    app = create_app()
    with app.app_context():
        count = db.session.scalar(text("SELECT count(*) FROM assessments"))
        dialect = db.engine.dialect.name
        db.session.rollback()
    print(f"{dialect}, {count:,} assessments, {args.rounds} rounds", flush=True)
    if not args.no_pages:
        pages(app, args.rounds, args.match)
    if not args.no_csv:
        csv_export(args.csv_timeout)


if __name__ == "__main__":
    main()
