"""Editors and centres: all-of or any-of targeting with a count of whom it reaches, a change
note per version, a warning for markup shown as text, complete active screening centres, and
health centres edited and deactivated on screen and by command line (audited)."""
from __future__ import annotations

import re

from sqlalchemy import select

from answer_sets import man_62_smoker, submission, woman_58
from backend.accounts.tables import AuditRecord
from backend.centres.tables import HealthCentre
from backend.extensions import db

API = "/api/v1"
CJK = re.compile(r"[\u4e00-\u9fff]")
BREAST_OR_CT = {"cancers": ["breast"], "tests": ["ldct"]}


def put(staff_client, url, body):
    return staff_client.client.put(url, json=body, headers={"X-CSRFToken": staff_client.csrf})


def article(slug="breast-and-ct", note="", **targeting):
    return {"slug": slug, "kind": "result", "note": note,
            "targeting": {**BREAST_OR_CT, **targeting}, "sources": [],
            "texts": {"zh-CN": {"title": "检查", "summary": "说明。", "body": "正文。"},
                      "en": {"title": "Tests", "summary": "About.", "body": "Body."}}}


def test_targeting_is_any_of_or_all_of_and_previews_its_reach(client, staff, new_client_id):
    for answers in (woman_58(), man_62_smoker()):  # breast high risk; a smoker sent for CT
        assert client.post(f"{API}/assessments",
                           json=submission(answers, new_client_id())).status_code == 201
    editor = staff("editor", username="editor-zhang")
    url = f"{API}/content/targeting/reach"
    any_of = editor.post(url, json={"kind": "result", "targeting": BREAST_OR_CT}).json
    all_of = editor.post(url, json={"kind": "result",
                                    "targeting": {**BREAST_OR_CT, "match": "all"}}).json
    assert any_of == {"count": 2, "considered": 2, "total": 2}
    assert all_of["count"] == 0  # nobody is both at high risk of breast cancer and sent for CT
    narrowed = editor.post(url, json={"kind": "result", "targeting": {
        "cancers": ["breast"], "sexes": ["female"], "match": "all"}}).json
    assert narrowed["count"] == 1
    assert str(any_of).isascii()  # a count, nothing personal
    bad = editor.post(f"{url}?lang=zh-CN", json={"kind": "result",
                                                 "targeting": {"match": "most"}})
    assert bad.status_code == 422 and CJK.search(str(bad.json["error"]["details"]))
    saved = editor.post(f"{API}/content/articles", json=article(match="all")).json
    assert saved["targeting"]["match"] == "all"


def test_all_of_articles_reach_only_residents_meeting_every_list(app, client, staff,
                                                                 new_client_id):
    editor = staff("editor", username="editor-zhang")
    for slug, match in (("either", "any"), ("both", "all")):
        editor.post(f"{API}/content/articles", json=article(slug, match=match))
        editor.post(f"{API}/content/articles/{slug}/publish", json={})
    woman = client.post(f"{API}/assessments?lang=en",
                        json=submission(woman_58(), new_client_id())).json
    slugs = [a["slug"] for a in woman["articles"]]
    assert "either" in slugs and "both" not in slugs


def test_each_version_keeps_its_change_note_shown_in_history(staff):
    editor = staff("editor", username="editor-zhang")
    editor.post(f"{API}/content/articles", json=article(note="初稿"))
    body = {k: v for k, v in article(note="按2024年指南更新筛查年龄").items() if k != "slug"}
    assert put(editor, f"{API}/content/articles/breast-and-ct",
               {**body, "base_version": 1}).status_code == 201
    editor.post(f"{API}/content/articles/breast-and-ct/rollback",
                json={"version": 1, "note": "撤回：来源有误"})
    history = editor.get(f"{API}/content/articles/breast-and-ct/versions").json
    assert [v["note"] for v in history["versions"]] == ["撤回：来源有误", "按2024年指南更新筛查年龄",
                                                       "初稿"]


def test_markup_that_residents_would_see_as_text_is_warned_about(staff):
    editor = staff("editor", username="editor-zhang")
    hostile = article()
    hostile["texts"]["zh-CN"]["body"] = "请<b>尽快</b>检查。<script>alert(1)</script>"
    saved = editor.post(f"{API}/content/articles?lang=zh-CN", json=hostile).json
    assert list(saved["warnings"]) == ["texts.zh-CN.body"]
    assert "Markdown" in saved["warnings"]["texts.zh-CN.body"]
    assert CJK.search(saved["warnings"]["texts.zh-CN.body"])
    clean = editor.post(f"{API}/content/articles", json=article("plain")).json
    assert clean["warnings"] == {}


def test_an_active_screening_centre_needs_an_address_a_phone_and_a_test(staff):
    editor = staff("editor", username="editor-zhang")
    bare = {"code": "SC-NEW", "name_zh": "新筛查中心", "name_en": "New screening centre"}
    refused = editor.post(f"{API}/content/screening-centres?lang=zh-CN", json=bare)
    assert refused.status_code == 422
    assert set(refused.json["error"]["details"]) == {"address_zh", "phone", "tests"}
    assert all(CJK.search(m[0]) for m in refused.json["error"]["details"].values())
    assert editor.post(f"{API}/content/screening-centres",
                       json={**bare, "active": False}).status_code == 201  # a draft may wait
    complete = {k: v for k, v in bare.items() if k != "code"} | {
        "address_zh": "人民路1号", "phone": "0571-88880000", "tests": ["ldct"], "active": True}
    assert put(editor, f"{API}/content/screening-centres/SC-NEW", complete).status_code == 200
    emptied = put(editor, f"{API}/content/screening-centres/SC-NEW", {**complete, "tests": []})
    assert emptied.status_code == 422 and list(emptied.json["error"]["details"]) == ["tests"]


def test_admins_edit_and_deactivate_health_centres_and_it_is_audited(app, client, staff):
    admin = staff("admin")
    url = f"{API}/admin/centres/DEMO-HC-02"
    changed = admin.patch(url, json={"name_zh": "城东街道社区卫生服务中心", "phone": "0571-1234567"})
    assert changed.status_code == 200 and changed.json["phone"] == "0571-1234567"
    assert admin.patch(url, json={"active": False}).json["active"] is False
    public = client.get(f"{API}/centres").json
    assert "DEMO-HC-02" not in str(public)  # residents can no longer choose it
    assert admin.patch(f"{API}/admin/centres/NOPE?lang=zh-CN", json={}).status_code == 404
    assert staff("doctor", "DEMO-HC-01").patch(url, json={"active": True}).status_code == 403
    with app.app_context():
        logged = [(r.action, r.details) for r in db.session.scalars(
            select(AuditRecord).where(AuditRecord.action.like("centre.%")))]
    assert logged == [("centre.update", {"code": "DEMO-HC-02", "fields": "name_zh,phone"}),
                      ("centre.deactivate", {"code": "DEMO-HC-02", "fields": "active"})]


def test_the_command_line_edits_and_deactivates_health_centres(app, clean_db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["centres", "update", "--code", "DEMO-HC-01", "--phone",
                                 "0571-7654321", "--inactive"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        centre = db.session.get(HealthCentre, "DEMO-HC-01")
        assert centre.phone == "0571-7654321" and centre.active is False
        assert db.session.scalar(select(AuditRecord.username).where(
            AuditRecord.action == "centre.deactivate")) == "cli"
    assert runner.invoke(args=["centres", "update", "--code", "DEMO-HC-01"]).exit_code != 0
    assert runner.invoke(args=["centres", "update", "--code", "NOPE", "--active"]).exit_code != 0
