"""The content API: the residents' library, and the advice linked from an assessment result."""
from __future__ import annotations

import re

import pytest

from answer_sets import man_62_smoker, submission, woman_58
from backend.content import service
from backend.content.starter import load_starter_library

CJK = re.compile(r"[\u4e00-\u9fff]")
EDITOR = service.Author("editor-1", "Editor One")
STARTER_COUNT = 22


@pytest.fixture
def library(app, client):
    """The starter library, loaded as `flask seed` does."""
    with app.app_context():
        load_starter_library()
    return client


def half_translated(app, slug="zh-only", publish=True):
    """An article complete in Chinese, with only an English title: never shown in English."""
    content = {"kind": "general", "targeting": {}, "sources": [],
               "texts": {"zh-CN": {"title": "只有中文", "summary": "摘要", "body": "## 标题\n正文"},
                         "en": {"title": "Only a title", "summary": "", "body": ""}}}
    with app.app_context():
        service.create_article(slug, content, EDITOR)
        if publish:
            service.publish_article(slug, EDITOR)


def assess(client, answers, lang="zh-CN", client_id=None):
    import uuid

    response = client.post(f"/api/v1/assessments?lang={lang}",
                           json=submission(answers, client_id or str(uuid.uuid4())))
    assert response.status_code == 201, response.json
    return response.json


def test_published_library_in_each_language(library):
    chinese = library.get("/api/v1/content/published?lang=zh-CN")
    english = library.get("/api/v1/content/published", headers={"Accept-Language": "en-GB,en"})
    assert chinese.status_code == english.status_code == 200
    assert len(chinese.json) == len(english.json) == STARTER_COUNT
    for item in chinese.json:
        assert item["language"] == "zh-CN" and CJK.search(item["title"] + item["summary"])
        assert "<h2>" in item["html"] and "<script" not in item["html"]
    for item in english.json:
        assert item["language"] == "en" and not CJK.search(item["title"] + item["html"])
    assert {i["slug"] for i in chinese.json} == {i["slug"] for i in english.json}


def test_one_published_article(library):
    response = library.get("/api/v1/content/published/hepatitis-b?lang=en")
    assert response.status_code == 200
    assert response.json["title"].startswith("Hepatitis B") and response.json["version"] == 1
    assert library.get("/api/v1/content/published/no-such-article?lang=en").status_code == 404


def test_library_revalidates_with_an_etag_for_offline_copies(library):
    first = library.get("/api/v1/content/published?lang=en&v=123")
    assert first.headers["ETag"] and "no-cache" in first.headers["Cache-Control"]
    again = library.get("/api/v1/content/published?lang=en",
                        headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    other = library.get("/api/v1/content/published?lang=zh-CN",
                        headers={"If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200


def test_half_translated_articles_are_never_shown_in_the_missing_language(app, library):
    half_translated(app)
    chinese = {i["slug"] for i in library.get("/api/v1/content/published?lang=zh-CN").json}
    english = {i["slug"] for i in library.get("/api/v1/content/published?lang=en").json}
    assert "zh-only" in chinese and "zh-only" not in english
    missing = library.get("/api/v1/content/published/zh-only?lang=en")
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"
    result = assess(library, woman_58(), lang="en")
    assert "zh-only" not in [a["slug"] for a in result["articles"]]
    result = assess(library, woman_58())
    assert "zh-only" in [a["slug"] for a in result["articles"]]


def test_drafts_and_unpublished_articles_are_not_listed(app, library):
    half_translated(app, "draft-one", publish=False)
    with app.app_context():
        service.unpublish_article("quit-smoking", EDITOR)
    slugs = {i["slug"] for i in library.get("/api/v1/content/published?lang=zh-CN").json}
    assert "draft-one" not in slugs and "quit-smoking" not in slugs
    assert library.get("/api/v1/content/published/quit-smoking").status_code == 404
    result = assess(library, man_62_smoker(), lang="en")
    assert "quit-smoking" not in [a["slug"] for a in result["articles"]]


def test_language_tags_are_understood_as_everywhere_in_the_api(library):
    assert library.get("/api/v1/content/published?lang=en-GB").json[0]["language"] == "en"
    assert library.get("/api/v1/content/published?lang=zh").json[0]["language"] == "zh-CN"
    assert library.get("/api/v1/content/published?lang=fr").json[0]["language"] == "zh-CN"


def test_woman_58_gets_breast_screening_first_then_her_high_risk(library):
    result = assess(library, woman_58())
    slugs = [a["slug"] for a in result["articles"]]
    assert slugs[:2] == ["breast-screening", "high-risk-result"]
    # She does not know her H. pylori status: the test-me article; general prevention last.
    assert "h-pylori" in slugs and slugs.index("h-pylori") < slugs.index("lower-your-cancer-risk")
    assert "red-flag-symptoms" in slugs and "low-dose-ct" not in slugs
    assert "quit-smoking" not in slugs and "hepatitis-b" not in slugs  # never smoked, HBsAg negative
    assert len(slugs) == len(set(slugs))
    for item in result["articles"]:
        # the result lists the articles; each body is the library's, the same for everyone
        assert set(item) == {"slug", "title", "summary"}
        assert CJK.search(item["title"]) and CJK.search(item["summary"])
        body = library.get(f"/api/v1/content/published/{item['slug']}?lang=zh-CN").json
        assert body["title"] == item["title"] and "<h2>" in body["html"]


@pytest.mark.parametrize("symptom", [{"breast_symptoms": "yes"}, {"current_symptoms": ["weight_loss"]}])
def test_a_reported_symptom_puts_the_red_flag_article_first(library, symptom):
    result = assess(library, woman_58(**symptom), lang="en")
    slugs = [a["slug"] for a in result["articles"]]
    assert slugs[:2] == ["red-flag-symptoms", "high-risk-result"]
    # a symptom pointing at breast cancer: the doctor decides the tests, no screening article
    assert "breast-screening" not in slugs
    assert len(slugs) == len(set(slugs))
    assert result["articles"][0]["title"] == "Symptoms that need a doctor soon"


def test_man_62_smoker_gets_ct_then_quitting_before_general_advice(library):
    result = assess(library, man_62_smoker(), lang="en")
    slugs = [a["slug"] for a in result["articles"]]
    assert slugs[0] == "low-dose-ct" and "breast-screening" not in slugs
    assert slugs.index("high-risk-result") < slugs.index("quit-smoking") < \
        slugs.index("lower-your-cancer-risk")
    assert {"alcohol", "hot-food-and-drink", "salt-and-pickled-food", "physical-activity"} <= set(slugs)
    assert not CJK.search(" ".join(a["title"] + a["summary"] for a in result["articles"]))


def test_reading_the_result_again_in_the_other_language_gives_its_articles(library):
    created = assess(library, woman_58())
    again = library.get(f"/api/v1/assessments/{created['assessment_id']}?lang=en",
                        headers={"Authorization": f"Bearer {created['access_token']}"})
    assert again.status_code == 200
    assert [a["slug"] for a in again.json["articles"]] == [a["slug"] for a in created["articles"]]
    assert not CJK.search(again.json["articles"][0]["title"])


def test_results_with_articles_are_exactly_the_documented_schema(library):
    from backend.assessments.schemas import AssessmentResultSchema

    body = assess(library, woman_58(current_symptoms=["jaundice"]))
    assert body["articles"] and AssessmentResultSchema().dump(body) == body


def test_without_published_articles_the_result_has_an_empty_list(client):
    assert assess(client, woman_58())["articles"] == []
