"""HTTP benchmark: POST /api/v1/assessments against a bare Flask hello-world, in one run.

Starts gunicorn (2 sync workers) on loopback, first over ``bench/hello_app.py`` (a bare Flask
app answering ``{"hello": "world"}``: the framework's floor on this machine, and storing the
submission's body as one row and nothing else: the floor of any submission), then over the
real app with a fresh database (a temporary SQLite file, or ``--database-url``), and drives
each endpoint with wrk at 16 connections: the hello-world, the storing floor,
``GET /api/v1/health``, and the submission twice, without and with ``Accept-Encoding: br, gzip`` as phones send it. Each is
measured ``--rounds`` times (interleaved) and the medians are printed: requests/s, p50/p99
latency, errors, the two ratios of the submission's throughput to the hello-world's, and the
row count against the 201s. Every POST carries a new client_id (wrk's Lua makes a UUID per
request), so each one stores a row. The 201s are counted in gunicorn's access log: wrk stops
reading at its deadline, so the last few answers in flight reach the server's log but not
wrk's count. Target (issue 15): the compressed submission >= 25% of the hello-world's req/s,
p99 < 50 ms, no errors, rows == 201 responses, on SQLite and PostgreSQL.

Run: ``.venv/bin/python bench/http_assess.py [--seconds 10] [--rounds 3] [--database-url postgresql://…]``.
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
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from answer_sets import man_62_smoker, woman_58  # noqa: E402

LUA_POST = r"""
local BODIES = {BODY_TEMPLATES}
local ENCODING = "ENCODING_VALUE"
-- A new client_id (and phone) per request so that every POST stores a row of another
-- resident; count the 201s per thread.
local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  created, failed, seed = 0, 0, SEED_BASE + id * 1000000
end
function request()
  counter = counter + 1
  local client_id = string.format("00000000-0000-4000-8000-%012d", seed + counter)
  return wrk.format("POST", "PATH_VALUE",
                    {["Content-Type"] = "application/json", ["Accept-Encoding"] = ENCODING},
                    string.format(BODIES[(seed + counter) % #BODIES + 1], client_id,
                                  string.format("139%08d", (seed + counter) % 100000000)))
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


def _wait_until_up(server: subprocess.Popen, url: str) -> subprocess.Popen:
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def _gunicorn(port: int, env: dict, access_log: Path, target: str, cwd: Path) -> subprocess.Popen:
    venv_bin = Path(sys.executable).parent
    return subprocess.Popen(
        [venv_bin / "gunicorn", "--workers", "2", "--worker-class", "sync", "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "--access-logfile", str(access_log),
         # status, method and path only: no query string, no header (tokens stay out of logs)
         "--access-logformat", "%(s)s %(m)s %(U)s", target], env=env, cwd=cwd)


def start_server(port: int, env: dict, access_log: Path) -> subprocess.Popen:
    venv_bin = Path(sys.executable).parent
    subprocess.run([venv_bin / "flask", "db", "upgrade"], env=env, check=True,
                   capture_output=True)
    subprocess.run([venv_bin / "flask", "seed"], env=env, check=True, capture_output=True)
    server = _gunicorn(port, env, access_log, "backend.app:create_app()", ROOT)
    return _wait_until_up(server, f"http://127.0.0.1:{port}/api/v1/health")


def start_hello(port: int, env: dict, access_log: Path) -> subprocess.Popen:
    subprocess.run([sys.executable, "-c", "import hello_app; hello_app.create_tables()"], env=env,
                   cwd=ROOT / "bench", check=True)
    server = _gunicorn(port, env, access_log, "hello_app:app", ROOT / "bench")
    return _wait_until_up(server, f"http://127.0.0.1:{port}/")


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid``'s children (the gunicorn workers)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def measured(server: subprocess.Popen, *args) -> dict:
    """run_wrk, plus the workers' CPU milliseconds per request: on a machine shared with other
    work the req/s depend on the neighbours; the CPU a request costs does not."""
    before = _tree_cpu(server.pid)
    result = run_wrk(*args)
    result["cpu_ms"] = (_tree_cpu(server.pid) - before) / max(result["requests"], 1) * 1000
    return result


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


def answer_set(n: int) -> dict:
    """The n-th of the varied residents: men and women of 45 to 74, their height, weight and
    smoking changed with n, each answer inside what the questionnaire accepts."""
    age = 52 + n * 7 % 23 if n % 2 else 45 + n * 7 % 30
    changes = {"birth_year": date.today().year - age, "height_cm": 150 + n % 31,
               "weight_kg": 48 + n * 3 % 45, "contact_phone": "PHONE"}
    if n % 2:  # a woman past menopause (woman_58's answers hold from 52 on)
        return woman_58(**changes, share_with_doctor="yes", contact_name="李秀英")
    return man_62_smoker(**changes, cigarettes_per_day=5 + n % 26, smoking_years=age - 25 - n % 5,
                         drinking_years=age - 30)


def body_templates(answer_sets: int) -> list[str]:
    """The JSON bodies with a %s where wrk's Lua puts the client_id, and one for the phone: each
    POST is another resident (the same one thousands of times would make the doctors' queue of
    one person, not a city's traffic). One answer set (the default, the figures in the README)
    is the same man each time; more sets mix men and women (five cancers scored, not four),
    ages, sizes and smoking. The server's caches keep each set's model parts after its first
    use, so N sets measure that mix, not a cache that never hits."""
    sets = [man_62_smoker(contact_phone="PHONE")] if answer_sets == 1 else [
        answer_set(n) for n in range(answer_sets)]
    return [json.dumps({"client_id": "CLIENT", "questionnaire_id": "cancer-risk",
                        "questionnaire_version": "2", "answers": answers})
            .replace("%", "%%").replace("CLIENT", "%s").replace("PHONE", "%s") for answers in sets]


def post_script(path: str, encoding: str, round_number: int, slot: int, answer_sets: int = 1) -> str:
    """wrk's Lua for POSTs of the submission's bodies to ``path``: client ids of round and slot
    (0, 1: the app's two encodings, 2: the storing floor) never repeat within a run."""
    bodies = ", ".join(f"[==[{body}]==]" for body in body_templates(answer_sets))
    return (LUA_POST.replace("BODY_TEMPLATES", bodies).replace("PATH_VALUE", path)
            .replace("ENCODING_VALUE", encoding)
            .replace("SEED_BASE", str((3 * round_number + slot) * 10_000_000)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--answer-sets", type=int, default=1,
                        help="how many different residents the POSTs cycle through (1: the same "
                             "man each time, every cache hit)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    tmp = Path(tempfile.mkdtemp(prefix="zaoshai-bench-"))
    env = dict(os.environ, FLASK_APP="backend.app:create_app", ZAOSHAI_ENV="development",
               ZAOSHAI_INSTANCE=str(tmp), DATABASE_URL=args.database_url or f"sqlite:///{tmp}/bench.sqlite3",
               BENCH_FLOOR_DATABASE_URL=args.database_url or f"sqlite:///{tmp}/floor.sqlite3")
    if args.database_url:
        # Start from an empty schema (tables of any earlier revision included).
        subprocess.run([sys.executable, "-c", "from backend.app import create_app; from backend.extensions import db; "
                        "app = create_app(); ctx = app.app_context(); ctx.push(); "
                        "db.session.execute(db.text('DROP SCHEMA public CASCADE')); "
                        "db.session.execute(db.text('CREATE SCHEMA public')); db.session.commit()"],
                       env=env, cwd=ROOT, check=True)
    hello_port, port = free_port(), free_port()
    hello = start_hello(hello_port, env, tmp / "hello.log")
    access_log = tmp / "access.log"
    server = start_server(port, env, access_log)
    seeded = count_rows(env)  # the demo residents `flask seed` loads
    base = f"http://127.0.0.1:{port}"
    runs = {"hello": [], "floor": [], "health": [], "post": [], "post_br": []}
    try:
        for n in range(args.rounds):
            # Each server idles while the other is measured: the same two cores for each.
            runs["hello"].append(measured(hello, f"http://127.0.0.1:{hello_port}/", LUA_GET, args.seconds, args.connections))
            runs["floor"].append(measured(hello, f"http://127.0.0.1:{hello_port}/store",
                                          post_script("/store", "identity", n, 2, args.answer_sets),
                                          args.seconds, args.connections))
            runs["health"].append(measured(server, f"{base}/api/v1/health", LUA_GET, args.seconds, args.connections))
            for slot, (key, encoding) in enumerate((("post", "identity"), ("post_br", "br, gzip"))):
                script = post_script("/api/v1/assessments?lang=zh-CN", encoding, n, slot, args.answer_sets)
                runs[key].append(measured(server, f"{base}/api/v1/assessments", script, args.seconds, args.connections))
    finally:
        for process in (server, hello):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
    rows = count_rows(env) - seeded
    answered_201 = sum(1 for line in access_log.read_text().splitlines() if line.startswith("201 POST"))
    report(args, runs, rows, answered_201)


def _median(results: list[dict]) -> dict:
    """The round with the median req/s (its latencies with it), errors summed over rounds."""
    middle = sorted(results, key=lambda r: r["rps"])[len(results) // 2]
    return dict(middle, failed=sum(r["failed"] for r in results),
                socket_errors="; ".join(sorted({r["socket_errors"] for r in results})))


def report(args, runs: dict, rows: int, answered_201: int) -> None:
    medians = {key: _median(results) for key, results in runs.items()}
    print(f"== gunicorn, 2 sync workers, wrk {args.connections} connections, {args.seconds} s "
          f"each, median of {args.rounds} rounds, {'PostgreSQL' if args.database_url else 'SQLite'}, "
          f"{args.answer_sets} answer set{'s' if args.answer_sets > 1 else ''}")
    names = {"hello": "bare Flask hello-world JSON", "floor": "bare Flask + one INSERT of the body",
             "health": "GET /api/v1/health",
             "post": "POST /api/v1/assessments", "post_br": "  same, Accept-Encoding: br, gzip"}
    for key, name in names.items():
        r = medians[key]
        print(f"{name:34s} {r['rps']:8.1f} req/s  p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms  "
              f"non-2xx {r['failed']}  socket errors {r['socket_errors']}  "
              f"server CPU {r['cpu_ms']:.2f} ms/request")
    hello = medians["hello"]["rps"]
    print(f"submission / hello-world: {medians['post']['rps'] / hello:.1%} uncompressed, "
          f"{medians['post_br']['rps'] / hello:.1%} with br, gzip (target >= 25%, p99 < 50 ms)")
    print(f"the storing floor (the body parsed and stored as one row, committed; nothing else) "
          f"runs at {medians['floor']['rps'] / hello:.1%} of hello-world; the submission at "
          f"{medians['post_br']['rps'] / medians['floor']['rps']:.1%} of that floor")
    cpu = medians["hello"]["cpu_ms"]
    print(f"by server CPU per request (what the ratio is with the cores to itself): "
          f"{cpu / medians['post']['cpu_ms']:.1%} uncompressed, {cpu / medians['post_br']['cpu_ms']:.1%} "
          f"with br, gzip")
    print(f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"rows stored by the run {rows}, 201 responses sent by the server {answered_201}: "
          f"{'equal' if rows == answered_201 else 'DIFFERENT'} (wrk read "
          f"{sum(r['created'] for k in ('post', 'post_br') for r in runs[k])} of them before its "
          f"deadline; the rest were in flight when it stopped)")


if __name__ == "__main__":
    main()
