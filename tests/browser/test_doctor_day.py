"""A family doctor's day in the staff app, in a real browser at 1280×800 (issue 5, UI).

Sign in, see the centre's shared residents (warning signs first), filter and export the list
as CSV (BOM, Chinese header), open a resident, compare the established scores with ours,
enter labs for aMAP, record follow-ups (the history keeps both), switch to English, sign
out. A doctor of another centre sees none of them, and repeated wrong passwords are
throttled with a message that says how long to wait. axe on the worklist and the detail in
Chinese and English; screenshots go to test-artifacts/.
"""
from __future__ import annotations

import re

from sqlalchemy import select

from answer_sets import man_62_smoker
from backend.assessments.tables import Assessment
from backend.extensions import db
from conftest import check_accessibility, save_screenshot
from resident import answer_screen
from staff import (RESIDENT_NAMES, open_desk, shared_residents, sign_in,  # noqa: F401 (fixtures)
                   staff_accounts, switch_language)

CJK = re.compile(r"[\u4e00-\u9fff]")
ROWS = "#worklist tbody tr"


def rows(page) -> list[str]:
    return page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.innerText)")


def filter_high(page, cancer: str) -> None:
    page.select_option("#cancer", cancer)  # "screening recommended for": applies at once
    page.wait_for_function("c => location.hash.includes('cancer=' + c)", arg=cancer)
    page.wait_for_function("() => document.querySelectorAll('#worklist tbody tr').length === 1")


def export_csv(page) -> bytes:
    with page.expect_download() as download:
        page.click("#export-csv")
    return download.value.path().read_bytes()


def enter_labs(page) -> None:
    page.fill("#bilirubin", "12")
    page.fill("#albumin", "42")
    page.fill("#platelets", "180")
    page.click("#labs-form button[type=submit]")
    page.wait_for_selector("#established-scores .status")


def record_follow_up(page, status: str, note: str, expected: int) -> None:
    page.check(f"#fu-status-{status}")
    page.fill("#fu-note", note)
    page.click("#fu-save")
    page.wait_for_function("n => document.querySelectorAll('#follow-up-history li').length === n",
                           arg=expected)


def test_a_doctors_day(browser, live_server, staff_accounts, shared_residents):
    context, page, problems = open_desk(browser, live_server)
    page.goto("/staff.html")
    page.wait_for_selector("form.signin")
    check_accessibility(page, "staff-signin")
    save_screenshot(page, "staff-signin")
    sign_in(page, "dr-wang")
    page.wait_for_selector(ROWS)
    assert "王医生" in page.inner_text("#who") and "家庭医生" in page.inner_text("#who")

    listed = rows(page)
    names = page.eval_on_selector_all(f"{ROWS} td.who a", "links => links.map(a => a.innerText)")
    assert sorted(names) == RESIDENT_NAMES
    assert "张伟" in listed[0] and "自述症状" in listed[0]  # warning signs come first
    assert page.get_attribute(f"{ROWS}:first-child", "class") == "urgent-row"
    assert "1紧急" in page.inner_text("ul.counts").replace("\n", "")
    check_accessibility(page, "doctor-worklist-zh")
    save_screenshot(page, "doctor-worklist")

    filter_high(page, "liver")
    assert "刘洋" in rows(page)[0]
    body = export_csv(page)
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert CJK.search(header) and "刘洋" in text and "王建国" not in text

    page.click(f"{ROWS} a")
    page.wait_for_selector("#established-scores")
    assert page.inner_text("main h1").startswith("刘洋")
    assert "乙肝" in page.inner_text("#risks-title + .table-wrap + article")  # the rule behind the band
    for score in ("plcom2012", "apcs", "amap"):
        card = page.inner_text(f"#score-{score}")
        assert "阈值" in card and "注意" in card  # published threshold and caveat beside ours
    assert "未计算" in page.inner_text("#score-amap")
    enter_labs(page)
    amap = page.inner_text("#score-amap")
    assert "未计算" not in amap and re.search(r"\d", amap.split("阈值")[0])

    record_follow_up(page, "contacted", "电话联系，约了下周", 1)
    record_follow_up(page, "booked", "已约肝脏超声", 2)
    page.reload()
    page.wait_for_selector("#follow-up-history")
    history = page.eval_on_selector_all("#follow-up-history li", "items => items.map(i => i.innerText)")
    assert len(history) == 2 and "电话联系，约了下周" in " ".join(history)  # nothing overwritten
    assert "已预约筛查" in " ".join(history) and "已联系" in " ".join(history)
    check_accessibility(page, "doctor-detail-zh")
    save_screenshot(page, "doctor-detail")

    switch_language(page, "en")
    page.wait_for_function("() => document.querySelector('main h2').innerText === 'Risks'")
    assert "Threshold" in page.inner_text("#score-amap")
    check_accessibility(page, "doctor-detail-en")
    save_screenshot(page, "doctor-detail-en")
    page.click("nav a[href='#/doctor/worklist']")
    page.wait_for_selector(ROWS)
    assert "Action queue" in page.inner_text("main h1")
    check_accessibility(page, "doctor-worklist-en")

    page.click("#sign-out")
    page.wait_for_selector("form.signin")
    assert "signed out" in page.inner_text("main")
    page.goto("/staff.html#/doctor/worklist")
    page.wait_for_selector("form.signin")  # the session is gone on the server too
    context.close()
    assert not problems, problems


def test_a_doctor_of_another_centre_sees_none_of_them(browser, live_server, live_app,
                                                      staff_accounts, shared_residents):
    with live_app.app_context():
        some_id = db.session.scalars(select(Assessment.id)).first()
        db.session.remove()
    context, page, problems = open_desk(browser, live_server)
    page.goto("/staff.html")
    sign_in(page, "dr-other")
    page.wait_for_selector("#result-count")
    main = page.inner_text("main")
    assert "没有符合条件的居民" in main and not any(name in main for name in RESIDENT_NAMES)
    page.goto(f"/staff.html#/doctor/assessments/{some_id}")
    page.wait_for_selector("main .error-text")
    assert not any(name in page.inner_text("main") for name in RESIDENT_NAMES)
    context.close()
    assert not problems, problems


def test_repeated_wrong_passwords_are_throttled_with_the_wait_shown(browser, live_server,
                                                                   staff_accounts):
    context, page, problems = open_desk(browser, live_server)
    page.goto("/staff.html")
    for attempt in range(6):
        sign_in(page, "dr-typo", f"wrong password {attempt}")
        page.wait_for_function("() => document.querySelector('#signin-error').innerText !== ''")
        message = page.inner_text("#signin-error")
        if attempt < 5:
            assert "用户名或密码不正确" in message
            page.evaluate("document.querySelector('#signin-error').textContent = ''")
    assert "登录失败次数过多" in message and "15" in message and "分钟" in message
    assert page.evaluate("document.activeElement.id") == "password"
    context.close()
    assert not problems, problems


def test_assisted_assessment_prints_the_residents_code(browser, live_server, staff_accounts):
    context, page, problems = open_desk(browser, live_server)
    page.goto("/staff.html")
    sign_in(page, "dr-wang")
    page.wait_for_selector("#result-count")
    page.click("nav a[href='#/doctor/assisted']")
    page.wait_for_selector("form.assisted [data-link-id='sex']")
    assert not page.is_visible("[data-link-id='centre']")  # the doctor's centre, set for them
    page.click("form.assisted button[type=submit]")
    assert "同意" in page.inner_text("#assisted-error")  # no consent recorded: nothing sent
    page.check("#consent")
    answers = man_62_smoker(contact_name="陈阿姨", contact_phone="13912345678")
    answer_screen(page, {k: v for k, v in answers.items() if k not in ("centre", "share_with_doctor")})
    page.click("form.assisted button[type=submit]")
    page.wait_for_selector("#assisted-result")
    code = page.inner_text("#printout-code").strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code)  # issue 14's short code
    printed = page.inner_text("#assisted-result")
    assert "肺癌" in printed and "东湖街道社区卫生服务中心" in printed and "0000-0000001" in printed
    assert page.is_visible("#assisted-result svg.qr")
    save_screenshot(page, "doctor-assisted-result")
    page.click("nav a[href='#/doctor/worklist']")
    page.wait_for_selector(ROWS)
    assert "陈阿姨" in rows(page)[0] and "在中心协助填写" in rows(page)[0]
    context.close()
    assert not problems, problems
