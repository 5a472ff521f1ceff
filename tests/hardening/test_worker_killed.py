"""A gunicorn worker SIGKILLed during a burst of submissions loses nothing and half-writes nothing.

gunicorn (2 sync workers) serves the suite's own database (the SQLite file, or PostgreSQL in
CI's second leg). Eight phones submit with their own client_ids; one worker is killed with
SIGKILL while requests are in flight; every phone whose request failed retries with the same
client_id, as the PWA's outbox does, until it has an answer. Then: one row per client_id and
no other row (nothing lost, nothing doubled), every row complete, and each stored result is
the one its phone was given. A kill can land in the instant a worker is between requests;
then the next worker is killed too, until one kill has cut a request short (at most five).
Bounded: about ten seconds.
"""
from __future__ import annotations

import http.client
import os
import signal
import threading
import time
import uuid

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


def kill_until_a_request_is_cut(master: int, failures: list, threads) -> list[int]:
    """SIGKILL a worker; if no phone saw a request cut short, the next one; the pids killed."""
    killed: list[int] = []
    while len(killed) < MAX_KILLS and any(thread.is_alive() for thread in threads):
        victim = next((pid for pid in worker_pids(master) if pid not in killed), None)
        if victim is None:  # the master has not replaced the killed ones yet
            time.sleep(0.1)
            continue
        os.kill(victim, signal.SIGKILL)
        killed.append(victim)
        time.sleep(0.3)  # the phones see their resets; the master starts a new worker
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
                    "questionnaire_version": "1", "answers": answers[(number + i) % 2]}
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
    killed = kill_until_a_request_is_cut(server.pid, failures, threads)
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
