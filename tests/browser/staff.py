"""Staff helpers for the browser tests: accounts, residents who shared, a signed-in desk.

Accounts are made through the accounts service and residents through the residents' own
``submit_assessment`` (the demo residents of ``backend.doctors.demo``), so the staff screens
read exactly what the API would store. The live app lives for the whole session; every test
starts with no assessments (conftest's ``no_assessments``), the accounts stay.
"""
from __future__ import annotations

import pytest

from backend.accounts import service
from backend.doctors.demo import DEMO_RESIDENTS, seed_residents
from backend.extensions import db

PASSWORD = "a long staff password 42"
DESKTOP = {"width": 1280, "height": 800}
OWN, OTHER = "DEMO-HC-01", "DEMO-HC-02"
ACCOUNTS = {  # username: (role, centre, display name)
    "dr-wang": ("doctor", OWN, "王医生"),
    "dr-other": ("doctor", OTHER, "Dr Other"),
    "admin-zhao": ("admin", None, "赵管理员"),
}
RESIDENT_NAMES = sorted(a["contact_name"] for a in DEMO_RESIDENTS.values())


@pytest.fixture(scope="session")
def staff_accounts(live_app):
    """The accounts of ACCOUNTS, created once per session."""
    with live_app.app_context():
        for username, (role, centre, name) in ACCOUNTS.items():
            if service.find_user(username) is None:
                service.create_user(username, PASSWORD, role, centre, name)
        db.session.remove()
    return ACCOUNTS


@pytest.fixture
def shared_residents(live_app):
    """The four demo residents, submitted and shared with DEMO-HC-01; how many were stored."""
    with live_app.app_context():
        created = seed_residents()
        db.session.remove()
    assert created == len(DEMO_RESIDENTS)
    return created


def open_desk(browser, base_url, locale="zh-CN"):
    """A desktop browser (bypass_csp: axe is injected inline) and a list of page problems."""
    context = browser.new_context(viewport=DESKTOP, base_url=base_url, locale=locale,
                                  bypass_csp=True, accept_downloads=True)
    page = context.new_page()
    # Playwright's own default: a resident's detail (scores, history, markers) can take several
    # seconds to save and draw on the 2-core machine while the rest of the suite runs beside it.
    page.set_default_timeout(30_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error"
            and "Failed to load resource" not in msg.text else None)
    return context, page, problems


def sign_in(page, username, password=PASSWORD) -> None:
    """Sign in from the staff page's form (it must be showing)."""
    page.wait_for_selector("form.signin")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("form.signin button[type=submit]")


def switch_language(page, lang: str) -> None:
    """Press the header's language switch and wait for the page to be redrawn in ``lang``."""
    page.click(f"#language[lang={lang}]")
    page.wait_for_function("l => document.documentElement.lang === l", arg=lang)
    page.wait_for_load_state("networkidle")
