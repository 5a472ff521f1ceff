"""No personal data in the logs of a full flow: names, phones, answers, tokens, session ids.

gunicorn serves the suite's database with the project's gunicorn.conf.py and its access log
and application log captured to files; a resident submits with contact details and shares
with the centre, reads the result back with the token, submits again with an invalid answer
(so an error path is logged), a doctor signs in, reads the worklist (with filters in the query
string), opens the resident's record, exports the CSV and records a follow-up with a note.
Then every captured line is searched for what must not be there.
"""
from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

from answer_sets import man_62_smoker
from backend.accounts import service as accounts
from backend.extensions import db
from servers import ROOT, gunicorn, request

NAME, PHONE = "王建国", "13800138000"
NOTE = "Called Mr Wang on his mobile; booked low-dose CT"
PASSWORD = "correct horse battery staple"


def test_a_full_flow_leaves_no_personal_data_in_the_logs(app, clean_db, tmp_path):
    with app.app_context():
        accounts.create_user("log-doctor", PASSWORD, "doctor", "DEMO-HC-02", display_name="Dr Li")
        db.session.remove()
    access_log, app_log = tmp_path / "access.log", tmp_path / "app.log"
    with open(app_log, "wb") as stderr, gunicorn(
            app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, stderr=stderr,
            extra=("--access-logfile", str(access_log), "--log-level", "info")) as (port, _):
        secrets = run_flow(port)
    logs = access_log.read_text(encoding="utf-8") + app_log.read_text(encoding="utf-8")
    assert "POST /api/v1/assessments" in logs and "GET /api/v1/doctor/worklist.csv" in logs
    assert "WARNING" in logs or "INFO" in logs  # the application log was captured too
    for secret in secrets:
        assert secret not in logs, f"{secret!r} is in the logs"


def run_flow(port: int) -> list[str]:
    """The requests of the flow; returns what must not appear in any log."""
    answers = man_62_smoker(contact_name=NAME, contact_phone=PHONE)
    body = {"client_id": str(uuid.uuid4()), "questionnaire_id": "cancer-risk",
            "questionnaire_version": "2", "answers": answers}
    status, result, _ = request(port, "POST", "/api/v1/assessments?lang=zh-CN", body)
    assert status == 201 and result["shared_with_centre"]
    token, assessment_id = result["access_token"], result["assessment_id"]
    status, _, _ = request(port, "GET", f"/api/v1/assessments/{assessment_id}?lang=en",
                           headers={"Authorization": f"Bearer {token}"})
    assert status == 200
    invalid = dict(body, client_id=str(uuid.uuid4()), answers=dict(answers, height_cm=9999))
    assert request(port, "POST", "/api/v1/assessments", invalid)[0] == 422

    status, me, headers = request(port, "POST", "/api/v1/auth/login",
                                  {"username": "log-doctor", "password": PASSWORD})
    assert status == 200
    session = headers["Set-Cookie"].split(";")[0]
    doctor = {"Cookie": session, "X-CSRFToken": me["csrf_token"]}
    status, worklist, _ = request(port, "GET", "/api/v1/doctor/worklist?band=high&page=1",
                                  headers=doctor)
    assert status == 200 and worklist["total"] == 1
    status, detail, _ = request(port, "GET", f"/api/v1/doctor/assessments/{assessment_id}",
                                headers=doctor)
    assert status == 200 and NAME in json.dumps(detail, ensure_ascii=False)
    status, csv, _ = request(port, "GET", "/api/v1/doctor/worklist.csv?band=high",
                             headers=doctor, raw=True)
    assert status == 200 and PHONE in csv.decode("utf-8-sig")
    status, _, _ = request(port, "POST", f"/api/v1/doctor/assessments/{assessment_id}/follow-ups",
                           {"status": "booked", "note": NOTE,
                            "next_contact": (date.today() + timedelta(days=14)).isoformat()}, headers=doctor)
    assert status == 201
    return [NAME, PHONE, token, session.split("=", 1)[1], me["csrf_token"], PASSWORD, NOTE,
            "band=high", "cigarettes_per_day", "smoking_status", "9999"]


def test_the_access_log_format_has_no_query_string_or_headers():
    """gunicorn.conf.py: %(U)s is the path alone; %(r)s, %(q)s and %({…}i)s would leak."""
    config = {}
    exec((ROOT / "gunicorn.conf.py").read_text(encoding="utf-8"), config)
    fmt = config["access_log_format"]
    assert "%(U)s" in fmt
    assert not any(part in fmt for part in ("%(r)s", "%(q)s", "}i)s", "}e)s", "%(f)s"))
