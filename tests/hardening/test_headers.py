"""Security headers on every response, CORS closed by default, cookies, and request size limits."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from backend.app import create_app
from backend import config as settings
from backend.security import API_POLICY, PAGE_POLICY

ROOT = Path(__file__).resolve().parents[2]
STAFF_PASSWORD = "correct horse battery staple"


def assert_common_headers(response):
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.parametrize("method, url, status, policy", [
    ("get", "/api/v1/health", 200, API_POLICY),
    ("get", "/api/v1/questionnaires/cancer-risk", 200, API_POLICY),
    ("get", "/api/v1/assessments/nope", 404, API_POLICY),           # an error
    ("get", "/api/v1/doctor/worklist", 401, API_POLICY),            # a refusal
    ("post", "/api/v1/assessments", 415, API_POLICY),               # not JSON
    ("get", "/", 200, PAGE_POLICY),                                 # the PWA
    ("get", "/sw.js", 200, PAGE_POLICY),                            # runs under this policy
    ("get", "/api/docs", 200, PAGE_POLICY),                         # Swagger UI page
    ("get", "/no-such-file.js", 404, PAGE_POLICY),
])
def test_every_kind_of_response_carries_the_headers(client, method, url, status, policy):
    with getattr(client, method)(url, data="x") as response:  # closes the files it sends
        assert response.status_code == status
        assert_common_headers(response)
        assert response.headers["Content-Security-Policy"] == policy
        assert "Strict-Transport-Security" not in response.headers  # HTTP on a laptop or tests


@pytest.mark.parametrize("page, url", [("index.html", "/"), ("index.html", "/index.html"),
                                       ("staff.html", "/staff.html")])
def test_each_page_gets_the_policy_it_declares_plus_frame_ancestors(client, page, url):
    """The header and the page's meta tag must agree (browsers enforce both, so a stricter
    header would break the page); a meta tag cannot forbid framing, so the header adds it."""
    html = (ROOT / "pwa" / page).read_text(encoding="utf-8")
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    with client.get(url) as response:
        assert response.headers["Content-Security-Policy"] == f"{meta}; frame-ancestors 'none'"


def test_residents_page_policy_is_the_default_for_other_pwa_files():
    html = (ROOT / "pwa" / "index.html").read_text(encoding="utf-8")
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert PAGE_POLICY == f"{meta}; frame-ancestors 'none'"


def test_pages_have_no_inline_script_or_style():
    for page in [*(ROOT / "pwa").glob("*.html"), ROOT / "backend" / "templates" / "swagger_ui.html"]:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), page
        assert not re.search(r"<style|\sstyle=|\son\w+=", html), page


@pytest.fixture
def production_app(monkeypatch, app):
    """The app as deployed: HTTPS-only headers and cookies (same database as the suite)."""
    monkeypatch.setenv("ZAOSHAI_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("ZAOSHAI_DATA_KEY", app.config["DATA_KEY"])
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    from backend.config import Config

    config = Config()
    config.TESTING = True
    production = create_app(config)
    yield production
    with production.app_context():
        from backend.extensions import db

        db.session.remove()
        db.engine.dispose()


def test_hsts_and_secure_cookie_outside_development(production_app, clean_db, staff):
    staff("doctor", centre="DEMO-HC-01", username="prod-doctor")
    client = production_app.test_client()
    health = client.get("/api/v1/health")
    assert health.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    login = client.post("/api/v1/auth/login",
                        json={"username": "prod-doctor", "password": STAFF_PASSWORD})
    assert login.status_code == 200
    cookie = login.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie
    assert "Path=/api/" in cookie


def test_session_cookie_in_development_is_httponly_and_lax_but_not_secure(client, staff):
    staff("doctor", centre="DEMO-HC-01", username="dev-doctor")
    login = client.post("/api/v1/auth/login",
                        json={"username": "dev-doctor", "password": STAFF_PASSWORD})
    cookie = login.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_cors_is_closed_by_default(client):
    for response in (client.get("/api/v1/centres", headers={"Origin": "https://evil.example"}),
                     client.options("/api/v1/assessments", headers={
                         "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
                         "Access-Control-Request-Headers": "content-type"})):
        assert "Access-Control-Allow-Origin" not in response.headers
        assert "Access-Control-Allow-Credentials" not in response.headers


def test_cors_opens_only_to_configured_origins_and_never_with_credentials(app):
    config = settings.TestConfig(SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                        CORS_ALLOWED_ORIGINS=frozenset({"https://partner.example"}))
    open_app = create_app(config)
    client = open_app.test_client()
    allowed = client.get("/api/v1/health", headers={"Origin": "https://partner.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://partner.example"
    assert "Origin" in allowed.headers["Vary"]
    assert "Access-Control-Allow-Credentials" not in allowed.headers
    other = client.get("/api/v1/health", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    with open_app.app_context():
        from backend.extensions import db

        db.engine.dispose()


@pytest.mark.parametrize("lang, words", [("zh-CN", "请求太大"), ("en", "too large")])
def test_request_over_the_limit_is_413_in_the_one_error_shape(client, lang, words):
    body = '{"client_id": "' + "x" * (64 * 1024) + '"}'
    response = client.post(f"/api/v1/assessments?lang={lang}", data=body,
                           content_type="application/json")
    assert response.status_code == 413
    assert response.json["error"]["code"] == "request_entity_too_large"
    assert words in response.json["error"]["message"]
    assert_common_headers(response)


def test_a_body_just_under_the_limit_is_read(client):
    """The limit refuses only what is over it: a large-but-allowed body gets a normal 422."""
    padding = "x" * (60 * 1024)
    response = client.post("/api/v1/assessments", json={
        "client_id": "not-a-uuid", "questionnaire_id": "cancer-risk",
        "questionnaire_version": "2", "answers": {"note": padding}})
    assert response.status_code in (404, 409, 422)
    assert set(response.json) == {"error"}
