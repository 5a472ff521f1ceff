"""Sign-in and password-change throttling (backend/accounts/throttle.py).

Counters are in the database by default (backend/rate_limits.py), so what one test client
counts every worker counts; tests/hardening/test_throttle_workers.py checks that over two
gunicorn workers.
"""
from __future__ import annotations

import pytest

from backend.accounts import service
from backend.accounts.tables import AuditRecord
from backend.rate_limits import DatabaseStorage, RateLimitCounter
from backend.extensions import db
from staff_data import STAFF_PASSWORD

API = "/api/v1"


def make_user(app, username):
    with app.app_context():
        return service.create_user(username, STAFF_PASSWORD, "doctor", "DEMO-HC-01").id


def login(app, username, password=STAFF_PASSWORD, address="10.0.0.1", lang="en"):
    return app.test_client().post(f"{API}/auth/login?lang={lang}",
                                  json={"username": username, "password": password},
                                  environ_base={"REMOTE_ADDR": address})


def test_many_failures_at_a_shared_address_do_not_lock_out_colleagues(app, staff):
    """~200 failed sign-ins to random names from a centre's address: the address is over its
    limit, yet a colleague behind it signs in with the right password."""
    make_user(app, "dr.colleague")
    make_user(app, "dr.typist")
    statuses = [login(app, f"random-{n}", "wrong password!", address="10.8.8.8").status_code
                for n in range(105)]
    assert statuses[:100] == [401] * 100 and set(statuses[100:]) == {429}
    assert login(app, "dr.colleague", address="10.8.8.8").status_code == 200
    # Over the address limit, a wrong password is a 429 exactly like an unknown name: the
    # answer does not tell which usernames exist.
    wrong = login(app, "dr.typist", "wrong password!", address="10.8.8.8")
    unknown = login(app, "nobody-here", "wrong password!", address="10.8.8.8")
    assert wrong.status_code == unknown.status_code == 429
    assert wrong.json["error"]["message"] == unknown.json["error"]["message"]
    assert login(app, "dr.typist", address="10.8.8.8").status_code == 200


def test_failures_at_one_account_are_capped_across_addresses(app, staff):
    """Five guesses from each of five addresses, then the right password from a sixth."""
    make_user(app, "dr.target")
    statuses = [login(app, "dr.target", "wrong password!", address=f"10.1.0.{a}").status_code
                for a in range(1, 6) for _ in range(5)]
    assert statuses.count(401) == 10 and statuses.count(429) == 15
    blocked = login(app, "dr.target", address="10.1.0.6")
    assert blocked.status_code == 429 and blocked.json["error"]["details"]["retry_after_minutes"] == 60
    assert int(blocked.headers["Retry-After"]) > 3000
    # Another account is untouched.
    make_user(app, "dr.other")
    assert login(app, "dr.other", address="10.1.0.6").status_code == 200


def test_the_account_cap_follows_its_setting(app, staff, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_RATE_LIMIT", "3 per hour")
    make_user(app, "dr.capped")
    for address in ("10.2.0.1", "10.2.0.2", "10.2.0.3"):
        assert login(app, "dr.capped", "wrong password!", address=address).status_code == 401
    assert login(app, "dr.capped", address="10.2.0.4").status_code == 429


@pytest.mark.parametrize("lang, words", [("en", "Too many wrong current passwords"),
                                         ("zh-CN", "当前密码")])
def test_password_change_is_throttled_per_account(app, staff, lang, words):
    editor = staff("editor")
    wrong = {"current_password": "not it at all", "new_password": "a brand new passphrase"}
    for _ in range(5):
        response = editor.post(f"{API}/auth/password?lang={lang}", json=wrong)
        assert response.status_code == 422 and "current_password" in response.json["error"]["details"]
    blocked = editor.post(f"{API}/auth/password?lang={lang}", json={
        "current_password": STAFF_PASSWORD, "new_password": "a brand new passphrase"})
    assert blocked.status_code == 429 and blocked.json["error"]["code"] == "too_many_requests"
    assert words in blocked.json["error"]["message"] and int(blocked.headers["Retry-After"]) > 0
    assert blocked.json["error"]["details"]["retry_after_minutes"] == 15
    # The password did not change.
    assert login(app, editor.user["username"], address="10.3.0.1").status_code == 200


def test_a_weak_new_password_does_not_count_as_a_guess(app, staff):
    editor = staff("editor")
    for _ in range(6):
        weak = editor.post(f"{API}/auth/password", json={"current_password": STAFF_PASSWORD,
                                                         "new_password": "short"})
        assert weak.status_code == 422
    done = editor.post(f"{API}/auth/password", json={"current_password": STAFF_PASSWORD,
                                                     "new_password": "a brand new passphrase"})
    assert done.status_code == 204


def test_counters_are_rows_in_the_database(app, staff):
    make_user(app, "dr.counted")
    login(app, "dr.counted", "wrong password!", address="10.4.0.1")
    with app.app_context():
        rows = {row.key: row.count for row in db.session.scalars(db.select(RateLimitCounter))}
    assert sorted(rows.values()) == [1, 1, 1] and any("dr.counted" in key for key in rows)


def test_database_storage_counts_in_fixed_windows(app, clean_db, monkeypatch):
    storage = DatabaseStorage("database://")
    with app.app_context():
        assert storage.incr("k", 60) == 1 and storage.incr("k", 60, amount=2) == 3
        assert storage.get("k") == 3 and storage.get("other") == 0
        assert storage.get_expiry("k") > 0 and storage.check()
        long_key = "x" * 500
        assert storage.incr(long_key, 60) == 1 and storage.get(long_key) == 1
        # A window that has passed starts again from the amount.
        import backend.rate_limits as module

        later = module.time.time() + 61
        monkeypatch.setattr(module.time, "time", lambda: later)
        assert storage.get("k") == 0 and storage.incr("k", 60) == 1
        storage.clear("k")
        assert storage.get("k") == 0
        assert storage.reset() == 1


def test_a_lock_out_is_audited_once_not_every_refused_attempt(app, staff):
    """Five wrong passwords close the account-and-address limit: one "sign-in blocked" record
    (which limit, for how long), then twenty refused attempts add nothing to the log."""
    make_user(app, "dr.locked")
    statuses = [login(app, "dr.locked", "wrong password!", address="10.5.0.1").status_code
                for _ in range(25)]
    assert statuses == [401] * 5 + [429] * 20
    with app.app_context():
        records = list(db.session.scalars(db.select(AuditRecord).where(
            AuditRecord.username == "dr.locked").order_by(AuditRecord.id)))
    assert [r.action for r in records] == ["auth.sign_in_failed"] * 5 + ["auth.sign_in_blocked"]
    assert records[-1].details == {"limits": ["login-account-address"], "minutes": 15}
    assert records[-1].address == "10.5.0.1"
    admin = staff("admin")
    shown = admin.get(f"{API}/admin/audit?action=auth.sign_in_blocked&lang=zh-CN").json["items"]
    assert shown[0]["username"] == "dr.locked" and shown[0]["action_text"] == "登录失败次数过多，已暂时禁止登录"
