"""Programme figures in a real browser, in Chinese, 1366×768: a doctor's centre by name, the
rates, a CSV export; an admin's centres side by side. Screenshots into test-artifacts/."""
from __future__ import annotations

from conftest import ARTIFACTS, check_accessibility
from staff import open_desk, shared_residents, sign_in, staff_accounts  # noqa: F401

WIDE = {"width": 1366, "height": 768}


def test_figures_name_the_centre_show_rates_and_export(browser, live_server, staff_accounts,
                                                       shared_residents):
    context, page, problems = open_desk(browser, live_server)
    page.set_viewport_size(WIDE)
    page.goto("/staff.html#/doctor/figures")
    sign_in(page, "dr-wang")
    page.wait_for_selector("#figures tbody tr")
    assert "东湖街道社区卫生服务中心" in page.inner_text("main .lead")
    head = page.inner_text("#figures thead")
    assert "随访率" in head and "筛查检出率" in head
    assert "0%" in page.inner_text("#figures tfoot")  # followed up ÷ shared: nobody called yet
    with page.expect_download() as download:
        page.click("#export-figures")
    assert download.value.suggested_filename.startswith("figures-DEMO-HC-01-")
    check_accessibility(page, "figures")
    page.click("#sign-out")
    sign_in(page, "admin-zhao")
    page.click("nav a[href='#/admin/figures']")
    page.wait_for_selector("#figures-centres tbody tr")
    assert "东湖街道社区卫生服务中心（演示）" in page.inner_text("#figures-centres")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-figures.png"), full_page=True)
    context.close()
    assert not problems, problems
