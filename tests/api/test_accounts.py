"""Staff sign-in, sessions, CSRF, throttling, password change, admin screens and the CLI."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.accounts import service
from backend.accounts.tables import AuditRecord, StaffSession, User
from backend.config import Config
from backend.extensions import db
from staff_data import STAFF_PASSWORD

API = "/api/v1"


def make_user(app, username, role="doctor", centre="DEMO-HC-01", password=STAFF_PASSWORD):
    with app.app_context():
        return service.create_user(username, password, role, centre).id


def login(client, username, password=STAFF_PASSWORD, address="10.0.0.1"):
    return client.post(f"{API}/auth/login", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def set_cookie_header(response) -> str:
    return next(h for h in response.headers.getlist("Set-Cookie")
                if h.startswith("zaoshai_session="))


# --- sign-in and the cookie ------------------------------------------------------------------

def test_sign_in_sets_an_httponly_lax_cookie_and_returns_the_csrf_token(app, client, staff):
    make_user(app, "dr.wang")
    response = login(client, "Dr.Wang ")
    assert response.status_code == 200
    assert response.json["user"]["role"] == "doctor"
    assert response.json["user"]["centre"] == "DEMO-HC-01"
    assert len(response.json["csrf_token"]) >= 32 and "password" not in response.json["user"]
    cookie = set_cookie_header(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/api/" in cookie
    assert "Secure" not in cookie  # tests run over plain http
    me = client.get(f"{API}/auth/me")
    assert me.status_code == 200 and me.json["csrf_token"] == response.json["csrf_token"]


def test_cookie_is_secure_outside_development(app, client, staff, monkeypatch):
    make_user(app, "dr.secure")
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    assert "Secure" in set_cookie_header(login(client, "dr.secure"))


@pytest.mark.parametrize("env,secure", [("production", True), ("development", False)])
def test_secure_cookie_default_follows_the_environment(monkeypatch, env, secure):
    monkeypatch.setenv("ZAOSHAI_ENV", env)
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("ZAOSHAI_DATA_KEY", "hqpI8T2OS3pLLyKZmtAI_p0TsJm-EqZ0fLGkMXGWcu8=")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    config = Config()
    assert config.SESSION_COOKIE_SECURE is secure
    assert config.RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/0"
    monkeypatch.delenv("REDIS_URL")
    assert Config().RATELIMIT_STORAGE_URI == "database://"


def test_wrong_password_and_unknown_user_get_the_same_401(app, client, staff):
    make_user(app, "dr.li")
    wrong, unknown = login(client, "dr.li", "not the password"), login(client, "nobody", "x" * 12)
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json["error"]["message"] == unknown.json["error"]["message"]
    assert "zaoshai_session" not in (wrong.headers.get("Set-Cookie") or "")


def test_passwords_are_argon2id_and_session_tokens_are_stored_hashed(app, client, staff):
    make_user(app, "dr.hash")
    login(client, "dr.hash")
    token = client.get_cookie("zaoshai_session", path="/api/").value
    with app.app_context():
        assert db.session.scalar(select(User.password_hash)).startswith("$argon2id$")
        stored = db.session.scalar(select(StaffSession.id))
        assert stored != token and len(stored) == 64


def test_deactivated_accounts_cannot_sign_in_and_lose_their_sessions(app, staff):
    doctor, admin = staff("doctor", "DEMO-HC-01"), staff("admin")
    response = admin.patch(f"{API}/admin/accounts/{doctor.user['id']}", json={"active": False})
    assert response.status_code == 200 and response.json["active"] is False
    assert doctor.get(f"{API}/auth/me").status_code == 401
    assert login(app.test_client(), doctor.user["username"]).status_code == 401


def test_idle_sessions_expire(app, staff, monkeypatch):
    doctor = staff("doctor", "DEMO-HC-01")
    monkeypatch.setitem(app.config, "STAFF_SESSION_IDLE_MINUTES", 0)
    assert doctor.get(f"{API}/auth/me").status_code == 401


# --- throttling ------------------------------------------------------------------------------

def test_failed_sign_ins_are_throttled_per_account_and_address(app, staff):
    make_user(app, "dr.target")
    make_user(app, "dr.neighbour")
    client = app.test_client()
    for _ in range(5):
        assert login(client, "dr.target", "wrong password!").status_code == 401
    blocked = login(client, "dr.target")  # even the right password, for now
    assert blocked.status_code == 429 and blocked.json["error"]["code"] == "too_many_requests"
    assert int(blocked.headers["Retry-After"]) > 0
    # Same carrier address, another account: not blocked.
    assert login(client, "dr.neighbour").status_code == 200
    # Same account from another address: not blocked either.
    assert login(app.test_client(), "dr.target", address="10.0.0.2").status_code == 200


def test_throttled_sign_in_says_how_many_minutes_to_wait_in_the_request_language(app, staff):
    make_user(app, "dr.waiting")
    client = app.test_client()
    for _ in range(5):
        login(client, "dr.waiting", "wrong password!")
    blocked = client.post(f"{API}/auth/login?lang=en", json={"username": "dr.waiting",
                                                            "password": STAFF_PASSWORD},
                          environ_base={"REMOTE_ADDR": "10.0.0.1"})
    error = blocked.json["error"]
    # the default window is 15 minutes: the message must not say "a minute"
    assert blocked.status_code == 429 and error["details"]["retry_after_minutes"] == 15
    assert error["message"] == "Too many failed sign-ins. Please try again in 15 minutes."
    zh = client.post(f"{API}/auth/login?lang=zh-CN", json={"username": "dr.waiting",
                                                           "password": STAFF_PASSWORD},
                     environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert "15" in zh.json["error"]["message"] and "分钟" in zh.json["error"]["message"]


def test_successful_sign_ins_do_not_count_towards_the_limit(app, staff):
    make_user(app, "dr.busy")
    for _ in range(8):
        assert login(app.test_client(), "dr.busy").status_code == 200


def test_one_address_trying_many_accounts_is_slowed(app, staff, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ADDRESS_RATE_LIMIT", "3 per hour")
    client = app.test_client()
    for number in range(3):
        assert login(client, f"guess{number}", "x" * 12, address="10.9.9.9").status_code == 401
    assert login(client, "guess9", "x" * 12, address="10.9.9.9").status_code == 429


# --- CSRF, sign-out, password change ---------------------------------------------------------

def test_state_changing_requests_without_csrf_token_are_refused(staff):
    admin = staff("admin")
    body = {"username": "new.doctor", "password": "a long enough password", "role": "doctor",
            "centre": "DEMO-HC-01"}
    assert admin.post(f"{API}/admin/accounts", json=body, csrf=False).status_code == 403
    assert admin.post(f"{API}/admin/accounts", json=body,
                      headers={"X-CSRFToken": "guess"}, csrf=False).status_code == 403
    assert admin.post(f"{API}/auth/password", csrf=False,
                      json={"current_password": STAFF_PASSWORD,
                            "new_password": "another long password"}).status_code == 403
    assert admin.post(f"{API}/auth/logout", csrf=False).status_code == 403
    assert admin.post(f"{API}/admin/accounts", json=body).status_code == 201


def test_sign_out_ends_the_session_on_the_server(app, staff):
    doctor = staff("doctor", "DEMO-HC-01")
    token = doctor.client.get_cookie("zaoshai_session", path="/api/").value
    response = doctor.post(f"{API}/auth/logout")
    assert response.status_code == 204
    assert doctor.get(f"{API}/auth/me").status_code == 401
    replay = app.test_client()
    replay.set_cookie("zaoshai_session", token, path="/api/")
    assert replay.get(f"{API}/auth/me").status_code == 401


def test_password_change_ends_other_sessions_and_keeps_this_one(app, staff):
    here = staff("editor")
    elsewhere_client = app.test_client()
    assert login(elsewhere_client, here.user["username"]).status_code == 200
    weak = here.post(f"{API}/auth/password", json={"current_password": STAFF_PASSWORD,
                                                   "new_password": "short"})
    assert weak.status_code == 422 and "new_password" in weak.json["error"]["details"]
    wrong = here.post(f"{API}/auth/password", json={"current_password": "not it at all",
                                                    "new_password": "a brand new passphrase"})
    assert wrong.status_code == 422
    done = here.post(f"{API}/auth/password", json={"current_password": STAFF_PASSWORD,
                                                   "new_password": "a brand new passphrase"})
    assert done.status_code == 204
    assert here.get(f"{API}/auth/me").status_code == 200
    assert elsewhere_client.get(f"{API}/auth/me").status_code == 401
    assert login(app.test_client(), here.user["username"]).status_code == 401
    assert login(app.test_client(), here.user["username"],
                 "a brand new passphrase").status_code == 200


# --- admin screens ---------------------------------------------------------------------------

def test_admin_creates_accounts_and_centres(staff):
    admin = staff("admin")
    centre = {"code": "HC-0101", "name_zh": "新城社区卫生服务中心", "name_en": "Xincheng CHC",
              "district": "新城区"}
    assert admin.post(f"{API}/admin/centres", json=centre).status_code == 201
    assert admin.post(f"{API}/admin/centres", json=centre).status_code == 409
    assert "HC-0101" in [c["code"] for c in admin.get(f"{API}/admin/centres").json]
    doctor = {"username": "dr.xin", "password": "a long enough password", "role": "doctor",
              "centre": "HC-0101", "display_name": "辛医生"}
    created = admin.post(f"{API}/admin/accounts", json=doctor)
    assert created.status_code == 201 and created.json["centre"] == "HC-0101"
    assert admin.post(f"{API}/admin/accounts", json=doctor).status_code == 409
    no_centre = admin.post(f"{API}/admin/accounts", json={**doctor, "username": "dr.none",
                                                          "centre": None})
    assert no_centre.status_code == 422 and "centre" in no_centre.json["error"]["details"]
    editor_with_centre = admin.post(f"{API}/admin/accounts", json={
        **doctor, "username": "ed.x", "role": "editor"})
    assert editor_with_centre.status_code == 422
    assert "dr.xin" in [u["username"] for u in admin.get(f"{API}/admin/accounts").json]


def test_admin_cannot_deactivate_themselves(staff):
    admin = staff("admin")
    response = admin.patch(f"{API}/admin/accounts/{admin.user['id']}", json={"active": False})
    assert response.status_code == 409


# --- command line ----------------------------------------------------------------------------

def test_cli_creates_centres_and_accounts_with_password_from_stdin(app, clean_db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["centres", "add", "--code", "HC-0202", "--name-zh", "测试中心",
                                 "--name-en", "Test centre"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["accounts", "create", "--role", "doctor", "--centre", "HC-0202",
                                 "--username", "dr.cli", "--password-stdin"],
                           input="a long cli password\n")
    assert result.exit_code == 0, result.output
    assert "Created doctor dr.cli at HC-0202" in result.output
    client = app.test_client()
    assert login(client, "dr.cli", "a long cli password").status_code == 200
    missing = runner.invoke(args=["accounts", "create", "--role", "doctor", "--username", "dr.x",
                                  "--password-stdin"], input="a long cli password\n")
    assert missing.exit_code != 0 and "centre" in missing.output
    listed = runner.invoke(args=["accounts", "list"])
    assert "dr.cli\tdoctor\tHC-0202\tactive" in listed.output
    with app.app_context():  # the operator's changes are in the audit log, by "cli"
        logged = [(r.username, r.action) for r in db.session.scalars(
            select(AuditRecord).where(AuditRecord.action.in_(("centre.create", "account.create")))
            .order_by(AuditRecord.id))]
    assert logged == [("cli", "centre.create"), ("cli", "account.create")]


def test_seed_creates_demo_accounts_once_and_prints_passwords_once(app, clean_db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert first.output.count("password:") >= 3
    with app.app_context():
        roles = sorted(u.role for u in db.session.scalars(select(User)))
    assert roles.count("admin") == 1 and roles.count("editor") == 1 and roles.count("doctor") >= 1
    again = runner.invoke(args=["seed"])
    assert again.exit_code == 0 and "password:" not in again.output


def test_openapi_documents_the_staff_endpoints(client):
    paths = client.get("/api/openapi.json").json["paths"]
    assert {"/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/auth/password",
            "/api/v1/doctor/worklist", "/api/v1/doctor/worklist.csv",
            "/api/v1/doctor/assessments/{assessment_id}", "/api/v1/figures",
            "/api/v1/admin/audit"} <= set(paths)
    assert "429" in paths["/api/v1/auth/login"]["post"]["responses"]
