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


# Hostile JSON that Python's parser accepts or chokes on (found attacking the service): each
# was a 500 on SQLite and PostgreSQL; backend.security.AppJSONProvider refuses them.
LONE_SURROGATE = '{"display_name": "a\\ud800b", "username": "\\udfff", "password": "x"}'
DEEP_NESTING = '{"answers": ' + "[" * 5000 + "]" * 5000 + "}"  # ~10 KB, under the 64 KB limit
HUGE_INTEGER = '{"answers": {"birth_year": ' + "9" * 4301 + "}}"
HOSTILE_BODIES = {"lone surrogate": LONE_SURROGATE, "5,000 levels": DEEP_NESTING,
                  "4,301 digits": HUGE_INTEGER}


@pytest.mark.parametrize("name", HOSTILE_BODIES)
@pytest.mark.parametrize("lang, words", [
    ("zh-CN", {"lone surrogate": "Unicode", "5,000 levels": "嵌套", "4,301 digits": "数字"}),
    ("en", {"lone surrogate": "lone surrogate", "5,000 levels": "nested too deeply",
            "4,301 digits": "far too large"})])
def test_hostile_json_is_a_400_in_the_requests_language(admin, name, lang, words):
    response = admin.client.patch(
        f"/api/v1/admin/accounts/{admin.user['id']}?lang={lang}", data=HOSTILE_BODIES[name],
        content_type="application/json", headers={"X-CSRFToken": admin.csrf})
    assert response.status_code == 400, response.data[:300]
    assert set(response.json) == {"error"} and response.json["error"]["code"] == "invalid_input"
    assert words[name] in response.json["error"]["message"]


@pytest.mark.parametrize("url", ["/api/v1/assessments", "/api/v1/auth/login"])
@pytest.mark.parametrize("name", HOSTILE_BODIES)
def test_hostile_json_is_refused_without_signing_in(client, url, name):
    response = client.post(url, data=HOSTILE_BODIES[name], content_type="application/json")
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_input"


def test_nesting_that_a_real_body_uses_is_still_read(client, new_client_id):
    """The depth limit leaves room: a nested answer set reaches the questionnaire's checks."""
    body = {"client_id": new_client_id(), "questionnaire_id": "cancer-risk",
            "questionnaire_version": "2", "answers": {"x": [[[[{"y": [1]}]]]]}}
    response = client.post("/api/v1/assessments", json=body)
    assert response.status_code == 422, response.json


@pytest.mark.parametrize("literal", ["1e999", "-1e999", "NaN", "Infinity"])
def test_non_finite_numbers_are_refused(client, literal):
    response = client.post("/api/v1/auth/login", content_type="application/json",
                           data='{"username": "a", "password": ' + literal + "}")
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_input"
