"""HTTP benchmark: POST /api/v1/assessments against a trivial JSON GET of the same app.

Starts gunicorn (2 sync workers) on loopback over a fresh database (a temporary SQLite file, or
``--database-url``), drives each endpoint with wrk at 16 connections for a fixed time, and
prints requests/s, p50/p99 latency, errors, and the row count against the 201s wrk counted.
Every POST carries a new client_id (wrk's Lua makes a UUID per request), so each one stores a
row. The 201s are counted in gunicorn's access log: wrk stops reading at its deadline, so the
last few answers in flight reach the server's log but not wrk's count. Targets (issue 3): assessment throughput >= 25% of the trivial GET, p99 < 100 ms, no errors,
rows == 201 responses.

Run: ``.venv/bin/python bench/http_assess.py [--seconds 15] [--database-url postgresql://…]``.
Needs wrk (Debian: ``apt-get install wrk``).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from answer_sets import man_62_smoker, woman_58  # noqa: E402

LUA_POST = r"""
local BODY = [==[BODY_TEMPLATE]==]
-- A new client_id per request so that every POST stores a row; count the 201s per thread.
local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  created, failed, seed = 0, 0, id * 1000000
end
function request()
  counter = counter + 1
  local client_id = string.format("00000000-0000-4000-8000-%012d", seed + counter)
  return wrk.format("POST", "/api/v1/assessments?lang=zh-CN",
                    {["Content-Type"] = "application/json"},
                    string.format(BODY, client_id))
end
function response(status, headers, body)
  if status == 201 then created = created + 1 else failed = failed + 1 end
end
function done(summary, latency, requests)
  local c, f = 0, 0
  for _, t in ipairs(threads) do c = c + t:get("created"); f = f + t:get("failed") end
  io.write(string.format("RESULT created=%d failed=%d p50=%.3f p99=%.3f\n",
    c, f, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""

LUA_GET = r"""
function done(summary, latency, requests)
  io.write(string.format("RESULT created=0 failed=%d p50=%.3f p99=%.3f\n",
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, env: dict, access_log: Path) -> subprocess.Popen:
    venv_bin = Path(sys.executable).parent
    subprocess.run([venv_bin / "flask", "db", "upgrade"], env=env, check=True,
                   capture_output=True)
    subprocess.run([venv_bin / "flask", "seed"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [venv_bin / "gunicorn", "--workers", "2", "--worker-class", "sync", "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "--access-logfile", str(access_log),
         # status, method and path only: no query string, no header (tokens stay out of logs)
         "--access-logformat", "%(s)s %(m)s %(U)s", "backend.app:create_app()"],
        env=env, cwd=ROOT)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def run_wrk(url: str, script: str, seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
                          "-s", handle.name, url], capture_output=True, text=True, check=True).stdout
    os.unlink(handle.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    socket_errors = re.search(r"Socket errors: (.*)", out)
    result = dict(re.findall(r"(\w+)=([\d.]+)", re.search(r"RESULT (.*)", out).group(1)))
    return {"rps": rps, "requests": total, "p50_ms": float(result["p50"]),
            "p99_ms": float(result["p99"]), "created": int(result["created"]),
            "failed": int(result["failed"]), "socket_errors": socket_errors.group(1) if socket_errors else "none"}


def count_rows(env: dict) -> int:
    code = ("from backend.app import create_app; from backend.extensions import db; "
            "from backend.assessments.tables import Assessment; app = create_app(); "
            "ctx = app.app_context(); ctx.push(); print(db.session.query(Assessment).count())")
    return int(subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip().splitlines()[-1])


def body_template() -> str:
    """The JSON body with a %s where wrk's Lua puts the client_id."""
    body = {"client_id": "CLIENT", "questionnaire_id": "cancer-risk", "questionnaire_version": "2",
            "answers": man_62_smoker()}
    return json.dumps(body).replace("%", "%%").replace("CLIENT", "%s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    tmp = Path(tempfile.mkdtemp(prefix="zaoshai-bench-"))
    env = dict(os.environ, FLASK_APP="backend.app:create_app", ZAOSHAI_ENV="development",
               ZAOSHAI_INSTANCE=str(tmp), DATABASE_URL=args.database_url or f"sqlite:///{tmp}/bench.sqlite3")
    if args.database_url:
        # Start from an empty schema (tables of any earlier revision included).
        subprocess.run([sys.executable, "-c", "from backend.app import create_app; from backend.extensions import db; "
                        "app = create_app(); ctx = app.app_context(); ctx.push(); "
                        "db.session.execute(db.text('DROP SCHEMA public CASCADE')); "
                        "db.session.execute(db.text('CREATE SCHEMA public')); db.session.commit()"],
                       env=env, cwd=ROOT, check=True)
    port = free_port()
    access_log = tmp / "access.log"
    server = start_server(port, env, access_log)
    seeded = count_rows(env)  # the demo residents `flask seed` loads
    try:
        lua_post = LUA_POST.replace("BODY_TEMPLATE", body_template())
        base = f"http://127.0.0.1:{port}"
        trivial = run_wrk(f"{base}/api/v1/health", LUA_GET, args.seconds, args.connections)
        assess = run_wrk(f"{base}/api/v1/assessments", lua_post, args.seconds, args.connections)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    rows = count_rows(env) - seeded
    answered_201 = sum(1 for line in access_log.read_text().splitlines() if line.startswith("201 POST"))
    print(f"== gunicorn, 2 sync workers, {args.connections} connections, {args.seconds} s each, "
          f"{'PostgreSQL' if args.database_url else 'SQLite'}")
    for name, r in (("GET /api/v1/health (trivial)", trivial), ("POST /api/v1/assessments", assess)):
        print(f"{name:32s} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms  "
              f"non-2xx {r['failed']}  socket errors {r['socket_errors']}")
    print(f"assessment / trivial throughput: {assess['rps'] / trivial['rps']:.1%}  (target >= 25%)")
    print(f"rows stored by the run {rows}, 201 responses sent by the server {answered_201}: "
          f"{'equal' if rows == answered_201 else 'DIFFERENT'} (wrk read {assess['created']} of "
          f"them before its deadline; the rest were in flight when it stopped)")


if __name__ == "__main__":
    main()
