"""Editors' targeting and the admins' centre editing in a real browser, in Chinese, 1366×768.

An editor targets an article at breast cancer or a chest CT, sees how many stored
assessments it reaches, switches to all-of and sees the count drop, writes a change note,
saves a body with HTML in it and is warned that residents would see the tags; the history
shows the note. An admin edits a centre's phone and deactivates it. Screenshots of both.
"""
from __future__ import annotations

from conftest import ARTIFACTS, check_accessibility, save_screenshot
from staff import open_desk, shared_residents, sign_in, staff_accounts  # noqa: F401 (fixtures)

WIDE = {"width": 1366, "height": 768}


def editor_account(live_app):
    from backend.accounts import service
    from backend.extensions import db

    with live_app.app_context():
        if service.find_user("editor-zhou") is None:
            service.create_user("editor-zhou", "a long staff password 42", "editor", None,
                                display_name="周编辑")
        db.session.remove()


def reach_text(page) -> str:
    page.wait_for_function("() => /\\d/.test(document.querySelector('#targeting-reach').textContent)")
    return page.inner_text("#targeting-reach")


def test_targeting_any_or_all_with_its_reach_a_change_note_and_a_markup_warning(
        browser, live_server, live_app, staff_accounts, shared_residents):
    editor_account(live_app)
    context, page, problems = open_desk(browser, live_server)
    page.set_viewport_size(WIDE)
    page.goto("/staff.html#/editor/articles/new")
    sign_in(page, "editor-zhou")
    page.wait_for_selector("#targeting-match")
    page.fill("#slug", "breast-or-ct")
    page.select_option("#kind", "result")
    page.fill("#title-zh-CN", "关于乳腺和肺部检查")
    page.fill("#summary-zh-CN", "哪些人需要做这些检查。")
    page.fill("#body-zh-CN", "请<b>尽快</b>预约检查。")
    page.check("#t-cancers-breast")
    page.check("#t-tests-ldct")
    page.wait_for_function("() => /4/.test(document.querySelector('#targeting-reach').textContent)")
    any_of = reach_text(page)
    assert "4 份已存评估" in any_of
    page.check("#match-all")
    page.wait_for_function("t => document.querySelector('#targeting-reach').textContent !== t",
                           arg=any_of)
    all_of = reach_text(page)
    assert all_of != any_of and "推送给 " in all_of
    page.fill("#change-note", "初稿：按指南写明检查对象")
    check_accessibility(page, "editor-targeting")
    page.evaluate("document.querySelector('fieldset.targeting').scrollIntoView()")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "editor-targeting.png"))  # the screen, as seen
    page.click(".sticky-actions button.primary")
    page.wait_for_selector("#markup-warnings")
    warning = page.inner_text("#markup-warnings")
    assert "中文" in warning and "Markdown" in warning and "<b>" in warning
    page.goto(f"{live_server}/staff.html#/editor/articles/breast-or-ct/history")
    page.wait_for_selector("table.versions .change-note")
    assert page.inner_text("table.versions .change-note") == "初稿：按指南写明检查对象"
    context.close()
    assert not problems, problems


def test_an_admin_edits_and_deactivates_a_health_centre(browser, live_server, staff_accounts):
    context, page, problems = open_desk(browser, live_server)
    page.set_viewport_size(WIDE)
    page.goto("/staff.html#/admin/centres")
    sign_in(page, "admin-zhao")
    page.wait_for_selector("#centres tr[data-code='DEMO-HC-02']")
    page.click("#centres tr[data-code='DEMO-HC-02'] button:text('编辑')")
    page.fill("#edit-phone", "0571-86001234")
    check_accessibility(page, "admin-centre-edit")
    save_screenshot(page, "admin-centre-edit")
    page.click("#edit-centre button[type=submit]")
    page.wait_for_selector("#centres tr[data-code='DEMO-HC-02'] :text('0571-86001234')")
    page.click("#centres tr[data-code='DEMO-HC-02'] button:text('停用')")
    page.click(".confirm button:text('是')")
    page.wait_for_selector("#centres tr[data-code='DEMO-HC-02'] :text('已停用')")
    page.click("#centres tr[data-code='DEMO-HC-02'] button:text('重新启用')")
    page.click(".confirm button:text('是')")
    page.wait_for_selector("#centres tr[data-code='DEMO-HC-02'] button:text('停用')")
    context.close()
    assert not problems, problems
