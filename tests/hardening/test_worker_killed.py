"""A gunicorn worker SIGKILLed during a burst of submissions loses nothing and half-writes nothing.

gunicorn (2 sync workers) serves the suite's own database (the SQLite file, or PostgreSQL in
CI's second leg). Eight phones submit with their own client_ids; one worker is killed with
SIGKILL while requests are in flight; every phone whose request failed retries with the same
client_id, as the PWA's outbox does, until it has an answer. Then: one row per client_id and
no other row (nothing lost, nothing doubled), every row complete, and each stored result is
the one its phone was given. The worker killed is one that holds an unanswered request at that
moment (read from /proc), frozen first so that it cannot finish it: a kill that lands
between two requests would prove nothing. Bounded: about ten seconds.
"""
from __future__ import annotations

import http.client
import os
import signal
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from answer_sets import man_62_smoker, woman_58
from backend.assessments.tables import Assessment
from backend.extensions import db
from servers import gunicorn as run_gunicorn
from servers import request, worker_pids

PHONES, PER_PHONE = 8, 30
MAX_KILLS = 5
DEADLINE = 60  # seconds for the whole burst, retries included


@pytest.fixture
def gunicorn(app, clean_db, tmp_path):
    with run_gunicorn(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path,
                      extra=("--log-level", "warning")) as served:
        yield served


def _request(port, method, path, body=None, headers=None):
    status, data, _ = request(port, method, path, body, headers)
    return status, data


def _established_inodes(port: int) -> set[str]:
    """Socket inodes of open connections to the server's port: requests not yet answered
    (a phone closes its side as soon as it has read the answer)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                inodes.add(fields[9])
    return inodes


def _socket_inodes(pid: int) -> set[str]:
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            found.add(target[len("socket:["):-1])
    return found


def kill_a_worker_mid_request(master: int, port: int, failures: list, threads) -> list[int]:
    """SIGKILL a worker that holds an unanswered request; the pids killed.

    The worker is frozen (SIGSTOP) first and checked again, so the request it holds cannot be
    finished in between; should a phone still not see a failure, the next one (at most five).
    """
    killed: list[int] = []
    while len(killed) < MAX_KILLS and any(thread.is_alive() for thread in threads):
        established = _established_inodes(port)
        busy = [pid for pid in worker_pids(master)
                if pid not in killed and _socket_inodes(pid) & established]
        if not busy:
            time.sleep(0.005)
            continue
        os.kill(busy[0], signal.SIGSTOP)
        if not _socket_inodes(busy[0]) & _established_inodes(port):
            os.kill(busy[0], signal.SIGCONT)  # it answered just before it froze: another try
            continue
        os.kill(busy[0], signal.SIGKILL)
        killed.append(busy[0])
        time.sleep(0.3)  # the phone sees its reset; the master starts a new worker
        if failures:
            break
    return killed


def test_sigkill_of_a_worker_mid_burst_loses_and_half_writes_nothing(app, gunicorn):
    port, server = gunicorn
    answers = [man_62_smoker(), woman_58()]
    received: dict[str, dict] = {}
    failures = []
    lock = threading.Lock()
    deadline = time.monotonic() + DEADLINE

    def phone(number: int) -> None:
        for i in range(PER_PHONE):
            client_id = str(uuid.uuid4())
            body = {"client_id": client_id, "questionnaire_id": "cancer-risk",
                    "questionnaire_version": "2", "answers": answers[(number + i) % 2]}
            while time.monotonic() < deadline:  # the outbox: same body, same client_id
                try:
                    status, result = _request(port, "POST", "/api/v1/assessments", body)
                # reset, refused, or an answer cut off mid-way: the worker died under us
                except (OSError, http.client.HTTPException, ValueError):
                    with lock:
                        failures.append(client_id)
                    time.sleep(0.1)
                    continue
                if status in (200, 201):
                    with lock:
                        received[client_id] = result
                    break
                with lock:
                    failures.append((client_id, status))
                time.sleep(0.1)

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(PHONES)]
    for thread in threads:
        thread.start()
    while len(received) < 10:  # kill mid-run, with requests in flight
        time.sleep(0.01)
    killed = kill_a_worker_mid_request(server.pid, port, failures, threads)
    for thread in threads:
        thread.join(timeout=DEADLINE + 10)

    print(f"workers {killed} killed; {len(failures)} failed attempts retried; "
          f"{len(received)} submissions answered")
    assert len(received) == PHONES * PER_PHONE, f"{len(received)} answered; failures {failures}"
    assert failures, "no kill interrupted a request"
    assert not set(killed) & set(worker_pids(server.pid))  # they really died (and were replaced)
    with app.app_context():
        rows = {row.client_id: row for row in db.session.scalars(select(Assessment))}
        complete = all(row.result and row.result.get("cancers") and row.token_hash
                       for row in rows.values())
        db.session.remove()
    assert set(rows) == set(received)  # one row per client_id, none lost, none extra
    assert complete
    for client_id, result in received.items():
        assert rows[client_id].id == result["assessment_id"]
        status, stored = _request(port, "GET", f"/api/v1/assessments/{result['assessment_id']}",
                                  headers={"Authorization": f"Bearer {result['access_token']}"})
        assert status == 200
        assert stored["cancers"] == result["cancers"]  # what the phone was told is what is kept
