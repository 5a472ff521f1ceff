"""Carry the result (short code, QR, picture), stop sharing, privacy and consent, a hanging send.

Results are made through the API (as the doctor's assisted assessment does) and put on the
phone with the older paper's number and code, or a draft is put straight into the phone's
IndexedDB: the walk through every question screen is tested in test_journey.py.
"""
from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

import segno

from answer_sets import submission, woman_58
from backend.accounts import service as accounts
from backend.assessments.short_code import qr_path
from backend.assessments.tables import Assessment
from backend.accounts.throttle import reset as reset_limits
from backend.extensions import db
from conftest import check_accessibility, new_phone, save_screenshot
from resident import PRIMARY, agree, open_details, start, wait_for_drawn

CODE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")


def made(page, answers) -> dict:
    response = page.request.post("/api/v1/assessments?lang=zh-CN",
                                 data=submission(answers, str(uuid.uuid4())))
    assert response.status == 201, response.text()
    return response.json()


def keep_on_phone(page, body) -> None:
    """Open a result on this phone with the number and long code (an older paper)."""
    page.goto("/#/open?long=1")
    wait_for_drawn(page)
    page.fill("#open-number", body["assessment_id"])
    page.fill("#open-code", body["access_token"])
    page.click("form.open-form button[type=submit]")
    page.wait_for_function("location.hash === '#/result'")
    page.wait_for_selector("#short-code")


def test_the_short_code_and_its_qr_open_the_result_on_a_second_phone(browser, live_server, live_app, page):
    body = made(page, woman_58())
    keep_on_phone(page, body)
    code = page.inner_text("#short-code")
    assert CODE.match(code)
    # the QR on screen is exactly the one of the open address with this code
    address = f"{live_server}/#/open?code={code}"
    assert page.get_attribute(".carry svg.qr path", "d") == qr_path(address)["path"]
    assert segno.make(address, error="m").designator  # a valid QR version was chosen
    page.locator(".carry").scroll_into_view_if_needed()
    save_screenshot(page, "result-qr-zh")
    check_accessibility(page, "result-qr-zh")
    # the picture: a PNG made on the phone (the download the button offers)
    with page.expect_download() as download:
        page.click("#save-picture")
    assert download.value.suggested_filename == f"zaoshai-{code}.png"
    assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.click("#controls button[lang=en]")
    page.wait_for_selector(".carry h2:text('Open this result on another phone')")
    save_screenshot(page, "result-qr-en")
    check_accessibility(page, "result-qr-en")

    # a second phone scans the QR: the address opens the result, and the code leaves the bar
    other = new_phone(browser, live_server, bypass_csp=True)
    try:
        second = other.new_page()
        second.goto(address)
        second.wait_for_function("location.hash === '#/result'")
        open_details(second, "breast")
        assert second.is_visible(".cancer[data-cancer=breast] .referral")
        assert code not in second.evaluate("location.href")
        assert second.inner_text("#short-code") == code
        # and a third types it, in small letters with spaces
        second.evaluate("indexedDB.deleteDatabase('zaoshai')")
        second.goto("/#/open")
        wait_for_drawn(second)
        second.fill("#open-short-code", " " + code.lower().replace("-", " "))
        second.click("form.open-form button[type=submit]")
        second.wait_for_function("location.hash === '#/result'")
    finally:
        other.close()


def test_wrong_codes_are_refused_and_guessing_is_stopped(page, live_app):
    with live_app.app_context():
        reset_limits()
    page.goto("/#/open")
    wait_for_drawn(page)
    page.fill("#open-short-code", "ABCD-0000")
    page.click("form.open-form button[type=submit]")
    page.wait_for_function("document.querySelector('#open-error').textContent.includes('0、O、1、I 或 L')")
    tries = 0
    while True:
        page.fill("#open-short-code", f"ZZZZ-ZZ{'23456789'[tries % 8]}{'23456789'[tries // 8]}")
        page.evaluate("document.querySelector('#open-error').textContent = ''")
        page.click("form.open-form button[type=submit]")
        page.wait_for_function("document.querySelector('#open-error').textContent !== ''")
        tries += 1
        if "过多" in page.inner_text("#open-error"):
            break
        assert "没有找到" in page.inner_text("#open-error")
        assert tries < 30, "never throttled"
    assert tries == 10  # nine wrong codes after the malformed one, then 429
    save_screenshot(page, "open-short-throttled-zh")
    check_accessibility(page, "open-short-zh")
    with live_app.app_context():
        reset_limits()


def test_stopping_sharing_takes_the_resident_off_the_doctors_list(page, live_app):
    body = made(page, woman_58(share_with_doctor="yes", contact_name="李秀英",
                               contact_phone="13900139000"))
    with live_app.app_context():
        if not accounts.find_user("dr-stop"):
            accounts.create_user("dr-stop", "correct horse battery staple", "doctor", "DEMO-HC-01")
        db.session.remove()
    doctor = page.context.request
    login = doctor.post("/api/v1/auth/login", data={"username": "dr-stop",
                                                    "password": "correct horse battery staple"})
    assert login.status == 200
    ids = lambda: [i["assessment_id"] for i in doctor.get("/api/v1/doctor/worklist").json()["items"]]  # noqa: E731
    assert body["assessment_id"] in ids()

    keep_on_phone(page, body)
    # the English copy, fetched in the background, is kept before sharing stops
    page.wait_for_function("""async () => { const { loadResult } = await import('/js/store.js');
                                return !!(await loadResult())?.byLang?.en; }""")
    page.click("#stop-sharing")
    page.click(".confirm .button.danger")
    page.wait_for_selector(".status.sent:has-text('已停止分享')")
    assert "您选择了不分享" in page.inner_text(".card.next")
    # in the other language too: it used to show the copy kept before, "shared", with the button
    page.click("#controls button[lang=en]")
    page.wait_for_selector(".card.next:has-text('You chose not to share this result')")
    assert not page.locator("#stop-sharing").count()
    page.locator(".card.next").scroll_into_view_if_needed()
    save_screenshot(page, "result-sharing-stopped-en")
    assert body["assessment_id"] not in ids()
    with live_app.app_context():
        row = db.session.get(Assessment, body["assessment_id"])
        assert not row.shared and row.contact_phone_enc is None and row.result
        db.session.remove()
    doctor.post("/api/v1/auth/logout", headers={"X-CSRFToken": login.json()["csrf_token"]}, data={})


def test_privacy_notice_and_the_health_data_consent_in_both_languages(page):
    for language, title, operator, must_tick in (
            ("zh-CN", "隐私说明", "卫生健康委员会", "请先勾选同意"),
            ("en", "Privacy notice", "Health Commission", "Please tick the box")):
        page.evaluate("indexedDB.deleteDatabase('zaoshai')") if page.url.startswith("http") else None
        start(page, language)
        page.wait_for_selector(f".operator:has-text('{operator}')")
        assert page.is_visible("#consent-health") and not page.is_checked("#consent-health")
        page.click(PRIMARY)  # not ticked: asked to, nothing starts
        assert must_tick in page.inner_text("#consent-error")
        assert page.evaluate("location.hash") in ("", "#/", "#/start")
        save_screenshot(page, f"start-consent-{language}")
        check_accessibility(page, f"start-consent-{language}")
        page.click("#privacy-link")
        page.wait_for_selector(f"main h1:text('{title}')")
        text = page.inner_text("main")
        assert operator in text and "12320" in text and "60" in text
        check_accessibility(page, f"privacy-{language}")
        save_screenshot(page, f"privacy-{language}")
        page.goto("/")
        wait_for_drawn(page)
        agree(page)
        assert page.evaluate("location.hash").startswith("#/q/")
        page.goto("/")
        wait_for_drawn(page)
        assert not page.locator("#consent-health").count()  # asked once
        page.evaluate("indexedDB.deleteDatabase('zaoshai')")
        page.context.clear_cookies()
        page.reload()


SEED_DRAFT = """async (answers) => {
  const db = await new Promise((ok, no) => { const r = indexedDB.open('zaoshai', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('kv'); r.onsuccess = () => ok(r.result); r.onerror = no; });
  const put = (key, value) => new Promise((ok, no) => { const tx = db.transaction('kv', 'readwrite');
    tx.objectStore('kv').put(value, key); tx.oncomplete = ok; tx.onerror = no; });
  await put('prefs', { lang: 'zh-CN', elder: false, textSize: 1, consent: { health: 'now' } });
  await put('draft', { questionnaire_id: 'cancer-risk', version: null, answers, page: null });
  db.close();
}"""


def test_a_hanging_send_gives_up_stays_queued_and_then_sends_once(context, page, stored_assessments):
    start(page)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.evaluate(SEED_DRAFT, woman_58())
    page.reload()
    wait_for_drawn(page)
    page.goto("/#/review")
    wait_for_drawn(page)
    held = []
    context.route("**/api/v1/assessments?*", lambda route: held.append(route)
                  if route.request.method == "POST" else route.fallback())
    started = time.monotonic()
    page.click(PRIMARY)
    page.wait_for_selector("#send-status:has-text('15 秒内没有收到回应')", timeout=30000)
    waited = time.monotonic() - started
    assert 14 < waited < 25 and held and stored_assessments() == 0
    save_screenshot(page, "sending-timed-out-zh")
    check_accessibility(page, "sending-timed-out-zh")
    page.click("#send-retry")  # still hanging: "Try again" says it is trying, then what happened
    page.wait_for_selector("#send-tried:has-text('正在尝试发送')")
    page.wait_for_selector("#send-tried:has-text('还没有发送成功')", timeout=30000)
    page.click("#controls button[lang=en]")
    page.wait_for_selector("#send-status:has-text('no answer within 15 seconds')")
    save_screenshot(page, "sending-timed-out-en")
    context.unroute("**/api/v1/assessments?*")
    # "Try again now", unless the service worker's own replay got through first and the
    # result is already opening (a race a busy machine sometimes loses): sent once either way
    page.evaluate("document.querySelector('#send-retry')?.click()")
    page.wait_for_selector(".glance [data-cancer=breast]")
    assert stored_assessments() == 1
    page.goto("/")  # sent once, seen: the start page again
    wait_for_drawn(page)
    assert stored_assessments() == 1
