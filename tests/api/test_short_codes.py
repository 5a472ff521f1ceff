"""Short result codes and their QR, the rate-limited lookup, and stopping sharing."""
import re

import pytest
from sqlalchemy import func, select

from answer_sets import submission, woman_58
from backend.assessments import short_code
from backend.assessments.tables import Assessment, ShortCode
from backend.accounts.throttle import reset as reset_limits
from backend.extensions import db

API = "/api/v1"
CODE = re.compile(r"^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$")


@pytest.fixture(autouse=True)
def fresh_limits(app):
    with app.app_context():  # the counters may live in the database (backend/rate_limits.py)
        reset_limits()
    yield
    with app.app_context():
        reset_limits()


def submit(client, new_client_id, **changes):
    response = client.post(f"{API}/assessments?lang=zh-CN",
                           json=submission(woman_58(**changes), new_client_id()))
    assert response.status_code == 201, response.json
    return response.json


def code_for(client, result):
    return client.post(f"{API}/assessments/{result['assessment_id']}/short-code",
                       headers={"Authorization": f"Bearer {result['access_token']}"}, json={})


def test_code_is_eight_unambiguous_characters_and_the_same_every_time(client, new_client_id):
    result = submit(client, new_client_id)
    first, again = code_for(client, result), code_for(client, result)
    assert first.status_code == 200, first.json
    assert CODE.match(first.json["code"]) and first.json == again.json
    assert first.json["url"].endswith(f"/#/open?code={first.json['code']}")
    qr = first.json["qr"]
    assert qr["size"] >= 25 and qr["path"].startswith("M")


def test_only_the_codes_hash_is_stored(client, app, new_client_id):
    code = code_for(client, submit(client, new_client_id)).json["code"]
    with app.app_context():
        stored = db.session.scalar(select(ShortCode))
        assert stored.code_hash != code and code.replace("-", "") not in stored.code_hash


def test_issuing_needs_the_access_token(client, new_client_id):
    result = submit(client, new_client_id)
    assert client.post(f"{API}/assessments/{result['assessment_id']}/short-code",
                       json={}).status_code == 401
    wrong = client.post(f"{API}/assessments/{result['assessment_id']}/short-code",
                        headers={"Authorization": "Bearer nope"}, json={})
    assert wrong.status_code == 401 and wrong.json["error"]["code"] == "unauthorized"


def test_the_code_opens_the_result_with_its_token_however_it_is_typed(client, new_client_id):
    result = submit(client, new_client_id)
    code = code_for(client, result).json["code"]
    typed = " " + code.lower().replace("-", " ") + " "
    for attempt in (code, typed, code.replace("-", "")):
        opened = client.post(f"{API}/short-codes/open?lang=en", json={"code": attempt})
        assert opened.status_code == 200, opened.json
        assert opened.json["assessment_id"] == result["assessment_id"]
        assert opened.json["access_token"] == result["access_token"]
        assert opened.json["short_code"]["code"] == code
    # full-width letters from a Chinese keyboard are the same letters
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code.replace("-", ""))
    assert client.post(f"{API}/short-codes/open", json={"code": full_width}).status_code == 200


def test_wrong_and_malformed_codes_are_refused_in_the_requests_language(client, new_client_id):
    code_for(client, submit(client, new_client_id))
    unknown = client.post(f"{API}/short-codes/open?lang=zh-CN", json={"code": "ZZZZ-ZZZZ"})
    assert unknown.status_code == 404 and "结果码" in unknown.json["error"]["message"]
    for bad in ("ABCD-0OI1", "ABC", "ABCDEFGHJK"):
        response = client.post(f"{API}/short-codes/open?lang=en", json={"code": bad})
        assert response.status_code == 422, bad
        assert "0, O, 1, I or L" in response.json["error"]["details"]["code"][0]
    assert client.post(f"{API}/short-codes/open", json={}).status_code == 422
    assert client.post(f"{API}/short-codes/open", json={"code": 5}).status_code == 422


def test_lookups_are_rate_limited_per_address_after_failures(app, client, new_client_id):
    result = submit(client, new_client_id)
    code = code_for(client, result).json["code"]
    limit = int(app.config["SHORT_CODE_LOOKUP_LIMIT"].split()[0])
    # right codes do not use up the allowance
    for _ in range(limit + 2):
        assert client.post(f"{API}/short-codes/open", json={"code": code}).status_code == 200
    for _ in range(limit):
        assert client.post(f"{API}/short-codes/open", json={"code": "ZZZZ-ZZZZ"}).status_code == 404
    refused = client.post(f"{API}/short-codes/open?lang=en", json={"code": code})
    assert refused.status_code == 429
    assert "minutes" in refused.json["error"]["message"]
    # another address is not affected
    other = client.post(f"{API}/short-codes/open", json={"code": code},
                        environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert other.status_code == 200


def test_deleting_the_assessment_erases_its_code(client, app, new_client_id):
    result = submit(client, new_client_id)
    code = code_for(client, result).json["code"]
    client.delete(f"{API}/assessments/{result['assessment_id']}",
                  headers={"Authorization": f"Bearer {result['access_token']}"}, json={})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ShortCode)) == 0
    assert client.post(f"{API}/short-codes/open", json={"code": code}).status_code == 404


def test_a_collision_moves_to_the_next_derived_code(client, app, new_client_id, monkeypatch):
    first = submit(client, new_client_id)
    taken = code_for(client, first).json["code"].replace("-", "")
    second = submit(client, new_client_id)
    real = short_code._derive
    monkeypatch.setattr(short_code, "_derive",
                        lambda cid, attempt: taken if attempt == 0 else real(cid, attempt))
    other = code_for(client, second).json["code"].replace("-", "")
    assert other != taken and code_for(client, second).json["code"].replace("-", "") == other
    opened = client.post(f"{API}/short-codes/open", json={"code": other})
    assert opened.json["assessment_id"] == second["assessment_id"]


def test_stop_sharing_takes_the_resident_off_the_worklist_and_keeps_the_result(
        client, app, staff, new_client_id):
    result = submit(client, new_client_id, share_with_doctor="yes", contact_name="李秀英",
                    contact_phone="13900139000")
    assert result["shared_with_centre"] == "DEMO-HC-01"
    doctor = staff("doctor", "DEMO-HC-01")
    assert doctor.get(f"{API}/doctor/worklist").json["total"] == 1
    auth = {"Authorization": f"Bearer {result['access_token']}"}
    stopped = client.post(f"{API}/assessments/{result['assessment_id']}/stop-sharing", headers=auth,
                          json={})
    assert stopped.status_code == 200 and stopped.json["shared_with_centre"] is None
    assert doctor.get(f"{API}/doctor/worklist").json["total"] == 0
    assert doctor.get(f"{API}/doctor/assessments/{result['assessment_id']}").status_code == 404
    with app.app_context():
        row = db.session.get(Assessment, result["assessment_id"])
        assert row.contact_name_enc is None and row.contact_phone_enc is None
        assert row.sharing_stopped_at is not None and row.result
    again = client.get(f"{API}/assessments/{result['assessment_id']}", headers=auth)
    assert again.status_code == 200 and again.json["cancers"]
    assert client.post(f"{API}/assessments/{result['assessment_id']}/stop-sharing",
                       headers=auth, json={}).status_code == 200
    assert client.post(f"{API}/assessments/{result['assessment_id']}/stop-sharing",
                       json={}).status_code == 401


def test_assessments_past_the_retention_are_erased_with_everything_stored_with_them(
        client, app, new_client_id):
    from datetime import datetime, timedelta, timezone

    from backend.assessments.retention import erase_expired

    old, new = submit(client, new_client_id), submit(client, new_client_id)
    code_for(client, old)
    with app.app_context():
        db.session.get(Assessment, old["assessment_id"]).created_at = (
            datetime.now(timezone.utc) - timedelta(days=61 * 30.44))
        db.session.commit()
        assert erase_expired(60) == 1
        assert db.session.get(Assessment, old["assessment_id"]) is None
        assert db.session.get(Assessment, new["assessment_id"]) is not None
        assert db.session.scalar(select(func.count()).select_from(ShortCode)) == 0
    runner = app.test_cli_runner()
    assert "erased 0 assessment(s) older than 60 months" in runner.invoke(
        args=["assessments", "erase-expired"]).output
