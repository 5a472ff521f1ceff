"""The assessment API: submit, retry, read, delete, and every kind of bad request."""
import json
import re

import pytest
from sqlalchemy import func, select

from answer_sets import man_62_smoker, submission, woman_58
from backend.assessments.tables import Assessment
from backend.extensions import db

CJK = re.compile(r"[\u4e00-\u9fff]")
URL = "/api/v1/assessments"


def rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Assessment))


def post(client, body, lang="zh-CN", **kw):
    return client.post(f"{URL}?lang={lang}", json=body, **kw)


def test_woman_58_in_chinese_gets_breast_referral_and_all_four_other_cancers(client, app, new_client_id):
    response = post(client, submission(woman_58(), new_client_id()))
    assert response.status_code == 201, response.json
    result = response.json
    assert response.headers["Location"].endswith(result["assessment_id"])
    assert {c["cancer"] for c in result["cancers"]} == {"lung", "breast", "liver", "upper_gi", "colorectal"}
    breast = next(c for c in result["cancers"] if c["cancer"] == "breast")
    assert breast["status"] == "recommended" and breast["comparison"] == "much_higher"
    assert [r["id"] for r in breast["rules"]] == ["breast.family_or_gene"]
    assert breast["reasons"][0] == {"code": "family_breast_ovarian", "rule": "breast.family_or_gene",
                                    "text": "您告诉我们，您的母亲、姐妹或女儿患过乳腺癌或卵巢癌"}
    assert [t["code"] for t in breast["referral"]["tests"]] == ["breast_ultrasound", "mammography"]
    assert {c["code"] for c in breast["referral"]["centres"]} == {"DEMO-SC-01", "DEMO-SC-02"}
    assert 0 < breast["risk"] < 1 and breast["average_risk"] < breast["risk"]
    assert CJK.search(breast["name"]) and CJK.search(result["disclaimer"])
    assert CJK.search(breast["rules"][0]["text"])
    assert result["next_assessment"]["months"] == 12
    assert result["access_token"] and rows(app) == 1


def test_man_62_smoker_in_english_is_referred_for_low_dose_ct(client, new_client_id):
    response = post(client, submission(man_62_smoker(), new_client_id()), lang="en")
    assert response.status_code == 201, response.json
    result = response.json
    lung = next(c for c in result["cancers"] if c["cancer"] == "lung")
    assert lung["status"] == "recommended" and "lung.heavy_smoking" in [r["id"] for r in lung["rules"]]
    assert lung["comparison_text"] == "Higher than most people of your age and sex"
    assert lung["picture"]["you"] > lung["picture"]["average"]
    assert lung["referral"]["tests"][0]["code"] == "ldct"
    assert lung["raised_by"][0]["factor"] == "smoking"
    assert lung["what_if"] and lung["what_if"][0]["risk"] < lung["risk"]
    assert "breast" not in {c["cancer"] for c in result["cancers"]}
    assert not CJK.search(json.dumps(result, ensure_ascii=False).replace("王建国", ""))
    assert result["shared_with_centre"] == "DEMO-HC-02"


def test_contact_details_are_encrypted_and_kept_out_of_the_answers(client, app, new_client_id):
    post(client, submission(man_62_smoker(), new_client_id()))
    with app.app_context():
        row = db.session.scalar(select(Assessment))
        assert "contact_name" not in row.answers and "contact_phone" not in row.answers
        assert "13800138000" not in (row.contact_phone_enc or "") and row.contact_phone_enc
        from backend.assessments.service import decrypt
        assert decrypt(row.contact_phone_enc) == "13800138000"


def test_retry_with_the_same_client_id_returns_the_stored_result_once(client, app, new_client_id):
    body = submission(woman_58(), new_client_id())
    first = post(client, body)
    again = post(client, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["assessment_id"] == first.json["assessment_id"]
    assert again.json["access_token"] == first.json["access_token"]
    assert rows(app) == 1


def test_reusing_a_client_id_for_other_answers_is_a_conflict(client, app, new_client_id):
    client_id = new_client_id()
    post(client, submission(woman_58(), client_id))
    response = post(client, submission(woman_58(weight_kg=80), client_id), lang="en")
    assert response.status_code == 409 and "different answers" in response.json["error"]["message"]
    assert rows(app) == 1


def test_read_and_delete_with_the_token(client, app, new_client_id):
    created = post(client, submission(woman_58(), new_client_id())).json
    url, token = f"{URL}/{created['assessment_id']}", created["access_token"]
    assert client.get(url).status_code == 401
    assert client.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 401
    again = client.get(url + "?lang=en", headers={"Authorization": f"Bearer {token}"})
    assert again.status_code == 200 and again.json["cancers"][0]["name"].isascii()
    assert "access_token" not in again.json
    assert client.delete(url, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.delete(url, headers={"Authorization": f"Bearer {token}"}).status_code == 204
    assert rows(app) == 0
    gone = client.get(url, headers={"Authorization": f"Bearer {token}"})
    assert gone.status_code == 404 and gone.json["error"]["code"] == "not_found"


def test_red_flag_comes_first_and_replaces_the_come_back_date(client, new_client_id):
    answers = woman_58(current_symptoms=["coughing_blood"])
    result = post(client, submission(answers, new_client_id()), lang="en").json
    assert result["see_doctor_now"] is True
    assert result["red_flags"] == [{"code": "coughing_blood", "text": "Coughing up blood",
                                    "clinic": "Go to respiratory medicine."}]
    assert "see a doctor within the next few days" in result["red_flag_message"]
    assert result["red_flag_heading"] == "See a doctor within the next few days"
    assert "120" in result["call_120"] and result["health_centre"]["phone"]
    lung = next(c for c in result["cancers"] if c["cancer"] == "lung")
    assert lung["status"] == "see_doctor" and lung["referral"] is None
    assert result["cancers"][0]["cancer"] == "lung"  # the symptom's cancer first
    assert result["next_assessment"] is None


def test_tumour_marker_above_the_lab_limit_is_flagged(client, new_client_id):
    answers = woman_58(tumour_markers_done="yes", marker_afp_value=35, marker_afp_limit=20)
    result = post(client, submission(answers, new_client_id()), lang="en").json
    assert [(m["marker"], m["cancers"]) for m in result["tumour_markers_above_limit"]] == [("AFP", ["liver"])]


def outside_age(client, new_client_id, age, **changes):
    from datetime import date
    answers = man_62_smoker(birth_year=date.today().year - age, hbsag_test="positive",
                            smoking_years=10, smoking_start_age=20, **changes)
    result = post(client, submission(answers, new_client_id()), lang="en").json
    assert all(c["risk"] is None and "ages 40 to 74" in c["no_model_reason"] for c in result["cancers"])
    return result, next(c for c in result["cancers"] if c["cancer"] == "liver")


def test_under_40_has_no_model_risk_and_red_flags_still_come_first(client, new_client_id):
    result, liver = outside_age(client, new_client_id, 35, current_symptoms=["jaundice"])
    assert liver["rules"] == []  # liver rules start at 40 for men
    assert result["see_doctor_now"] and result["red_flags"][0]["code"] == "jaundice"


# ---- bad requests: a clear 4xx in the request's language, and nothing stored ----

def test_malformed_json_is_400(client, app):
    response = client.post(URL + "?lang=en", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"]["message"].startswith("The request could not be read")
    assert rows(app) == 0


def test_the_body_is_parsed_once_by_the_strict_parser(client, new_client_id, monkeypatch):
    """The route's arguments come from the body backend.security parsed and checked before
    it (webargs' own parser, the standard library's, would read it a second time)."""
    import webargs.core
    monkeypatch.setattr(webargs.core, "parse_json", lambda *_a, **_k: pytest.fail("parsed twice"))
    assert post(client, submission(woman_58(), new_client_id()), lang="en").status_code == 201


def test_not_json_is_415_in_chinese(client, app):
    response = client.post(URL, data="sex=male", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415 and CJK.search(response.json["error"]["message"])
    assert rows(app) == 0


def test_body_over_64_kb_is_413(client, app, new_client_id):
    body = submission(woman_58(), new_client_id())
    body["answers"]["padding"] = "x" * 70_000
    response = post(client, body, lang="en")
    assert response.status_code == 413 and "64 KB" in response.json["error"]["message"]
    assert rows(app) == 0


def test_unknown_questionnaire_is_404(client, new_client_id):
    body = dict(submission(woman_58(), new_client_id()), questionnaire_id="no-such")
    response = post(client, body, lang="en")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("version", ["0", "1", "3"])
def test_old_or_unknown_version_is_409_with_the_current_one(client, app, new_client_id, version):
    # v1 answers (hepatitis_b, fried_food, h_pylori_test) are never rescored by v2: 409
    answers = woman_58(hepatitis_b="no", fried_food="rarely", h_pylori_test="not_tested")
    response = post(client, submission(answers, new_client_id(), version=version), lang="en")
    assert response.status_code == 409
    assert response.json["error"]["details"]["current_version"] == "2"
    assert rows(app) == 0


def test_invalid_answers_are_422_with_a_message_per_item_in_each_language(client, app, new_client_id):
    answers = woman_58(height_cm=400, sex="other")
    del answers["hot_food"]
    zh = post(client, submission(answers, new_client_id()))
    en = post(client, submission(answers, new_client_id()), lang="en")
    assert zh.status_code == en.status_code == 422
    assert {"height_cm", "sex", "hot_food"} <= set(en.json["error"]["details"])
    assert all(CJK.search(m) for m in zh.json["error"]["details"].values())
    assert all(m.isascii() for m in en.json["error"]["details"].values())
    assert rows(app) == 0


@pytest.mark.parametrize("body", [
    {}, {"client_id": "not-a-uuid", "questionnaire_id": "cancer-risk", "questionnaire_version": "1", "answers": {}},
    {"client_id": "3f1d2c0e-8b7a-4c1e-9d2f-0a1b2c3d4e5f", "questionnaire_id": "cancer-risk",
     "questionnaire_version": "1", "answers": []},
    [1, 2, 3],
])
def test_malformed_envelopes_are_422_with_field_messages(client, app, body):
    response = post(client, body, lang="en")
    assert response.status_code == 422, response.json
    assert response.json["error"]["code"] and response.json["error"]["message"]
    assert rows(app) == 0


def test_unknown_assessment_is_404_and_wrong_method_405(client):
    assert client.get(f"{URL}/nope", headers={"Authorization": "Bearer x"}).status_code == 404
    response = client.put(f"{URL}/nope", json={})
    assert response.status_code == 405 and response.json["error"]["code"]


def test_results_are_exactly_the_documented_schema(client, new_client_id):
    """Routes send render_result as is; the schema must describe every field it has."""
    from backend.assessments.schemas import AssessmentResultSchema

    answers = woman_58(current_symptoms=["jaundice"], tumour_markers_done="yes",
                       marker_cea_value=9, marker_cea_limit=5)
    for body in (post(client, submission(answers, new_client_id())).json,
                 post(client, submission(man_62_smoker(), new_client_id()), lang="en").json):
        assert AssessmentResultSchema().dump(body) == body
