"""Twenty simultaneous submissions of one client_id: one row, and every caller the same result.

The threads share the app (as a threaded server would) and are released together by a
barrier, so their transactions really overlap on PostgreSQL (the suite's second leg); on
SQLite writes are serialised by the file lock, and the answer must still be one row.
"""
from __future__ import annotations

import threading
import uuid

from sqlalchemy import func, select

from answer_sets import man_62_smoker
from backend.assessments.tables import Assessment
from backend.extensions import db

CALLERS = 20


def test_twenty_simultaneous_duplicates_store_one_row(app, clean_db):
    body = {"client_id": str(uuid.uuid4()), "questionnaire_id": "cancer-risk",
            "questionnaire_version": "2", "answers": man_62_smoker()}
    barrier = threading.Barrier(CALLERS)
    answers: list = [None] * CALLERS

    def submit(index: int) -> None:
        client = app.test_client()
        barrier.wait()
        response = client.post("/api/v1/assessments", json=body)
        answers[index] = (response.status_code, response.get_json())

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] * (CALLERS - 1) + [201], [a for a in answers if a[0] != 200]
    bodies = [result for _, result in answers]
    assert all(result == bodies[0] for result in bodies)  # same id, risks, token: the stored one
    with app.app_context():
        rows = db.session.scalar(select(func.count()).select_from(Assessment)
                                 .where(Assessment.client_id == body["client_id"]))
        stored = db.session.scalar(select(Assessment.id).where(
            Assessment.client_id == body["client_id"]))
        db.session.remove()
    assert rows == 1 and stored == bodies[0]["assessment_id"]
