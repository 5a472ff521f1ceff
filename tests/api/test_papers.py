"""Papers: a referral letter per referral, the one-page printout with the centre, abnormal
markers and the short result code + QR, and the first call's phone script; audited."""
from __future__ import annotations

import re

from sqlalchemy import select

from answer_sets import man_62_smoker, submission, woman_58
from backend.accounts.tables import AuditRecord
from backend.extensions import db

API = "/api/v1"
OWN = "DEMO-HC-01"
CJK = re.compile(r"[\u4e00-\u9fff]")
CODE = re.compile(r"^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$")


def shared(client, new_client_id, answers):
    response = client.post(f"{API}/assessments", json=submission(answers, new_client_id()))
    assert response.status_code == 201, response.json
    return response.json


def test_papers_carry_letters_printout_code_and_script(app, client, staff, new_client_id):
    own = shared(client, new_client_id, man_62_smoker(
        centre=OWN, share_with_doctor="yes", contact_name="王建国", contact_phone="13800138000"))
    doctor = staff("doctor", OWN)
    doctor.post(f"{API}/doctor/assessments/{own['assessment_id']}/markers",
                json={"marker": "AFP", "value": 410, "upper_limit": 7})
    papers = doctor.get(f"{API}/doctor/assessments/{own['assessment_id']}/papers?lang=zh-CN")
    assert papers.status_code == 200, papers.json
    body = papers.json
    assert body["resident"]["name"] == "王建国" and body["doctor"] == "Dr doctor-demo-hc-01"
    assert body["centre"]["name"] and body["centre"]["phone"]
    lung = next(letter for letter in body["letters"] if letter["cancer"] == "lung")
    assert lung["tests"] == ["胸部低剂量螺旋 CT"] and lung["by_when"] and lung["where"]
    assert all(place["phone"] and place["address"] for place in lung["where"])
    assert CJK.search(lung["reason"])
    printout = body["printout"]
    assert CODE.match(printout["short_code"]["code"])
    assert printout["short_code"]["qr"]["path"].startswith("M")
    assert [(m["marker"], m["value"]) for m in printout["markers_measured"]] == [("AFP", 410.0)]
    assert len(printout["cancers"]) == 4  # no breast cancer for a man
    script = " ".join(body["phone_script"])
    assert "王建国" in script and "Dr doctor-demo-hc-01" in script and "不是诊断" in script
    assert body["centre"]["phone"] in script
    # The same code as the resident's own app gives (issue 14's mechanism).
    again = doctor.get(f"{API}/doctor/assessments/{own['assessment_id']}/papers").json
    assert again["printout"]["short_code"]["code"] == printout["short_code"]["code"]
    with app.app_context():
        assert db.session.scalar(select(AuditRecord.action).where(
            AuditRecord.action == "papers.read")) == "papers.read"


def test_a_warning_sign_gets_an_urgent_letter_and_others_get_none(client, staff,
                                                                  new_client_id):
    flagged = shared(client, new_client_id, woman_58(
        centre=OWN, share_with_doctor="yes", contact_name="李秀英", contact_phone="13900139000",
        current_symptoms=["coughing_blood"]))
    doctor = staff("doctor", OWN)
    letters = doctor.get(f"{API}/doctor/assessments/{flagged['assessment_id']}/papers"
                         "?lang=zh-CN").json["letters"]
    assert letters[0]["id"] == "red_flag" and "咯血" in letters[0]["reason"]
    assert letters[0]["by_when"] == "尽快"
    other = staff("doctor", "DEMO-HC-02")
    assert other.get(f"{API}/doctor/assessments/{flagged['assessment_id']}/papers"
                     ).status_code == 404
