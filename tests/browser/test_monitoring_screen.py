"""The admin screen 模型监测 in a real browser at 1366×768, on a simulated city.

The city has six times the literature's liver cancer: the screen shows the drift alert, the
tables by band and decile, the calibration plot; the admin activates the recalibrated version
and the held-out check appears; a cancer with few cases says plainly that it cannot be judged.
Screenshot in Chinese (admin-monitoring.png); axe on the screen.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from backend.extensions import db
from backend.models_runtime import forget_engine
from backend.outcomes import versions
from backend.outcomes.city import load_city
from backend.outcomes.tables import ModelActivation, RegistryImport
from backend.scoring.lab.city import CityPlan
from conftest import check_accessibility, save_screenshot
from staff import sign_in, staff_accounts, switch_language  # noqa: F401 (fixture)

PLAN = CityPlan(residents=7000, seed=1366, multipliers={"liver": 6.0, "colorectal": 0.8})
WIDE = {"width": 1366, "height": 768}


@pytest.fixture
def city(live_app, tmp_path):
    """The city loaded, a recalibrated liver version written (not serving) in a models copy."""
    models = tmp_path / "models"
    shutil.copytree(live_app.config["MODELS_DIR"], models)
    original = live_app.config["MODELS_DIR"]
    live_app.config["MODELS_DIR"] = str(models)
    with live_app.app_context():
        forget_engine()
        load_city(PLAN)
        version = versions.recalibrate("liver")["model_version"]
        db.session.remove()
    yield version
    live_app.config["MODELS_DIR"] = original
    with live_app.app_context():
        forget_engine()
        db.session.execute(RegistryImport.__table__.delete())
        db.session.execute(ModelActivation.__table__.delete())
        db.session.commit()
        db.session.remove()


def test_admin_sees_liver_drift_and_activates_the_recalibrated_version(browser, live_server,
                                                                       staff_accounts, city):
    context = browser.new_context(viewport=WIDE, base_url=live_server, locale="zh-CN",
                                  bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.goto("/staff.html")
    sign_in(page, "admin-zhao")
    page.click("nav a[href='#/admin/monitoring']")
    page.wait_for_selector("#monitoring-verdict")
    assert "模型监测" in page.inner_text("h1")
    verdict = page.inner_text("#monitoring-verdict")
    assert "偏离警示：" in verdict and "flask models recalibrate --cancer liver" in verdict
    assert "偏离" in page.inner_text("#monitoring-overall tbody")
    assert page.locator("#monitoring-deciles tbody tr").count() == 10
    assert page.locator("#calibration-plot circle").count() == 10
    assert "肝癌" in page.inner_text("#monitoring-cancer")
    check_accessibility(page, "admin-monitoring")
    save_screenshot(page, "admin-monitoring")

    row = page.locator(f"#model-versions tr:has(code:text('{city}'))")
    row.locator("button:text('启用')").click()
    page.click(".confirm button:text('是')")
    page.wait_for_selector("#held-out-check")
    assert "正在使用" in page.inner_text(f"#model-versions tr:has(code:text('{city}'))")
    assert city in page.inner_text(".serving")
    assert "留出" in page.inner_text("#held-out-check")
    assert "已按这些结局重新校准" in page.inner_text("#monitoring-verdict")
    save_screenshot(page, "admin-monitoring-activated")

    page.select_option("#monitoring-cancer", "breast")
    page.wait_for_function("() => document.querySelector('#monitoring-cancer').value === 'breast'"
                           " && document.querySelector('#monitoring-verdict')")
    page.wait_for_selector("#monitoring-verdict:has-text('病例太少，无法判断')")
    context.close()
    assert not problems, problems


def test_a_version_the_held_out_half_does_not_bear_out_is_served_only_knowingly(
        browser, live_server, live_app, staff_accounts, city):
    """Its held-out O/E moved away from 1 (set so in its manifest here): the row says to keep
    the serving version, and activating asks again in those words, in Chinese and English."""
    manifest_file = Path(live_app.config["MODELS_DIR"]) / "liver" / "versions" / city / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    held = manifest["recalibration"]["held_out"]
    for key in ("oe", "oe_low", "oe_high"):  # moved away from 1, interval and all
        held["after"][key] = round(held["before"][key] + 0.4, 3)
    manifest_file.write_text(json.dumps(manifest))
    context = browser.new_context(viewport=WIDE, base_url=live_server, locale="zh-CN",
                                  bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.goto("/staff.html")
    sign_in(page, "admin-zhao")
    for language, keep, worse, yes in (
            ("zh-CN", "请保留当前启用的版本", "拟合得比它所校准的版本更差", "是，仍然启用"),
            ("en", "keep the serving version", "fits the held-out residents worse", "Yes, serve it all the same")):
        if language == "en":
            switch_language(page, "en")
        else:
            page.click("nav a[href='#/admin/monitoring']")
        row = page.locator(f"#model-versions tr.worse-fit:has(code:text('{city}'))")
        row.locator(f".warning:has-text('{keep}')").wait_for()
        row.locator("button.button.small").click()
        assert worse in page.inner_text(".confirm")
        page.locator("#model-versions").scroll_into_view_if_needed()
        save_screenshot(page, f"admin-monitoring-worse-fit-{language}")
        check_accessibility(page, f"admin-monitoring-worse-fit-{language}")
        if language == "zh-CN":
            page.click(".confirm .button.secondary")  # no: nothing changes
    page.click(f".confirm button:text('{yes}')")
    page.wait_for_selector(f"#model-versions tr:has(code:text('{city}')) strong")
    assert city in page.inner_text(".serving")
    context.close()
    assert not problems, problems
