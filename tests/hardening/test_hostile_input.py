"""Regression tests for what the fuzzer found: hostile values are 400s, never 500s.

Found by tests/hardening/test_fuzz.py: a NUL character in a JSON string, query or path
(PostgreSQL text cannot hold one), an id past PostgreSQL's integer in a path, and a page
number past its bigint in a query; all were 500s. Also: the OpenAPI document described
flask-smorest's error shape instead of ours, ``created_at`` went out without a UTC offset on
SQLite, the content API's ``lang`` was documented as an enum it does not enforce, and JSON
booleans took 0 and 1 (``backend.fields.JsonBoolean``).
"""
import pytest


@pytest.fixture
def admin(staff):
    return staff("admin", username="fuzz-admin")


@pytest.mark.parametrize("lang, words", [("zh-CN", "空字符"), ("en", "NUL character")])
def test_nul_in_a_json_string_is_refused(admin, lang, words):
    response = admin.patch(f"/api/v1/admin/accounts/{admin.user['id']}?lang={lang}",
                           json={"display_name": "a\u0000b"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_input"
    assert words in response.json["error"]["message"]


@pytest.mark.parametrize("url", ["/api/v1/admin/audit?assessment_id=%00",
                                 "/api/v1/doctor/assessments/a%00b",
                                 "/api/v1/assessments/%00"])
def test_nul_in_query_or_path_is_refused(admin, url):
    response = admin.get(url)
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_input"


def test_integer_past_the_database_range_in_a_body_is_refused(client, new_client_id):
    response = client.post("/api/v1/assessments", json={
        "client_id": new_client_id(), "questionnaire_id": "cancer-risk",
        "questionnaire_version": "2", "answers": {"birth_year": 10**20}})
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_input"


def test_id_past_the_database_range_in_a_path_is_not_found(admin):
    response = admin.patch("/api/v1/admin/accounts/20079095713535463424", json={"active": True})
    assert response.status_code == 404 and set(response.json) == {"error"}


def test_page_past_any_real_list_is_a_422_naming_the_field(admin):
    for url in ("/api/v1/admin/audit?page=100000000000000000000", "/api/v1/admin/audit?page=100001"):
        response = admin.get(url)
        assert response.status_code == 422 and "page" in response.json["error"]["details"]


def test_openapi_documents_the_one_error_shape(client):
    spec = client.get("/api/openapi.json").json
    error = spec["components"]["schemas"]["Error"]
    assert error["required"] == ["error"] and set(error["properties"]) == {"error"}
    body = spec["components"]["schemas"]["ErrorBody"]
    assert set(body["required"]) == {"code", "message"}


def test_account_times_carry_their_utc_offset(admin):
    user = admin.get("/api/v1/auth/me").json["user"]
    assert user["created_at"].endswith("+00:00")


@pytest.mark.parametrize("value", [0, 1, "yes", "true"])
def test_a_json_boolean_must_be_true_or_false(admin, value):
    response = admin.post("/api/v1/admin/centres", json={
        "code": "HC-9", "name_zh": "中心", "name_en": "Centre", "high_incidence_upper_gi": value})
    assert response.status_code == 422
    assert "high_incidence_upper_gi" in response.json["error"]["details"]


def test_query_booleans_still_take_text(staff):
    doctor = staff("doctor", centre="DEMO-HC-01")
    assert doctor.get("/api/v1/doctor/worklist?overdue=true&red_flag=false").status_code == 200
