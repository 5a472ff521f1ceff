"""The administrators' screens in a real browser at 1280×800 (issue 8, UI).

An admin adds a centre and a doctor for it; the new doctor signs in with the one-time password
shown to the admin, is told which admin set it and must choose their own before the worklist
opens; the audit log (China time) shows the account's creation, the sign-in, the password
change and the read, and exports as CSV; deactivating the doctor ends their session.
Screenshots of the accounts screen, the one-time password screen and the audit log; axe on
each.
"""
from __future__ import annotations

from conftest import check_accessibility, save_screenshot
from staff import open_desk, sign_in, staff_accounts  # noqa: F401 (fixture)

CENTRE = "HC-XIHU-9"


def add_centre(page) -> None:
    page.click("nav a[href='#/admin/centres']")
    page.wait_for_selector("#centres")
    page.fill("#centre-code", CENTRE.lower())  # the form upper-cases it
    page.fill("#centre-name-zh", "西湖街道社区卫生服务中心")
    page.fill("#centre-name-en", "Xihu Street Community Health Centre")
    page.fill("#centre-district", "西湖区")
    page.click("#add-centre button[type=submit]")
    page.wait_for_selector(f"#centres th:text('{CENTRE}')")


def create_doctor(page, username: str) -> str:
    """Create the account; returns the first password the form proposed."""
    page.click("nav a[href='#/admin/accounts']")
    page.wait_for_selector("#create-account")
    page.fill("#new-username", username)
    page.fill("#new-name", "孙医生")
    page.select_option("#new-role", "doctor")
    page.select_option("#new-centre", CENTRE)
    password = page.input_value("#new-password")
    page.click("#create-account button[type=submit]")
    page.wait_for_selector(f"#accounts th:text('{username}')")
    assert password in page.inner_text("#accounts-status")  # shown once, to hand over
    return password


def test_admin_adds_a_centre_and_a_doctor_and_sees_the_doctors_read(browser, live_server,
                                                                    staff_accounts):
    admin_context, admin, admin_problems = open_desk(browser, live_server)
    admin.goto("/staff.html")
    sign_in(admin, "admin-zhao")
    admin.wait_for_selector("#accounts")
    assert "管理员" in admin.inner_text("#who")
    add_centre(admin)
    password = create_doctor(admin, "dr-sun")
    row = admin.inner_text("#accounts tr:has(th:text('dr-sun'))")
    assert "西湖街道社区卫生服务中心" in row and "家庭医生" in row and "启用中" in row
    assert "待本人设置密码" in row
    check_accessibility(admin, "admin-accounts")
    save_screenshot(admin, "admin-accounts")

    doctor_context, doctor, doctor_problems = open_desk(browser, live_server)
    doctor.goto("/staff.html")
    sign_in(doctor, "dr-sun", password)
    notice = doctor.inner_text("#password-notice")
    assert "赵管理员" in notice and "admin-zhao" in notice and "北京时间" in notice
    check_accessibility(doctor, "one-time-password")
    doctor.set_viewport_size({"width": 1366, "height": 768})
    save_screenshot(doctor, "staff-one-time-password")
    doctor.fill("#new-password", "short")
    doctor.fill("#repeat-password", "short")
    doctor.click("#password-form button[type=submit]")
    doctor.wait_for_selector("#password-error:text('密码至少要有 10 个字符。')")
    doctor.fill("#new-password", "sun's own long password")
    doctor.fill("#repeat-password", "sun's own long password")
    doctor.click("#password-form button[type=submit]")
    doctor.wait_for_selector("#result-count")
    assert "孙医生" in doctor.inner_text("#who") and "西湖街道社区卫生服务中心" in doctor.inner_text("#who")  # by name

    admin.click("nav a[href='#/admin/audit']")
    admin.wait_for_selector("form.filters")
    admin.fill("#f-username", "dr-sun")
    admin.click("form.filters button[type=submit]")
    admin.wait_for_selector("#audit tbody tr")
    first = admin.inner_text("#audit tbody tr:first-child")
    assert "dr-sun" in first and "查看工作清单" in first and "127.0.0.1" in first
    actions = admin.inner_text("#audit tbody")
    assert "修改本人密码" in actions and "登录" in actions
    assert "北京时间" in admin.inner_text("#audit thead")
    check_accessibility(admin, "admin-audit")
    admin.fill("#f-username", "")
    admin.select_option("#f-action", "account")
    admin.click("form.filters button[type=submit]")
    admin.wait_for_selector("#audit tbody tr:has-text('创建账号')")
    admin.set_viewport_size({"width": 1366, "height": 768})
    save_screenshot(admin, "admin-audit")
    with admin.expect_download() as download:
        admin.click("#export-audit")
    assert download.value.suggested_filename.startswith("audit-")

    admin.click("nav a[href='#/admin/accounts']")
    admin.click("#accounts tr:has(th:text('dr-sun')) button:text('停用')")
    admin.click(".confirm button:text('是')")
    admin.wait_for_selector("#accounts tr:has(th:text('dr-sun')) :text('已停用')")
    doctor.reload()
    doctor.wait_for_selector("form.signin")  # the doctor's session ended with the account
    for context in (doctor_context, admin_context):
        context.close()
    assert not admin_problems and not doctor_problems, admin_problems + doctor_problems


def test_a_slow_screen_never_draws_over_the_one_opened_after_it(browser, live_server,
                                                                 staff_accounts):
    """The audit log's answer is held back while the admin moves on to the centres; when it
    comes, the centres stay on screen (the log used to be drawn over them)."""
    context, page, problems = open_desk(browser, live_server)
    page.goto("/staff.html")
    sign_in(page, "admin-zhao")
    page.wait_for_selector("#accounts")
    held = []
    page.route("**/api/v1/admin/audit?*", lambda route: held.append(route))  # answered below
    page.click("nav a[href='#/admin/audit']")
    page.wait_for_function("() => location.hash === '#/admin/audit'")
    while not held:
        page.wait_for_timeout(50)
    page.click("nav a[href='#/admin/centres']")
    page.wait_for_selector("#centres")
    held[0].continue_()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # the held answer drawn, if it were to be
    assert page.locator("#centres").count() == 1 and page.locator("main h1").count() == 1
    assert page.inner_text("main h1") == "社区卫生服务中心"
    context.close()
    assert not problems, problems
