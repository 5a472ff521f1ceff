"""The audit log answers "who saw this resident": sign-ins, admin and editor actions, pages
and exports in each listed resident's trail, China time, partial search, CSV; no health data,
before or after a resident's erasure. And no silent impersonation: a password an admin set is
one-time, and its owner is told who set it."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

from sqlalchemy import func, select

from answer_sets import submission, woman_58
from backend.accounts import audit
from backend.accounts.staff import Staff
from backend.accounts.tables import AuditRecord, AuditSubject
from backend.extensions import db

API = "/api/v1"
OWN = "DEMO-HC-01"
CJK = re.compile(r"[\u4e00-\u9fff]")
NAME, PHONE, NOTE = "李秀英", "13900139000", "家属说她有乳房肿块"
PASSWORD = "correct horse battery staple"


def shared(client, new_client_id, phone=PHONE):
    """A resident who shares with DEMO-HC-01: (assessment id, access token)."""
    answers = woman_58(centre=OWN, share_with_doctor="yes", contact_name=NAME,
                       contact_phone=phone)
    created = client.post(f"{API}/assessments", json=submission(answers, new_client_id()))
    assert created.status_code == 201, created.json
    return created.json["assessment_id"], created.json["access_token"]


def actions(app, prefix=""):
    with app.app_context():
        return [(r.username, r.action, r.details) for r in db.session.scalars(
            select(AuditRecord).where(AuditRecord.action.startswith(prefix))
            .order_by(AuditRecord.id))]


def whole_log(app) -> str:
    """Every stored audit row and link, as text."""
    with app.app_context():
        rows = db.session.execute(select(AuditRecord)).scalars()
        text = [json.dumps({c.name: str(getattr(r, c.name)) for c in AuditRecord.__table__.c},
                           ensure_ascii=False) for r in rows]
        text += [f"{s.audit_id} {s.assessment_id}" for s in
                 db.session.scalars(select(AuditSubject))]
    return "\n".join(text)


# --- trails ------------------------------------------------------------------------------------

def test_a_worklist_page_and_an_export_appear_in_each_listed_residents_trail(
        app, client, staff, new_client_id):
    first, _ = shared(client, new_client_id)
    second, _ = shared(client, new_client_id, phone="13700137000")  # another person
    doctor, admin = staff("doctor", OWN), staff("admin")
    assert doctor.get(f"{API}/doctor/worklist").status_code == 200
    export = doctor.get(f"{API}/doctor/worklist.csv")
    assert export.status_code == 200 and export.get_data()  # read: residents are linked as sent
    for assessment_id in (first, second):
        trail = admin.get(f"{API}/admin/audit?assessment_id={assessment_id[:8]}").json["items"]
        assert {"worklist.read", "export.csv"} <= {i["action"] for i in trail}
        assert all(i["username"] == doctor.user["username"] for i in trail)


def test_record_listing_takes_any_iterable_in_chunks_and_links_each_resident_once(app):
    ids = [f"00000000-0000-4000-8000-{n:012d}" for n in range(12_345)]
    with app.app_context():
        actor = Staff(id=None, username="cli", role="doctor", centre_code=OWN)
        entry = audit.record_listing(actor, "export.csv", (i for i in ids), count=len(ids))
        # A streamed export calls add_listed per chunk; an id repeated across chunks is linked
        # once (the pair is the key), not refused.
        assert audit.add_listed(entry.id, iter(ids[:10] + ids[-3:]), chunk=4) == 13
        db.session.commit()
        linked = db.session.scalar(select(func.count()).select_from(AuditSubject).where(
            AuditSubject.audit_id == entry.id))
        assert linked == len(ids)
        assert db.session.get(AuditRecord, entry.id).details == {"count": len(ids)}


# --- sign-ins, admin and editor actions, China time, search, CSV -------------------------------

def test_sign_ins_and_failed_sign_ins_are_recorded_in_china_time(app, client, staff):
    staff("doctor", OWN, username="dr-li")
    client.post(f"{API}/auth/login", json={"username": "dr-li", "password": "wrong password!"})
    client.post(f"{API}/auth/login", json={"username": "nobody-here", "password": "whatever"})
    logged = actions(app, "auth.")
    assert [(u, a) for u, a, _ in logged] == [("dr-li", "auth.sign_in"),
                                             ("dr-li", "auth.sign_in_failed"),
                                             ("nobody-here", "auth.sign_in_failed")]
    items = staff("admin").get(f"{API}/admin/audit?action=auth&username=dr-").json["items"]
    assert [i["action"] for i in items] == ["auth.sign_in_failed", "auth.sign_in"]
    assert all(i["at"].endswith("+08:00") for i in items)
    assert "wrong password" not in whole_log(app)


def test_admin_actions_are_recorded_with_ids_not_secrets(app, staff):
    admin = staff("admin")
    centre = {"code": "HC-0201", "name_zh": "南湖社区卫生服务中心", "name_en": "Nanhu CHC"}
    assert admin.post(f"{API}/admin/centres", json=centre).status_code == 201
    created = admin.post(f"{API}/admin/accounts", json={
        "username": "dr.nan", "password": "first password 123", "role": "doctor",
        "centre": OWN, "display_name": "南医生"}).json
    url = f"{API}/admin/accounts/{created['id']}"
    assert admin.patch(url, json={"password": "second password 456"}).status_code == 200
    assert admin.patch(url, json={"centre": "HC-0201"}).status_code == 200
    assert admin.patch(url, json={"active": False}).status_code == 200
    assert admin.patch(url, json={"active": True}).status_code == 200
    logged = [(a, d) for _, a, d in actions(app) if not a.startswith("auth.")]
    assert [a for a, _ in logged] == ["centre.create", "account.create", "account.password_reset",
                                      "account.move", "account.deactivate",
                                      "account.reactivate"]
    assert logged[3][1] == {"user_id": created["id"], "account": "dr.nan",
                            "centre_from": OWN, "centre_to": "HC-0201"}
    assert "password 123" not in whole_log(app) and "password 456" not in whole_log(app)
    family = admin.get(f"{API}/admin/audit?action=account&lang=zh-CN").json
    assert family["total"] == 5 and family["items"][0]["action_text"] == "重新启用账号"


def test_publishing_and_rolling_back_an_article_are_recorded(app, staff):
    editor = staff("editor", username="editor-zhang")
    body = {"slug": "move-more", "kind": "general", "targeting": {}, "sources": [],
            "texts": {"zh-CN": {"title": "多运动", "summary": "每天走路。", "body": "每天走三十分钟。"},
                      "en": {"title": "Move more", "summary": "Walk daily.",
                             "body": "Walk thirty minutes a day."}}}
    assert editor.post(f"{API}/content/articles", json=body).status_code == 201
    assert editor.post(f"{API}/content/articles/move-more/publish", json={}).status_code == 200
    assert editor.post(f"{API}/content/articles/move-more/rollback",
                       json={"version": 1}).status_code == 201
    logged = [(a, d) for _, a, d in actions(app, "article.")]
    assert logged == [("article.create", {"slug": "move-more", "version": 1}),
                      ("article.publish", {"slug": "move-more", "version": 1}),
                      ("article.rollback", {"slug": "move-more", "version": 2,
                                            "restored_from": 1})]


def test_the_audit_log_exports_as_csv_in_china_time_and_the_export_is_recorded(app, staff):
    staff("doctor", OWN, username="dr-csv")
    admin = staff("admin")
    response = admin.get(f"{API}/admin/audit.csv?username=csv&lang=zh-CN")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f"audit-{date.today().isoformat()}.csv" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "时间（北京时间）" and all(CJK.search(h) for h in rows[0])
    assert [(r[1], r[4]) for r in rows[1:]] == [("dr-csv", "登录")]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", rows[1][0])
    assert [a for _, a, _ in actions(app, "audit.")] == ["audit.export"]
    assert staff("doctor", OWN).get(f"{API}/admin/audit.csv").status_code == 403


# --- erasure -----------------------------------------------------------------------------------

def test_a_residents_erasure_leaves_no_health_data_in_the_audit(app, client, staff,
                                                                new_client_id):
    assessment_id, token = shared(client, new_client_id)
    doctor = staff("doctor", OWN)
    url = f"{API}/doctor/assessments/{assessment_id}"
    doctor.get(f"{API}/doctor/worklist?q={NAME}&cancer=breast&band=high")
    doctor.get(url)
    doctor.post(f"{url}/markers", json={"marker": "CA15_3", "value": 987.5})
    doctor.post(f"{url}/follow-ups", json={"status": "screened", "note": NOTE, "outcomes": [
        {"cancer": "breast", "test": "mammography", "date": date.today().isoformat(),
         "finding": "cancer_confirmed"}]})
    doctor.get(f"{API}/doctor/worklist.csv?cancer=breast&state=closed").get_data()
    assert client.delete(f"{API}/assessments/{assessment_id}",
                         headers={"Authorization": f"Bearer {token}"}).status_code == 204
    log = whole_log(app)
    for health_data in (NAME, PHONE, NOTE, "987.5", "breast", "cancer_confirmed",
                        "cancer_found", "mammography", "high", "CA15_3"):
        assert health_data not in log, health_data
    # Who saw the resident stays answerable: the trail is ids and action names.
    trail = staff("admin").get(f"{API}/admin/audit?assessment_id={assessment_id}").json
    assert {i["action"] for i in trail["items"]} == {
        "worklist.read", "assessment.read", "marker.create", "follow_up.create", "export.csv"}


# --- no silent impersonation --------------------------------------------------------------------

def test_an_admin_reset_forces_a_change_and_is_shown_to_the_doctor(app, client, staff):
    doctor = staff("doctor", OWN, username="dr-wu")
    admin = staff("admin", username="admin-zhao")
    short = admin.patch(f"{API}/admin/accounts/{doctor.user['id']}?lang=zh-CN",
                        json={"password": "short"})
    assert short.status_code == 422
    assert short.json["error"]["details"]["password"] == ["密码至少要有 10 个字符。"]
    reset = admin.patch(f"{API}/admin/accounts/{doctor.user['id']}",
                        json={"password": "given by the admin 1"})
    assert reset.status_code == 200 and reset.json["must_change_password"] is True
    assert doctor.get(f"{API}/doctor/worklist").status_code == 401  # sessions ended

    signed_in = client.post(f"{API}/auth/login?lang=zh-CN",
                            json={"username": "dr-wu", "password": "given by the admin 1"})
    assert signed_in.status_code == 200
    notice = signed_in.json["password_notice"]
    assert notice["set_by"] == "Dr admin-zhao" and notice["set_by_username"] == "admin-zhao"
    assert notice["set_at"].endswith("+08:00")
    csrf = {"X-CSRFToken": signed_in.json["csrf_token"]}
    blocked = client.get(f"{API}/doctor/worklist?lang=zh-CN")
    assert blocked.status_code == 403
    assert blocked.json["error"]["code"] == "password_change_required"
    assert CJK.search(blocked.json["error"]["message"])
    assert client.get(f"{API}/auth/me").json["password_notice"]["set_by"] == "Dr admin-zhao"
    same = client.post(f"{API}/auth/password?lang=zh-CN", headers=csrf, json={
        "current_password": "given by the admin 1", "new_password": "given by the admin 1"})
    assert same.status_code == 422 and CJK.search(same.json["error"]["details"]["new_password"][0])
    too_short = client.post(f"{API}/auth/password?lang=zh-CN", headers=csrf, json={
        "current_password": "given by the admin 1", "new_password": "abc"})
    assert too_short.json["error"]["details"]["new_password"] == ["密码至少要有 10 个字符。"]
    chosen = client.post(f"{API}/auth/password", headers=csrf, json={
        "current_password": "given by the admin 1", "new_password": "only the doctor knows"})
    assert chosen.status_code == 204
    assert client.get(f"{API}/doctor/worklist").status_code == 200
    assert client.get(f"{API}/auth/me").json["password_notice"] is None
    assert [a for _, a, _ in actions(app) if a.startswith(("account.", "auth.password"))] == [
        "account.password_reset", "auth.password_change"]


def test_an_account_an_admin_creates_must_choose_its_own_password(client, staff):
    admin = staff("admin", username="admin-qian")
    admin.post(f"{API}/admin/accounts", json={"username": "ed.new", "password": "handed over 99",
                                               "role": "editor"})
    signed_in = client.post(f"{API}/auth/login",
                            json={"username": "ed.new", "password": "handed over 99"})
    assert signed_in.json["password_notice"]["set_by_username"] == "admin-qian"
    assert client.get(f"{API}/content/articles").status_code == 403
