"""The editors' workspace over HTTP: who may use it, and the whole loop from a draft to a
resident's result and back (write, preview, publish, match, roll back, unpublish)."""
from __future__ import annotations

import uuid

import pytest

from answer_sets import man_62_smoker, submission, woman_58
from backend.content.starter import load_starter_library

ARTICLES = "/api/v1/content/articles"
CENTRES = "/api/v1/content/screening-centres"


@pytest.fixture
def editor(staff):
    """An editor's signed-in client (the accounts feature's ``staff`` fixture)."""
    return staff("editor", username="editor-zhang")


def put(staff_client, url, body):
    """PUT with the session's CSRF token (StaffClient has post, patch and delete only)."""
    return staff_client.client.put(url, json=body, headers={"X-CSRFToken": staff_client.csrf})


def content(**changes):
    """What a save sends: the draft without its slug (the slug is in the address)."""
    return {k: v for k, v in draft(**changes).items() if k != "slug"}


def draft(slug="eat-more-fibre", **changes):
    body = {"slug": slug, "kind": "factor",
            "targeting": {"factors": ["processed_meat:yes", "physically_inactive:yes"]},
            "sources": [{"title": "Dietary Guidelines for Chinese Residents (2022)",
                         "publisher": "Chinese Nutrition Society", "url": "https://example.org/g"}],
            "texts": {"zh-CN": {"title": "多吃粗粮", "summary": "膳食纤维有益肠道。",
                                "body": "## 为什么\n粗粮含**膳食纤维**。\n\n- 燕麦\n- 糙米"},
                      "en": {"title": "Eat more fibre", "summary": "Fibre is good for the bowel.",
                             "body": "## Why\nWhole grains have **fibre**.\n\n- oats\n- brown rice"}}}
    return {**body, **changes}


def submit(client, answers, lang="en"):
    response = client.post(f"/api/v1/assessments?lang={lang}",
                           json=submission(answers, str(uuid.uuid4())))
    assert response.status_code == 201, response.json
    return [a["slug"] for a in response.json["articles"]]


ENDPOINTS = [
    ("get", ARTICLES, None), ("post", ARTICLES, draft()),
    ("get", "/api/v1/content/targeting", None),
    ("get", f"{ARTICLES}/quit-smoking", None), ("put", f"{ARTICLES}/quit-smoking", content()),
    ("get", f"{ARTICLES}/quit-smoking/preview?lang=en", None),
    ("post", f"{ARTICLES}/quit-smoking/publish", {}), ("post", f"{ARTICLES}/quit-smoking/unpublish", {}),
    ("get", f"{ARTICLES}/quit-smoking/versions", None),
    ("get", f"{ARTICLES}/quit-smoking/versions/1", None),
    ("get", f"{ARTICLES}/quit-smoking/diff?from=1&to=1", None),
    ("post", f"{ARTICLES}/quit-smoking/rollback", {"version": 1}),
    ("get", CENTRES, None), ("post", CENTRES, {"code": "X", "name_zh": "甲", "name_en": "A"}),
    ("put", f"{CENTRES}/DEMO-SC-01", {"name_zh": "甲", "name_en": "A"}),
    ("post", "/api/v1/content/targeting/reach", {"kind": "general", "targeting": {}}),
]


@pytest.mark.parametrize("method, url, body", ENDPOINTS)
@pytest.mark.parametrize("role, status", [(None, 401), ("doctor", 403)])
def test_only_editors_may_use_the_workspace(app, client, staff, method, url, body, role, status):
    with app.app_context():
        load_starter_library()
    signed_in = staff(role, "DEMO-HC-01") if role else None
    http = signed_in.client if role else client
    headers = {"X-CSRFToken": signed_in.csrf} if role else {}
    response = getattr(http, method)(url, json=body, headers=headers) if body is not None \
        else getattr(http, method)(url, headers=headers)
    assert response.status_code == status, response.json
    assert response.json["error"]["code"] in ("unauthorized", "forbidden")


def test_writes_need_the_csrf_token(editor):
    assert editor.post(ARTICLES, json=draft(), csrf=False).status_code == 403
    assert editor.post(ARTICLES, json=draft()).status_code == 201


def test_admins_may_edit_too(staff):
    assert staff("admin").post(ARTICLES, json=draft()).status_code == 201


def test_the_whole_loop_from_draft_to_a_residents_result_and_back(app, client, editor):
    created = editor.post(ARTICLES, json=draft())
    assert created.status_code == 201, created.json
    assert created.json["number"] == 1 and created.json["author"] == {"id": str(editor.user["id"]), "name": "Dr editor-zhang"}
    assert created.json["article"]["status"] == "draft"
    assert "eat-more-fibre" not in submit(client, man_62_smoker())

    preview = editor.get(f"{ARTICLES}/eat-more-fibre/preview?lang=zh-CN").json
    assert preview["title"] == "多吃粗粮" and "<strong>膳食纤维</strong>" in preview["html"]
    assert preview["missing_translations"] == []

    published = editor.post(f"{ARTICLES}/eat-more-fibre/publish", json={})
    assert published.json["status"] == "published" and published.json["published_version"] == 1
    assert "eat-more-fibre" in submit(client, man_62_smoker())          # inactive, so it matches
    assert "eat-more-fibre" not in submit(client, woman_58())            # she exercises

    edited = content(texts={**draft()["texts"], "en": {**draft()["texts"]["en"], "title": "Fibre!"}})
    saved = put(editor, f"{ARTICLES}/eat-more-fibre", {**edited, "base_version": 1})
    assert saved.status_code == 201 and saved.json["number"] == 2
    assert saved.json["article"]["unpublished_changes"] is True
    library = client.get("/api/v1/content/published/eat-more-fibre?lang=en").json
    assert library["title"] == "Eat more fibre"                           # still version 1
    editor.post(f"{ARTICLES}/eat-more-fibre/publish", json={})
    assert client.get("/api/v1/content/published/eat-more-fibre?lang=en").json["title"] == "Fibre!"

    diff = editor.get(f"{ARTICLES}/eat-more-fibre/diff?from=1&to=2").json
    assert [c["field"] for c in diff["changes"]] == ["title.en"]
    assert "-Eat more fibre" in diff["changes"][0]["diff"] and "+Fibre!" in diff["changes"][0]["diff"]

    rolled = editor.post(f"{ARTICLES}/eat-more-fibre/rollback", json={"version": 1})
    assert rolled.status_code == 201 and rolled.json["restored_from"] == 1
    assert client.get("/api/v1/content/published/eat-more-fibre?lang=en").json["title"] == "Eat more fibre"
    history = editor.get(f"{ARTICLES}/eat-more-fibre/versions").json
    assert [v["number"] for v in history["versions"]] == [3, 2, 1]
    assert [v["published"] for v in history["versions"]] == [True, False, False]

    editor.post(f"{ARTICLES}/eat-more-fibre/unpublish", json={})
    assert client.get("/api/v1/content/published/eat-more-fibre?lang=en").status_code == 404
    assert "eat-more-fibre" not in submit(client, man_62_smoker())


def test_a_published_article_missing_a_translation_is_flagged_and_hidden(client, editor):
    texts = {**draft()["texts"], "en": {"title": "Fibre", "summary": "", "body": ""}}
    editor.post(ARTICLES, json=draft(texts=texts))
    editor.post(f"{ARTICLES}/eat-more-fibre/publish", json={})
    [item] = [a for a in editor.get(ARTICLES).json if a["slug"] == "eat-more-fibre"]
    assert item["missing_translations"] == ["en"] and item["status"] == "published"
    assert item["title"] == {"zh-CN": "多吃粗粮", "en": "Fibre"}
    assert client.get("/api/v1/content/published/eat-more-fibre?lang=en").status_code == 404
    assert "eat-more-fibre" not in submit(client, man_62_smoker(), lang="en")
    assert "eat-more-fibre" in submit(client, man_62_smoker(), lang="zh-CN")


def test_bad_articles_are_422_with_a_reason_per_field(client, editor):
    bad = editor.post(ARTICLES, json=draft(targeting={"factors": ["smoking:sometimes"]}))
    assert bad.status_code == 422 and "factors" in bad.json["error"]["details"]
    slug = editor.post(ARTICLES, json=draft(slug="Not A Slug"))
    assert slug.status_code == 422 and "slug" in slug.json["error"]["details"]
    editor.post(ARTICLES, json=draft())
    assert editor.post(ARTICLES, json=draft()).status_code == 409
    stale = put(editor, f"{ARTICLES}/eat-more-fibre", {**content(), "base_version": 0})
    assert stale.status_code == 409 and stale.json["error"]["details"] == {"latest_version": 1}


def test_script_in_an_article_never_reaches_a_resident(client, editor):
    texts = {language: {**t, "body": t["body"] + "\n\n<script>alert(1)</script>[x](javascript:alert(1))"}
             for language, t in draft()["texts"].items()}
    editor.post(ARTICLES, json=draft(texts=texts))
    html = editor.get(f"{ARTICLES}/eat-more-fibre/preview?lang=en").json["html"]
    assert "<script" not in html and 'href="javascript' not in html


def test_editors_keep_the_screening_centres_that_referrals_use(client, editor):
    centre = {"code": "DEMO-SC-09", "name_zh": "示范肿瘤医院", "name_en": "Demo Cancer Hospital",
              "address_zh": "示范路1号", "address_en": "1 Demo Road", "district": "Demo",
              "tests": ["breast_ultrasound", "mammography"], "phone": "010-1234",
              "hours_zh": "周一至周五", "hours_en": "Mon-Fri"}
    created = editor.post(CENTRES, json=centre)
    assert created.status_code == 201 and created.json["active"] is True
    assert editor.post(CENTRES, json=centre).status_code == 409
    result = client.post("/api/v1/assessments?lang=en", json=submission(woman_58(), str(uuid.uuid4()))).json
    breast = next(c for c in result["cancers"] if c["cancer"] == "breast")
    assert "DEMO-SC-09" in {c["code"] for c in breast["referral"]["centres"]}

    update = {k: v for k, v in centre.items() if k != "code"}
    closed = put(editor, f"{CENTRES}/DEMO-SC-09", {**update, "active": False})
    assert closed.status_code == 200 and closed.json["active"] is False
    listed = {c["code"]: c for c in editor.get(CENTRES).json}
    assert listed["DEMO-SC-09"]["active"] is False
    public = {c["code"] for c in client.get("/api/v1/screening-centres").json}
    assert "DEMO-SC-09" not in public
    assert put(editor, f"{CENTRES}/NOPE", update).status_code == 404
    assert editor.post(CENTRES, json={**centre, "code": "X2", "tests": ["tarot"]}).status_code == 422


def test_every_editor_endpoint_documents_401_and_403(client):
    spec = client.get("/api/openapi.json").json
    editor_paths = {path: ops for path, ops in spec["paths"].items()
                    if path.startswith(("/api/v1/content/articles", "/api/v1/content/screening-centres",
                                        "/api/v1/content/targeting"))}
    operations = [(path, method, op) for path, ops in editor_paths.items()
                  for method, op in ops.items() if method in ("get", "post", "put")]
    assert len(operations) == len(ENDPOINTS)
    for path, method, op in operations:
        assert {"401", "403"} <= set(op["responses"]), (method, path)
        schema = op["responses"]["401"]["content"]["application/json"]["schema"]["$ref"]
        assert schema.endswith("/Error")  # the API's one error shape
    published = spec["paths"]["/api/v1/content/published"]["get"]["responses"]
    assert "401" not in published  # residents' library is public


def test_targeting_options_name_every_code_the_api_accepts(editor):
    from backend.content.service import factor_levels

    en = editor.get("/api/v1/content/targeting?lang=en").json
    zh = editor.get("/api/v1/content/targeting?lang=zh-CN").json
    assert [c["code"] for c in en["cancers"]] == ["lung", "breast", "liver", "upper_gi", "colorectal"]
    assert {f["code"]: {lv["code"] for lv in f["levels"]} for f in en["factors"]} == \
        {factor: set(levels) for factor, levels in factor_levels().items()}
    smoking = next(f for f in en["factors"] if f["code"] == "smoking")
    assert smoking["cancers"] == ["lung"]
    assert smoking["levels"][-1] == {"code": "unknown", "label": "Not known (never tested, or not sure)"}
    hbv_zh = next(f for f in zh["factors"] if f["code"] == "hbv")
    assert "乙" in hbv_zh["label"]
    for options in (en, zh):
        labels = [o["label"] for key in ("kinds", "cancers", "bands", "tests", "sexes", "findings")
                  for o in options[key]] + [f["label"] for f in options["factors"]] + \
            [lv["label"] for f in options["factors"] for lv in f["levels"]]
        assert all(labels) and not any(label.startswith(("smoking", "hbv")) for label in labels)
    han = [label for f in zh["factors"] for label in [f["label"]] + [lv["label"] for lv in f["levels"]]
           if not any("\u4e00" <= ch <= "\u9fff" for ch in label)]
    assert not han, f"untranslated in zh: {han}"


def test_a_resident_with_a_tumour_marker_above_the_limit_gets_the_marker_article(app, client):
    with app.app_context():
        load_starter_library()
    high = woman_58(tumour_markers_done="yes", marker_afp_value=40, marker_afp_limit=20)
    assert submit(client, high)[0] == "tumour-markers"
    assert "tumour-markers" not in submit(client, woman_58())
