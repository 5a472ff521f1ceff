"""Instructions per submission, counted by valgrind's callgrind: repeatable where time is not.

On this project's VM the same submission costs 2.6 ms of CPU one hour and 4 ms the next (the
hello-world beside it does not move), so a change of 10% cannot be seen in req/s. Callgrind
counts the instructions the process executes instead: the same code, data and inputs give the
same count whatever else the machine does. This runs the whole app in process (Flask's test
client: routing, parsing, validation, scoring, encryption, the writes and commit, the result
in words, brotli) for ``--submissions`` POSTs of the HTTP benchmark's body, each a new
resident, after ``--warm-up`` unmeasured ones (200: every cache filled); it counts only the measured ones (instrumentation is
switched on after the warm-up and the interpreter's exit is skipped). System calls, the
kernel's share and the database server's own work are not counted: this measures our code.

Run: ``.venv/bin/python bench/submission_instructions.py [--checkout DIR ...]
[--database-url postgresql://…]``; with several checkouts (main and an earlier worktree, say)
each is counted in turn on a fresh database and the ratios to the first are printed.
Needs valgrind (Debian: ``apt-get install valgrind``).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _body(n: int) -> str:
    from answer_sets import man_62_smoker
    return json.dumps({"client_id": f"00000000-0000-4000-8000-{n:012d}",
                       "questionnaire_id": "cancer-risk", "questionnaire_version": "2",
                       "answers": man_62_smoker(contact_phone=f"139{n:08d}")})


def child(warm_up: int, submissions: int) -> None:
    """Under valgrind: warm up, switch instrumentation on, submit, leave without cleaning up."""
    from backend.app import create_app

    client = create_app().test_client()
    headers = {"Content-Type": "application/json", "Accept-Encoding": "br, gzip"}
    bodies = [_body(n) for n in range(warm_up + submissions)]
    for body in bodies[:warm_up]:
        response = client.post("/api/v1/assessments?lang=zh-CN", data=body, headers=headers)
        assert response.status_code == 201, response.data[:500]
    subprocess.Popen(["callgrind_control", "--instr=on", str(os.getpid())],
                     stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 3  # callgrind takes the command within a second or so
    while time.monotonic() < deadline:
        time.sleep(0.01)
    for body in bodies[warm_up:]:
        response = client.post("/api/v1/assessments?lang=zh-CN", data=body, headers=headers)
        assert response.status_code == 201, response.data[:500]
    sys.stdout.flush()
    os._exit(0)  # the interpreter's teardown would be counted too


def _fresh_database(url: str | None, tmp: Path) -> str:
    if not url:
        return f"sqlite:///{tmp}/instructions.sqlite3"
    code = ("from backend.app import create_app; from backend.extensions import db; "
            "app = create_app(); ctx = app.app_context(); ctx.push(); "
            "db.session.execute(db.text('DROP SCHEMA public CASCADE')); "
            "db.session.execute(db.text('CREATE SCHEMA public')); db.session.commit()")
    subprocess.run([sys.executable, "-c", code], env=dict(os.environ, DATABASE_URL=url,
                   ZAOSHAI_ENV="development", ZAOSHAI_INSTANCE=str(tmp)), check=True)
    return url


def count(checkout: Path, warm_up: int, submissions: int, database_url: str | None) -> float:
    """Instructions per submission of the code in ``checkout``."""
    tmp = Path(tempfile.mkdtemp(prefix="zaoshai-instructions-"))
    env = dict(os.environ, ZAOSHAI_ENV="development", ZAOSHAI_INSTANCE=str(tmp),
               FLASK_APP="backend.app:create_cli_app", PYTHONHASHSEED="0",
               PYTHONPATH=f"{checkout}{os.pathsep}{checkout / 'tests'}")
    env["DATABASE_URL"] = _fresh_database(database_url, tmp)
    flask = str(Path(sys.executable).parent / "flask")
    for command in (["db", "upgrade"], ["seed"]):
        subprocess.run([flask, *command], env=env, cwd=checkout, check=True, capture_output=True)
    out = tmp / "callgrind.out"
    subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no",
                    f"--callgrind-out-file={out}", sys.executable, str(Path(__file__).resolve()),
                    "--child", str(warm_up), str(submissions)], env=env, cwd=checkout, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total = int(re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.M).group(1))
    shutil.rmtree(tmp, ignore_errors=True)
    return total / submissions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path, action="append",
                        help="a checkout whose code to count (repeatable; default: this one)")
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--warm-up", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--child", type=int, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is needed: apt-get install -y valgrind")
    checkouts = [path.resolve() for path in args.checkout or [ROOT]]
    first = None
    for checkout in checkouts:
        per = count(checkout, args.warm_up, args.submissions, args.database_url)
        first = first or per
        print(f"{checkout}: {per / 1e6:.2f} M instructions per submission "
              f"({per / first:.1%} of the first; {args.submissions} submissions, "
              f"{'PostgreSQL' if args.database_url else 'SQLite'})")


if __name__ == "__main__":
    main()
