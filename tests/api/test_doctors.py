"""The doctors' API: access table, worklist, detail, follow-up, labs, assisted, export, figures."""
from __future__ import annotations

import csv
import io
import re
from urllib.parse import quote
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

from answer_sets import man_62_smoker, submission, woman_58
from backend.accounts.tables import AuditRecord, AuditSubject
from backend.assessments.tables import Assessment
from backend.doctors import queue
from backend.assessments.tables import AssessmentCancer, QueueItem
from backend.doctors.tables import FollowUp, LabValues
from backend.extensions import db

CJK = re.compile(r"[\u4e00-\u9fff]")
OWN, OTHER = "DEMO-HC-01", "DEMO-HC-02"
API = "/api/v1"


QUIET_MAN = {"smoking_status": "never", "hot_food": "no", "passive_smoking": "no",
             "salty_taste": "light", "alcohol_frequency": "never"}


def shared_woman(centre=OWN, **changes):
    return woman_58(**{"centre": centre, "share_with_doctor": "yes", "contact_name": "李秀英",
                       "contact_phone": "13900139000", **changes})


def submit(client, answers, new_client_id, lang="zh-CN"):
    response = client.post(f"{API}/assessments?lang={lang}",
                           json=submission(answers, new_client_id()))
    assert response.status_code == 201, response.json
    return response.json


def age_rows(app, assessment_id, days):
    """Move an assessment's submission time ``days`` into the past (and replan its queue row,
    as if it had been submitted then)."""
    with app.app_context():
        db.session.execute(update(Assessment).where(Assessment.id == assessment_id).values(
            created_at=datetime.now(timezone.utc) - timedelta(days=days)))
        queue.refresh(db.session.get(Assessment, assessment_id))
        db.session.commit()


def audit_actions(app, action=None):
    with app.app_context():
        # Sign-ins are in the log too; these tests look at what was done once signed in.
        query = select(AuditRecord).where(AuditRecord.action.notlike("auth.%")).order_by(
            AuditRecord.id)
        if action:
            query = query.where(AuditRecord.action == action)
        return [(r.username, r.action, r.assessment_id, r.details, r.address)
                for r in db.session.scalars(query)]


def logged_ids(app, action):
    with app.app_context():
        return list(db.session.scalars(select(AuditRecord.id).where(
            AuditRecord.action == action).order_by(AuditRecord.id)))


def listed_in(app, audit_id):
    """The assessments an audited page or export listed (the residents whose trail it is in)."""
    with app.app_context():
        return sorted(db.session.scalars(select(AuditSubject.assessment_id).where(
            AuditSubject.audit_id == audit_id)))


@pytest.fixture
def own(client, new_client_id):
    """An assessment shared with DEMO-HC-01 (high risk for breast)."""
    return submit(client, shared_woman(), new_client_id)["assessment_id"]


# --- the access table: role x endpoint x own / other centre ---------------------------------
# Who:  anonymous -> 401 everywhere; wrong role -> 403; a doctor of another centre -> 404 for a
# resident (existence not revealed), 200 for their own centre's lists (which never include
# another centre's residents; checked below). Editors and admins never reach resident data.

NEXT_WEEK = (date.today() + timedelta(days=7)).isoformat()
FOLLOW_UP = {"status": "contacted", "next_contact": NEXT_WEEK}
MARKER = {"marker": "AFP", "value": 410, "upper_limit": 7}
LABS = {"bilirubin_umol_l": 12.0, "albumin_g_l": 42.0, "platelets_10e9_l": 210.0}
ENDPOINTS = {
    "worklist": ("get", "/doctor/worklist", None),
    "export": ("get", "/doctor/worklist.csv", None),
    "detail": ("get", "/doctor/assessments/{id}", None),
    "follow_up": ("post", "/doctor/assessments/{id}/follow-ups", FOLLOW_UP),
    "labs": ("post", "/doctor/assessments/{id}/labs", LABS),
    "markers": ("post", "/doctor/assessments/{id}/markers", MARKER),
    "assisted": ("post", "/doctor/assessments", "assisted"),
    "figures": ("get", "/figures", None),
    "figures_other_centre": ("get", f"/figures?centre={OTHER}", None),
    "figures_csv": ("get", "/figures.csv", None),
    "accounts": ("get", "/admin/accounts", None),
    "centres": ("get", "/admin/centres", None),
    "audit": ("get", "/admin/audit", None),
    "audit_csv": ("get", "/admin/audit.csv", None),
    "centre_update": ("patch", "/admin/centres/DEMO-HC-03", {"district": "示例县"}),
    "account_update": ("patch", "/admin/accounts/{user}", {"display_name": "王医生"}),
    "papers": ("get", "/doctor/assessments/{id}/papers", None),
    "targeting_reach": ("post", "/content/targeting/reach", {"kind": "general", "targeting": {}}),
    "password_change": ("post", "/auth/password", {"current_password": "wrong password",
                                                   "new_password": "something long enough"}),
    "me": ("get", "/auth/me", None),
}
WHO = ("anonymous", "doctor_own", "doctor_other", "editor", "admin")
EXPECTED = {  # endpoint: statuses for WHO, in order
    "worklist":             (401, 200, 200, 403, 403),
    "export":               (401, 200, 200, 403, 403),
    "detail":               (401, 200, 404, 403, 403),
    "follow_up":            (401, 201, 404, 403, 403),
    "labs":                 (401, 201, 404, 403, 403),
    "markers":              (401, 201, 404, 403, 403),
    "assisted":             (401, 201, 201, 403, 403),
    "figures":              (401, 200, 200, 403, 200),
    "figures_other_centre": (401, 403, 200, 403, 200),
    "figures_csv":          (401, 200, 200, 403, 200),
    "accounts":             (401, 403, 403, 403, 200),
    "centres":              (401, 403, 403, 403, 200),
    "audit":                (401, 403, 403, 403, 200),
    "audit_csv":            (401, 403, 403, 403, 200),
    "centre_update":        (401, 403, 403, 403, 200),
    "account_update":       (401, 403, 403, 403, 200),
    "papers":               (401, 200, 404, 403, 403),
    "targeting_reach":      (401, 403, 403, 200, 200),
    "password_change":      (401, 422, 422, 422, 422),  # every role; a wrong current password
    "me":                   (401, 200, 200, 200, 200),
}
TABLE = [(endpoint, who, EXPECTED[endpoint][i]) for endpoint in ENDPOINTS
         for i, who in enumerate(WHO)]


def _caller(app, staff, who):
    if who == "anonymous":
        return _Anonymous(app.test_client())
    if who.startswith("doctor"):
        return staff("doctor", OWN if who == "doctor_own" else OTHER)
    return staff(who)


class _Anonymous:
    def __init__(self, client):
        self.client = client

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def post(self, url, **kw):
        return self.client.post(url, **kw)

    def patch(self, url, **kw):
        return self.client.patch(url, **kw)


@pytest.mark.parametrize("endpoint,who,expected", TABLE,
                         ids=[f"{e}-{w}-{s}" for e, w, s in TABLE])
def test_access_table(app, staff, own, new_client_id, endpoint, who, expected):
    method, path, body = ENDPOINTS[endpoint]
    if body == "assisted":
        body = {**submission(shared_woman(), new_client_id()), "resident_consented": True}
    caller = _caller(app, staff, who)
    doctor = staff("doctor", OWN, username="dr-table") if "{user}" in path else None
    url = API + path.format(id=own, user=doctor.user["id"] if doctor else "")
    response = caller.get(url) if method == "get" else getattr(caller, method)(url, json=body)
    assert response.status_code == expected, (response.status_code, response.get_data(True)[:300])


def test_other_centres_lists_never_show_this_centres_residents(staff, own):
    other = staff("doctor", OTHER)
    assert other.get(f"{API}/doctor/worklist").json["total"] == 0
    assert "李秀英" not in other.get(f"{API}/doctor/worklist.csv").get_data(as_text=True)


def test_unshared_assessments_are_invisible_even_to_the_chosen_centre(client, staff,
                                                                      new_client_id):
    unshared = submit(client, woman_58(centre=OWN, share_with_doctor="no"), new_client_id)
    doctor = staff("doctor", OWN)
    assert doctor.get(f"{API}/doctor/worklist").json["total"] == 0
    assert doctor.get(f"{API}/doctor/assessments/{unshared['assessment_id']}").status_code == 404
    assert doctor.get(f"{API}/doctor/assessments/no-such-id").status_code == 404


def test_writes_without_the_csrf_token_are_refused(staff, own):
    doctor = staff("doctor", OWN)
    url = f"{API}/doctor/assessments/{own}/follow-ups"
    assert doctor.post(url, json=FOLLOW_UP, csrf=False).status_code == 403
    assert doctor.post(url, json=FOLLOW_UP, headers={"X-CSRFToken": "forged"},
                       csrf=False).status_code == 403
    assert doctor.post(url, json=FOLLOW_UP).status_code == 201


# --- worklist --------------------------------------------------------------------------------

def test_worklist_puts_red_flags_first_then_high_risk_by_risk(client, staff, new_client_id):
    average = submit(client, man_62_smoker(centre=OWN, **QUIET_MAN, contact_phone="13800138001"),
                     new_client_id)
    smoker = submit(client, man_62_smoker(centre=OWN), new_client_id)
    red = submit(client, shared_woman(current_symptoms=["coughing_blood"]), new_client_id)
    items = staff("doctor", OWN).get(f"{API}/doctor/worklist?lang=en").json["items"]
    ids = [i["assessment_id"] for i in items]
    assert ids[0] == red["assessment_id"]
    assert items[0]["red_flags"][0] == {"code": "coughing_blood", "text": "coughing blood"}
    assert items[0]["tier"] == 1 and items[0]["reasons"][0]["text"] == \
        "Reported symptom: coughing blood"
    assert ids == [red["assessment_id"], smoker["assessment_id"], average["assessment_id"]]
    assert items[2]["high_risk_cancers"] == []
    smoker_item = items[ids.index(smoker["assessment_id"])]
    assert smoker_item["name"] == "王建国" and smoker_item["phone"] == "13800138000"
    assert "lung" in [c["cancer"] for c in smoker_item["high_risk_cancers"]]


def test_within_a_tier_the_longest_waiting_comes_first(app, client, staff, new_client_id):
    heavy = submit(client, man_62_smoker(centre=OWN, cigarettes_per_day=40,
                                         contact_phone="13800138001"), new_client_id)
    light = submit(client, man_62_smoker(centre=OWN, cigarettes_per_day=10, smoking_years=20,
                                         hot_food="no", salty_taste="light"), new_client_id)
    age_rows(app, heavy["assessment_id"], 3)
    age_rows(app, light["assessment_id"], 30)
    doctor = staff("doctor", OWN)
    for query in ("", "?cancer=lung"):
        items = doctor.get(f"{API}/doctor/worklist{query}").json["items"]
        assert [i["assessment_id"] for i in items] == [light["assessment_id"],
                                                       heavy["assessment_id"]]
        assert [i["waiting_days"] for i in items] == [30, 3]


def test_worklist_filters_by_cancer_band_status_and_pages(client, staff, new_client_id):
    woman = submit(client, shared_woman(), new_client_id)["assessment_id"]
    man = submit(client, man_62_smoker(centre=OWN), new_client_id)["assessment_id"]
    doctor = staff("doctor", OWN)

    def ids(query):
        body = doctor.get(f"{API}/doctor/worklist?{query}").json
        return [i["assessment_id"] for i in body["items"]], body["total"]

    assert ids("cancer=breast") == ([woman], 1)
    assert ids("cancer=lung&band=high") == ([man], 1)
    assert ids("cancer=breast&band=average") == ([], 0)
    assert ids("band=high")[1] == 2
    assert ids("status=none")[1] == 2
    doctor.post(f"{API}/doctor/assessments/{man}/follow-ups",
                json={"status": "booked", "next_contact": NEXT_WEEK})
    assert ids("status=booked") == ([man], 1)
    assert ids("status=none") == ([woman], 1)
    first = doctor.get(f"{API}/doctor/worklist?per_page=1").json
    second = doctor.get(f"{API}/doctor/worklist?per_page=1&after={first['next']}").json
    assert first["total"] == 2 and first["prev"] is None and second["next"] is None
    assert len(first["items"]) == len(second["items"]) == 1 and first["items"] != second["items"]
    back = doctor.get(f"{API}/doctor/worklist?per_page=1&before={second['prev']}").json
    assert back["items"] == first["items"] and back["prev"] is None
    assert doctor.get(f"{API}/doctor/worklist?cancer=kidney").status_code == 422


def test_overdue_after_the_configured_days_without_follow_up(app, client, staff, own,
                                                             new_client_id, monkeypatch):
    doctor = staff("doctor", OWN)
    age_rows(app, own, 13)
    item = doctor.get(f"{API}/doctor/worklist").json["items"][0]
    assert item["overdue"] is False and item["follow_up_due"]
    age_rows(app, own, 15)
    assert doctor.get(f"{API}/doctor/worklist?overdue=true").json["total"] == 1
    monkeypatch.setitem(app.config, "OVERDUE_DAYS", 30)
    age_rows(app, own, 15)  # the due date is planned when the resident submits
    assert doctor.get(f"{API}/doctor/worklist?overdue=true").json["total"] == 0
    monkeypatch.setitem(app.config, "OVERDUE_DAYS", 14)
    age_rows(app, own, 15)
    doctor.post(f"{API}/doctor/assessments/{own}/follow-ups", json={"status": "unreachable"})
    assert doctor.get(f"{API}/doctor/worklist?overdue=true").json["total"] == 0
    assert doctor.get(f"{API}/doctor/worklist?overdue=false").json["total"] == 1


def test_worklist_counts_the_whole_centre_whatever_the_filters(app, client, staff, own,
                                                               new_client_id):
    red = submit(client, shared_woman(current_symptoms=["coughing_blood"],
                                       contact_phone="13900139001"), new_client_id)
    submit(client, shared_woman(centre=OTHER), new_client_id)  # another centre: not counted
    doctor = staff("doctor", OWN)
    age_rows(app, own, 20)
    doctor.post(f"{API}/doctor/assessments/{red['assessment_id']}/follow-ups",
                json={"status": "declined"})
    quiet = submit(client, man_62_smoker(centre=OWN, birth_year=date.today().year - 35,
                                         **QUIET_MAN), new_client_id)
    age_rows(app, quiet["assessment_id"], 100)
    before = len(audit_actions(app, "worklist.read"))
    body = doctor.get(f"{API}/doctor/worklist?cancer=lung&band=high").json
    assert body["total"] == 0
    assert body["counts"] == {"urgent": 0, "screening": 1, "other": 1, "overdue": 1,
                              "closed": 1}
    assert len(audit_actions(app, "worklist.read")) == before + 1  # one read, one record


def test_average_risk_without_red_flag_is_never_overdue(app, client, staff, new_client_id):
    quiet = submit(client, man_62_smoker(centre=OWN, birth_year=date.today().year - 35,
                                         **QUIET_MAN), new_client_id)
    age_rows(app, quiet["assessment_id"], 100)
    item = staff("doctor", OWN).get(f"{API}/doctor/worklist").json["items"][0]
    assert item["high_risk_cancers"] == [] and item["overdue"] is False
    assert item["follow_up_due"] is None


# --- detail and established scores -----------------------------------------------------------

def test_detail_shows_answers_in_words_risks_rules_and_contact(staff, own):
    body = staff("doctor", OWN).get(f"{API}/doctor/assessments/{own}?lang=zh-CN").json
    assert body["contact"] == {"name": "李秀英", "phone": "13900139000"}
    breast = next(c for c in body["result"]["cancers"] if c["cancer"] == "breast")
    assert breast["status"] == "recommended" and breast["rules"] and breast["referral"]["tests"]
    words = {i["link_id"]: i for s in body["answers"] for i in s["items"]}
    assert CJK.search(words["sex"]["question"]) and CJK.search(words["sex"]["answer"])
    assert words["height_cm"]["answer"].startswith("158")
    assert CJK.search(words["centre"]["answer"])
    assert "contact_name" not in words
    assert body["follow_ups"] == [] and body["overdue"] is False


def test_detail_lists_tumour_markers_above_limit(client, staff, new_client_id):
    answers = shared_woman(tumour_markers_done="yes", marker_ca15_3_value=40.0,
                           marker_ca15_3_limit=25.0)
    row = submit(client, answers, new_client_id)
    body = staff("doctor", OWN).get(f"{API}/doctor/assessments/{row['assessment_id']}").json
    markers = body["result"]["tumour_markers_above_limit"]
    assert markers[0]["marker"] == "CA15_3" and markers[0]["value"] == 40.0


def test_established_scores_beside_our_result_with_thresholds_and_notes(client, staff,
                                                                        new_client_id):
    man = submit(client, man_62_smoker(centre=OWN), new_client_id)["assessment_id"]
    body = staff("doctor", OWN).get(f"{API}/doctor/assessments/{man}?lang=en").json
    scores = {s["score"]: s for s in body["established_scores"]}
    assert set(scores) == {"plcom2012", "apcs", "amap"}  # no BCRAT for a man
    plco = scores["plcom2012"]
    assert plco["status"] == "computed" and plco["value"] > 0.0151
    assert plco["above_threshold"] and plco["our_band"] == "high" and plco["note"] is None
    assert "1.51 per cent" in plco["threshold"]
    apcs = scores["apcs"]
    assert apcs["value"] == 4 and apcs["category"] == "high"
    colorectal = next(c for c in body["result"]["cancers"] if c["cancer"] == "colorectal")
    if colorectal["status"] != "recommended":
        assert apcs["agreement"] == "score_higher" and apcs["note"]
    assert scores["amap"]["status"] == "not_applicable" and scores["amap"]["status_text"]


def test_bcrat_carries_the_overestimation_note_for_women_in_china(staff, own):
    body = staff("doctor", OWN).get(f"{API}/doctor/assessments/{own}?lang=en").json
    bcrat = next(s for s in body["established_scores"] if s["score"] == "bcrat")
    assert bcrat["status"] == "computed" and 0 < bcrat["value"] < 1
    assert "1.8-fold" in bcrat["caveat"] and "1.67 per cent" in bcrat["threshold"]
    plco = next(s for s in body["established_scores"] if s["score"] == "plcom2012")
    assert plco["status"] == "not_applicable" and "never" in plco["status_text"]


def test_amap_needs_the_doctors_lab_values_which_are_stored_and_audited(app, client, staff,
                                                                       new_client_id):
    hbv = submit(client, man_62_smoker(centre=OWN, hbsag_test="positive"), new_client_id)
    url = f"{API}/doctor/assessments/{hbv['assessment_id']}"
    doctor = staff("doctor", OWN)
    amap = next(s for s in doctor.get(url).json["established_scores"] if s["score"] == "amap")
    assert amap["status"] == "needs_lab_values"
    bad = doctor.post(f"{url}/labs", json={**LABS, "albumin_g_l": 4.2})  # g/dL by mistake
    assert bad.status_code == 422 and "albumin_g_l" in bad.json["error"]["details"]
    response = doctor.post(f"{url}/labs", json=LABS)
    assert response.status_code == 201
    amap = next(s for s in response.json["established_scores"] if s["score"] == "amap")
    assert amap["status"] == "computed" and amap["category"] in ("low", "medium", "high")
    assert response.json["labs"]["albumin_g_l"] == 42.0
    assert [a[1] for a in audit_actions(app)][-2:] == ["labs.create", "assessment.read"]


# --- follow-up -------------------------------------------------------------------------------

def test_follow_up_history_is_kept_never_overwritten(app, staff, own):
    doctor = staff("doctor", OWN)
    url = f"{API}/doctor/assessments/{own}/follow-ups"
    first = doctor.post(url, json={"status": "contacted", "note": "打电话，约下周",
                                   "next_contact": NEXT_WEEK,
                                   "date": date.today().isoformat()})
    assert first.status_code == 201 and first.json["note"] == "打电话，约下周"
    assert doctor.post(url, json={"status": "booked", "next_contact": NEXT_WEEK}).status_code == 201
    screened = doctor.post(url, json={"status": "screened", "result": "normal",
                                      "cancer": "breast"})
    assert screened.status_code == 201
    history = doctor.get(f"{API}/doctor/assessments/{own}").json["follow_ups"]
    assert [h["status"] for h in history] == ["contacted", "booked", "screened"]
    assert history[0]["note"] == "打电话，约下周" and history[2]["result"] == "normal"
    for method in ("put", "patch", "delete"):
        response = getattr(doctor.client, method)(f"{url}/{history[0]['id']}", json={},
                                                  headers={"X-CSRFToken": doctor.csrf})
        assert response.status_code in (404, 405)
    with app.app_context():
        note = db.session.scalar(select(FollowUp.note_enc).where(FollowUp.id == history[0]["id"]))
        assert note and "打电话" not in note  # encrypted at rest


@pytest.mark.parametrize("body,field", [
    ({"status": "screened"}, "result"),
    ({"status": "contacted", "result": "normal"}, "result"),
    ({"status": "contacted", "date": (date.today() + timedelta(days=2)).isoformat()}, "date"),
])
def test_follow_up_rules(staff, own, body, field):
    response = staff("doctor", OWN).post(f"{API}/doctor/assessments/{own}/follow-ups", json=body)
    assert response.status_code == 422 and field in response.json["error"]["details"]


def test_invalid_status_is_refused(staff, own):
    response = staff("doctor", OWN).post(f"{API}/doctor/assessments/{own}/follow-ups",
                                         json={"status": "cured"})
    assert response.status_code == 422


# --- assisted assessment ---------------------------------------------------------------------

def test_assisted_assessment_belongs_to_the_resident(app, client, staff, new_client_id):
    doctor = staff("doctor", OWN)
    answers = dict(shared_woman(centre=OTHER), share_with_doctor="no")
    body = {**submission(answers, new_client_id()), "resident_consented": True}
    response = doctor.post(f"{API}/doctor/assessments", json=body)
    assert response.status_code == 201, response.json
    result, token = response.json, response.json["access_token"]
    assert token and result["shared_with_centre"] == OWN
    listed = doctor.get(f"{API}/doctor/worklist").json["items"]
    assert listed[0]["assessment_id"] == result["assessment_id"] and listed[0]["assisted"]
    with app.app_context():
        row = db.session.get(Assessment, result["assessment_id"])
        assert row.assisted_by == doctor.user["id"] and row.assisted_consent_at is not None
    mine = client.get(f"{API}/assessments/{result['assessment_id']}",
                      headers={"Authorization": f"Bearer {token}"})
    assert mine.status_code == 200
    doctor.post(f"{API}/doctor/assessments/{result['assessment_id']}/follow-ups",
                json={"status": "contacted"})
    gone = client.delete(f"{API}/assessments/{result['assessment_id']}",
                         headers={"Authorization": f"Bearer {token}"})
    assert gone.status_code == 204
    assert doctor.get(f"{API}/doctor/assessments/{result['assessment_id']}").status_code == 404
    with app.app_context():
        for table in (FollowUp, AssessmentCancer, LabValues):
            assert db.session.scalar(select(func.count()).select_from(table)) == 0


def test_assisted_assessment_needs_recorded_consent(staff, new_client_id):
    body = {**submission(shared_woman(), new_client_id()), "resident_consented": False}
    response = staff("doctor", OWN).post(f"{API}/doctor/assessments", json=body)
    assert response.status_code == 422
    assert "resident_consented" in response.json["error"]["details"]


def test_assisted_retry_returns_the_same_token_and_one_row(app, staff, new_client_id):
    doctor = staff("doctor", OWN)
    body = {**submission(shared_woman(), new_client_id()), "resident_consented": True}
    first, again = (doctor.post(f"{API}/doctor/assessments", json=body) for _ in range(2))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["access_token"] == again.json["access_token"]
    other = staff("doctor", OTHER).post(f"{API}/doctor/assessments", json=body)
    assert other.status_code == 409  # someone else's submission id


# --- export ----------------------------------------------------------------------------------

def _csv(response) -> list[dict]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_csv_export_has_bom_chinese_and_neutralised_formulas(app, client, staff, own,
                                                            new_client_id):
    submit(client, man_62_smoker(centre=OWN, contact_name="=HYPERLINK(\"http://x\")"),
           new_client_id)
    response = staff("doctor", OWN).get(f"{API}/doctor/worklist.csv?lang=zh-CN")
    rows = _csv(response)
    assert len(rows) == 2 and len(rows[0]) == 22
    by_name = {row["姓名"]: row for row in rows}
    assert set(by_name) == {"李秀英", "'=HYPERLINK(\"http://x\")"}
    # The phone stays text with all its digits in Excel and WPS: ="…" is a text constant.
    assert by_name["李秀英"]["高风险癌种"] == "乳腺癌" and by_name["李秀英"]["电话"] == '="13900139000"'
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="worklist-{OWN}-{date.today().isoformat()}.csv"')
    logged = audit_actions(app, "export.csv")
    assert len(logged) == 1 and logged[0][3]["count"] == 2


def test_csv_export_has_statuses_markers_tests_note_and_next_contact(client, staff, own):
    doctor = staff("doctor", OWN)
    doctor.post(f"{API}/doctor/assessments/{own}/markers", json=MARKER)
    doctor.post(f"{API}/doctor/assessments/{own}/follow-ups",
                json={**FOLLOW_UP, "note": "下午再打"})
    [row] = _csv(doctor.get(f"{API}/doctor/worklist.csv?lang=en"))
    assert row["Priority"] == "Urgent" and row["Breast cancer: screening"] == "Screening recommended now"
    assert row["Lung cancer: screening"] != "" and "(> 7)" in row["Tumour markers above limit"]
    assert "Mammography" in row["Referral tests"] or "Breast ultrasound" in row["Referral tests"]
    assert row["Follow-up note"] == "下午再打" and row["Next contact"] == NEXT_WEEK
    assert row["Overdue"] == "No"


def test_csv_export_streams_in_batches_and_links_every_resident(app, client, staff, own,
                                                               new_client_id, monkeypatch):
    from backend.doctors import export

    monkeypatch.setattr(export, "BATCH", 2)  # five residents: three batches
    others = [submit(client, man_62_smoker(centre=OWN, contact_name=f"王{n}",
                                           contact_phone=f"1380013800{n}"),
                     new_client_id)["assessment_id"] for n in range(4)]
    doctor = staff("doctor", OWN)
    response = doctor.get(f"{API}/doctor/worklist.csv", buffered=False)
    assert response.is_streamed
    rows = _csv(response)
    listed = [r["评估编号"] for r in rows]
    assert sorted(listed) == sorted([own, *others]) and len(set(listed)) == 5
    # Queue order, like the list: the same ids in the same order as the pages show.
    pages = doctor.get(f"{API}/doctor/worklist?per_page=100").json["items"]
    assert listed == [i["assessment_id"] for i in pages]
    logged = audit_actions(app, "export.csv")
    assert len(logged) == 1 and logged[0][3]["count"] == 5
    admin = staff("admin")
    for assessment_id in listed:
        trail = admin.get(f"{API}/admin/audit?assessment_id={assessment_id}").json["items"]
        assert [i["action"] for i in trail].count("export.csv") == 1


def test_csv_export_uses_the_worklist_filters(client, staff, own, new_client_id):
    submit(client, man_62_smoker(centre=OWN), new_client_id)
    text = staff("doctor", OWN).get(f"{API}/doctor/worklist.csv?cancer=breast").get_data(True)
    assert "李秀英" in text and "王建国" not in text


# --- audit -----------------------------------------------------------------------------------

def test_every_read_of_resident_data_is_audited_without_resident_data(app, staff, own):
    doctor = staff("doctor", OWN)
    doctor.get(f"{API}/doctor/worklist", headers={"User-Agent": "ward-pc"})
    doctor.get(f"{API}/doctor/assessments/{own}")
    doctor.get(f"{API}/doctor/worklist.csv")
    doctor.post(f"{API}/doctor/assessments/{own}/follow-ups", json={**FOLLOW_UP, "note": "秘密"})
    logged = audit_actions(app)
    assert [a[1] for a in logged] == ["worklist.read", "assessment.read", "export.csv",
                                      "follow_up.create"]
    assert all(a[0] == doctor.user["username"] and a[4] == "127.0.0.1" for a in logged)
    assert listed_in(app, logged_ids(app, "worklist.read")[0]) == [own] and logged[1][2] == own
    admin = staff("admin")
    listed = admin.get(f"{API}/admin/audit?username={doctor.user['username']}").json
    assert listed["total"] == 5 and listed["items"][0]["action"] == "follow_up.create"
    assert listed["items"][-1]["action"] == "auth.sign_in"  # the sign-in is in the log too
    assert listed["items"][-2]["user_agent"] == "ward-pc"
    dumped = str(listed)
    assert "李秀英" not in dumped and "13900139000" not in dumped and "秘密" not in dumped
    assert admin.get(f"{API}/admin/audit?action=assessment.read").json["total"] == 1


def test_audit_records_outlive_the_residents_erasure(app, client, staff, new_client_id):
    created = client.post(f"{API}/assessments", json=submission(shared_woman(), new_client_id()))
    assessment_id, token = created.json["assessment_id"], created.json["access_token"]
    staff("doctor", OWN).get(f"{API}/doctor/assessments/{assessment_id}")
    client.delete(f"{API}/assessments/{assessment_id}",
                  headers={"Authorization": f"Bearer {token}"})
    assert [a[2] for a in audit_actions(app, "assessment.read")] == [assessment_id]


# --- figures ---------------------------------------------------------------------------------

def test_figures_count_each_event_in_its_own_month_with_rates(app, client, staff,
                                                              new_client_id):
    own = submit(client, shared_woman(), new_client_id)["assessment_id"]
    submit(client, woman_58(centre=OWN), new_client_id)  # assessed, not shared
    submit(client, man_62_smoker(centre=OTHER), new_client_id)
    doctor = staff("doctor", OWN)
    this_month = datetime.now(timezone(timedelta(hours=8))).strftime("%Y-%m")
    last = (date.today().replace(day=1) - timedelta(days=1))
    url = f"{API}/doctor/assessments/{own}/follow-ups"
    # The call and the screening happened last month: they count there, not in the month
    # the resident was assessed.
    assert doctor.post(url, json={"status": "contacted", "date": last.replace(day=1).isoformat(),
                                  "next_contact": NEXT_WEEK}).status_code == 201
    assert doctor.post(url, json={"status": "screened", "result": "cancer_found",
                                  "cancer": "breast", "date": last.isoformat()}).status_code == 201
    doctor.post(url, json={"status": "contacted", "next_contact": NEXT_WEEK})  # not counted again
    figures = doctor.get(f"{API}/figures?lang=zh-CN").json
    assert figures["centre"] == OWN and figures["centre_name"] == "东湖街道社区卫生服务中心（演示）"
    months = {m["month"]: m for m in figures["months"]}
    now, before = months[this_month], months[last.strftime("%Y-%m")]
    assert (now["assessed"], now["shared"], now["high_risk"]["breast"]) == (2, 1, 2)
    assert (now["followed_up"], now["screened"]) == (0, 0)
    assert (before["assessed"], before["followed_up"], before["screened"]) == (0, 1, 1)
    assert before["screening_results"]["cancer_found"] == 1 and before["detection_rate"] == 1.0
    totals = figures["totals"]
    assert (totals["follow_up_rate"], totals["screening_rate"], totals["detection_rate"]) == (
        1.0, 1.0, 1.0)
    assert now["follow_up_rate"] == 0.0 and before["follow_up_rate"] is None  # nothing shared
    everyone = staff("admin").get(f"{API}/figures?lang=zh-CN").json
    assert everyone["centre"] is None and everyone["totals"]["assessed"] == 3
    side = {c["centre"]: c for c in everyone["centres"]}
    assert side[OWN]["assessed"] == 2 and side[OTHER]["assessed"] == 1
    assert side[OWN]["centre_name"] == "东湖街道社区卫生服务中心（演示）"
    assert side[OTHER]["high_risk"]["lung"] == 1 and side[OTHER]["follow_up_rate"] == 0.0
    assert staff("admin").get(f"{API}/figures?centre={OTHER}").json["totals"]["assessed"] == 1


def test_figures_export_as_csv_named_by_centre_and_date(staff, client, new_client_id):
    submit(client, shared_woman(), new_client_id)
    response = staff("doctor", OWN).get(f"{API}/figures.csv?lang=zh-CN")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f"figures-{OWN}-{date.today().isoformat()}.csv" in response.headers[
        "Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[0][:3] == ["社区卫生服务中心", "月份", "完成评估数"]
    assert rows[1][0] == "东湖街道社区卫生服务中心（演示）" and rows[1][2:4] == ["1", "1"]
    assert rows[1][7] == "0.0%"  # followed up (rate): nobody yet
    everyone = staff("admin").get(f"{API}/figures.csv?lang=en")
    assert "figures-all-" in everyone.headers["Content-Disposition"]
    assert "Donghu Street Community Health Centre (demo)" in everyone.get_data(True)


def test_erasure_takes_the_residents_records_but_not_the_programmes_past_counts(
        app, client, staff, new_client_id):
    created = client.post(f"{API}/assessments", json=submission(shared_woman(), new_client_id()))
    assessment_id, token = created.json["assessment_id"], created.json["access_token"]
    doctor = staff("doctor", OWN)
    last = date.today().replace(day=1) - timedelta(days=1)
    doctor.post(f"{API}/doctor/assessments/{assessment_id}/follow-ups", json={
        "status": "screened", "date": last.isoformat(), "note": "乳腺癌确诊",
        "outcomes": [{"cancer": "breast", "test": "mammography", "date": last.isoformat(),
                      "finding": "cancer_confirmed"}]})
    before = doctor.get(f"{API}/figures").json
    assert before["totals"]["screening_results"]["cancer_found"] == 1
    assert client.delete(f"{API}/assessments/{assessment_id}",
                         headers={"Authorization": f"Bearer {token}"}).status_code == 204
    after = doctor.get(f"{API}/figures").json
    assert after == before  # every month, every count and rate as it was
    with app.app_context():
        assert db.session.get(Assessment, assessment_id) is None
        assert db.session.scalar(select(func.count()).select_from(FollowUp).where(
            FollowUp.assessment_id == assessment_id)) == 0
    assert doctor.get(f"{API}/doctor/assessments/{assessment_id}").status_code == 404
    assert doctor.get(f"{API}/doctor/worklist").json["total"] == 0


# --- the action queue and the follow-up plan (issue 13) --------------------------------------

def queue_ids(doctor, query=""):
    return [i["assessment_id"] for i in doctor.get(f"{API}/doctor/worklist?{query}").json["items"]]


def test_tiers_urgent_then_screening_then_the_rest_marker_and_fit_are_urgent(
        app, client, staff, new_client_id):
    quiet = submit(client, man_62_smoker(centre=OWN, birth_year=date.today().year - 35,
                                         **QUIET_MAN), new_client_id)["assessment_id"]
    high = submit(client, man_62_smoker(centre=OWN), new_client_id)["assessment_id"]
    afp = submit(client, man_62_smoker(centre=OWN, **QUIET_MAN, tumour_markers_done="yes",
                                       contact_phone="13800138002",
                                       marker_afp_value=410.0, marker_afp_limit=7.0),
                 new_client_id)["assessment_id"]
    fit = submit(client, man_62_smoker(centre=OWN, **QUIET_MAN, fit_test="positive",
                                       contact_phone="13800138003"),
                 new_client_id)["assessment_id"]
    for days, assessment_id in ((90, quiet), (60, high), (5, afp), (3, fit)):
        age_rows(app, assessment_id, days)
    doctor = staff("doctor", OWN)
    body = doctor.get(f"{API}/doctor/worklist?lang=en").json
    assert [i["assessment_id"] for i in body["items"]] == [afp, fit, high, quiet]
    assert [i["tier"] for i in body["items"]] == [1, 1, 2, 3]
    assert body["items"][0]["reasons"][0]["text"] == "AFP 410 (limit 7)"
    assert body["items"][1]["reasons"][0]["text"] == "Positive FIT"
    zh = doctor.get(f"{API}/doctor/worklist?lang=zh-CN").json["items"]
    assert "：" in zh[2]["reasons"][0]["text"] and ": " not in zh[2]["reasons"][0]["text"]
    # A doctor's AFP above its limit makes the high-risk resident urgent at once.
    marker = doctor.post(f"{API}/doctor/assessments/{high}/markers",
                         json={"marker": "AFP", "value": 35.5, "upper_limit": 20})
    assert marker.status_code == 201 and marker.json["above_limit"] is True
    assert queue_ids(doctor) == [high, afp, fit, quiet]
    assert queue_ids(doctor, "tier=2") == []


def test_unreachable_retries_then_closes_after_the_third(app, staff, own):
    doctor = staff("doctor", OWN)
    age_rows(app, own, 20)
    url = f"{API}/doctor/assessments/{own}/follow-ups"
    for attempt in (1, 2):
        assert doctor.post(url, json={"status": "unreachable"}).status_code == 201
        item = doctor.get(f"{API}/doctor/worklist").json["items"][0]
        assert item["is_open"] and item["attempts"] == attempt and not item["overdue"]
        assert item["follow_up_due"] == (date.today() + timedelta(days=2)).isoformat()
    doctor.post(url, json={"status": "unreachable"})
    assert queue_ids(doctor) == []
    closed = doctor.get(f"{API}/doctor/worklist?state=closed").json["items"]
    assert [i["assessment_id"] for i in closed] == [own] and closed[0]["overdue"] is False
    assert closed[0]["follow_up_due"] is None
    assert queue_ids(doctor, "state=all") == [own]


def test_overdue_comes_from_the_next_contact_date(app, staff, own):
    doctor = staff("doctor", OWN)
    url = f"{API}/doctor/assessments/{own}/follow-ups"
    doctor.post(url, json={"status": "contacted", "next_contact": date.today().isoformat()})
    with app.app_context():  # the planned date passes
        item = db.session.get(QueueItem, own)
        item.due_on = date.today() - timedelta(days=1)
        db.session.commit()
    assert queue_ids(doctor, "overdue=true") == [own]
    doctor.post(url, json={"status": "booked", "next_contact": NEXT_WEEK})
    assert queue_ids(doctor, "overdue=true") == []


@pytest.mark.parametrize("body,field", [
    ({"status": "contacted"}, "next_contact"),
    ({"status": "booked", "next_contact": (date.today() - timedelta(days=1)).isoformat()},
     "next_contact"),
    ({"status": "declined", "next_contact": NEXT_WEEK}, "next_contact"),
    ({"status": "contacted", "next_contact": NEXT_WEEK,
      "outcomes": [{"cancer": "breast", "test": "mammography", "date": "2026-01-05",
                    "finding": "normal"}]}, "outcomes"),
])
def test_follow_up_plan_rules(staff, own, body, field):
    response = staff("doctor", OWN).post(f"{API}/doctor/assessments/{own}/follow-ups?lang=zh-CN",
                                         json=body)
    assert response.status_code == 422 and field in response.json["error"]["details"]
    assert CJK.search(response.json["error"]["details"][field][0])


def test_screening_outcomes_per_cancer_close_the_item_with_the_worst_finding(app, staff, own):
    doctor = staff("doctor", OWN)
    today = date.today().isoformat()
    response = doctor.post(f"{API}/doctor/assessments/{own}/follow-ups?lang=en", json={
        "status": "screened", "outcomes": [
            {"cancer": "breast", "test": "mammography", "date": today, "finding": "precancerous"},
            {"cancer": "colorectal", "test": "colonoscopy", "date": today, "finding": "normal"}]})
    assert response.status_code == 201, response.json
    assert response.json["result"] == "abnormal"
    assert [(o["cancer"], o["finding_text"]) for o in response.json["outcomes"]] == [
        ("breast", "Precancerous lesion"), ("colorectal", "Normal")]
    assert queue_ids(doctor) == [] and queue_ids(doctor, "state=closed") == [own]
    detail = doctor.get(f"{API}/doctor/assessments/{own}").json
    assert detail["follow_ups"][0]["outcomes"][0]["test"] == "mammography"
    assert detail["queue"]["is_open"] is False


def test_lab_values_and_markers_keep_their_history(app, staff, own):
    doctor = staff("doctor", OWN)
    url = f"{API}/doctor/assessments/{own}"
    doctor.post(f"{url}/labs", json=LABS)
    doctor.post(f"{url}/labs", json={**LABS, "albumin_g_l": 38.0})
    doctor.post(f"{url}/markers", json={"marker": "CA15_3", "value": 12})
    doctor.post(f"{url}/markers", json={"marker": "CA15_3", "value": 30})
    detail = doctor.get(url).json
    assert [entry["albumin_g_l"] for entry in detail["labs_history"]] == [38.0, 42.0]
    assert detail["labs"]["albumin_g_l"] == 38.0
    assert [(m["value"], m["upper_limit"], m["above_limit"]) for m in detail["markers"]] == [
        (12.0, 25.0, False), (30.0, 25.0, True)]
    assert detail["queue"]["tier"] == 1
    bad = doctor.post(f"{url}/markers?lang=zh-CN", json={"marker": "AFP", "value": -1})
    assert bad.status_code == 422 and CJK.search(bad.json["error"]["details"]["value"][0])
    assert doctor.post(f"{url}/markers", json={"marker": "XYZ", "value": 1}).status_code == 422
    logged = [a for a in audit_actions(app, "marker.create")]
    assert len(logged) == 2 and "30" not in str(logged[-1][3])


def test_erasure_removes_the_queue_row(client, staff, new_client_id, app):
    created = client.post(f"{API}/assessments", json=submission(shared_woman(), new_client_id()))
    assessment_id, token = created.json["assessment_id"], created.json["access_token"]
    doctor = staff("doctor", OWN)
    doctor.post(f"{API}/doctor/assessments/{assessment_id}/markers",
                json={"marker": "AFP", "value": 50})
    client.delete(f"{API}/assessments/{assessment_id}",
                  headers={"Authorization": f"Bearer {token}"})
    assert queue_ids(doctor, "state=all") == []
    with app.app_context():
        assert db.session.get(QueueItem, assessment_id) is None


def test_validation_messages_with_numbers_come_in_the_requests_language(staff, own):
    doctor = staff("doctor", OWN)
    response = doctor.post(f"{API}/doctor/assessments/{own}/follow-ups?lang=zh-CN",
                           json={**FOLLOW_UP, "note": "长" * 2001})
    message = response.json["error"]["details"]["note"][0]
    assert response.status_code == 422 and message == "请填写 0 到 2000 个字符。"
    response = doctor.get(f"{API}/doctor/worklist?per_page=500&lang=zh-CN")
    assert response.json["error"]["details"]["per_page"][0] == "请填写 1 到 100 之间的数值。"
    response = doctor.get(f"{API}/doctor/worklist?state=gone&lang=zh-CN")
    assert response.json["error"]["details"]["state"][0].startswith("请从以下选项中选择：")


def test_the_detail_names_symptoms_as_a_doctor_does(client, staff, new_client_id):
    red = submit(client, shared_woman(current_symptoms=["jaundice"]), new_client_id)
    body = staff("doctor", OWN).get(f"{API}/doctor/assessments/{red['assessment_id']}").json
    assert body["reported_symptoms"] == [{"code": "jaundice", "text": "黄疸（皮肤或巩膜发黄）"}]


# --- find and link people --------------------------------------------------------------------

def test_repeat_submissions_of_one_person_are_one_row_with_a_history(app, client, staff,
                                                                     new_client_id):
    first = submit(client, shared_woman(), new_client_id)["assessment_id"]
    second = submit(client, shared_woman(contact_phone="139 0013 9000"), new_client_id)
    latest = submit(client, shared_woman(contact_name="李 秀英"), new_client_id)["assessment_id"]
    other_year = submit(client, shared_woman(birth_year=date.today().year - 60),
                        new_client_id)["assessment_id"]  # another person: another birth year
    doctor = staff("doctor", OWN)
    body = doctor.get(f"{API}/doctor/worklist").json
    assert sorted(i["assessment_id"] for i in body["items"]) == sorted([latest, other_year])
    assert body["counts"]["screening"] == 2
    earlier = doctor.get(f"{API}/doctor/assessments/{latest}").json["earlier"]
    assert [e["assessment_id"] for e in earlier] == [second["assessment_id"], first]
    with app.app_context():
        keys = [r.person_key for r in db.session.scalars(select(QueueItem))]
        assert all(k and "李" not in k and "139" not in k for k in keys)


def test_search_by_name_phone_or_result_number(client, staff, new_client_id):
    woman = submit(client, shared_woman(), new_client_id)["assessment_id"]
    man = submit(client, man_62_smoker(centre=OWN), new_client_id)["assessment_id"]
    doctor = staff("doctor", OWN)
    for text in ("李秀英", " 李秀英 ", "13900139000", "+86 139-0013-9000", woman[:8],
                 woman.upper()):
        assert queue_ids(doctor, f"q={quote(text)}") == [woman], repr(text)
    assert queue_ids(doctor, "q=王建国") == [man]
    assert queue_ids(doctor, "q=李") == []  # whole names only: the names are not stored in clear
    doctor.post(f"{API}/doctor/assessments/{woman}/follow-ups", json={"status": "declined"})
    assert queue_ids(doctor, "q=李秀英") == [woman]  # closed items are found too
    other = staff("doctor", OTHER)
    assert queue_ids(other, "q=李秀英") == [] and queue_ids(other, f"q={woman[:8]}") == []


def test_the_audit_of_a_search_keeps_neither_the_text_nor_the_filters(app, staff, own):
    doctor = staff("doctor", OWN)
    doctor.get(f"{API}/doctor/worklist?q=李秀英&cancer=breast&band=high")
    details = audit_actions(app, "worklist.read")[-1][3]
    assert "李秀英" not in str(details) and "breast" not in str(details)
    assert details == {"per_page": 25, "count": 1}  # keyset pages: no page number
    assert listed_in(app, logged_ids(app, "worklist.read")[-1]) == [own]


def test_a_worklist_page_and_an_export_are_in_each_listed_residents_trail(client, staff, own,
                                                                          new_client_id):
    other = submit(client, man_62_smoker(centre=OWN), new_client_id)["assessment_id"]
    doctor = staff("doctor", OWN)
    doctor.get(f"{API}/doctor/worklist?per_page=1")  # lists only the first of the two
    doctor.get(f"{API}/doctor/worklist.csv").get_data()  # residents are linked as sent
    admin = staff("admin")
    for assessment_id in (own, other):
        trail = admin.get(f"{API}/admin/audit?assessment_id={assessment_id}").json["items"]
        assert "export.csv" in [i["action"] for i in trail]
    first = doctor.get(f"{API}/doctor/worklist?per_page=1").json["items"][0]["assessment_id"]
    second = other if first == own else own
    assert [i["action"] for i in admin.get(
        f"{API}/admin/audit?assessment_id={first}").json["items"]].count("worklist.read") == 2
    assert "worklist.read" not in [i["action"] for i in admin.get(
        f"{API}/admin/audit?assessment_id={second}").json["items"]]
    partial = doctor.user["username"][2:6]
    assert admin.get(f"{API}/admin/audit?username={partial}").json["total"] >= 3
