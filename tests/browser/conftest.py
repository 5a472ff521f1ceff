"""Browser tests: the real app on 127.0.0.1, driven by Playwright in Debian's Chromium.

The app runs in a background thread (werkzeug's make_server) over its own temporary SQLite
database, built by the real migrations and seeded with the demo centres and the starter
library; every test starts with no assessments. Chromium is the system one (``apt-get
install -y chromium fonts-noto-cjk``): a missing browser fails the run, it is never skipped.
Screenshots and the accessibility and size figures go to ``test-artifacts/`` (gitignored).
"""
from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select
from werkzeug.serving import make_server

from backend.app import create_app
from backend.assessments.tables import Assessment
from backend.centres.service import load_demo_centres
from backend.content.starter import load_starter_library
from backend.config import TestConfig
from backend.extensions import db

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
# Service-worker requests are routable only with this switch (set before Playwright starts),
# and the offline test needs to abort the worker's own replays of the outbox.
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser-db") / "zaoshai.sqlite3"
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))
    with app.app_context():
        upgrade(directory=str(ROOT / "backend" / "migrations"))
        load_demo_centres()
        load_starter_library()  # as `make run` does: results carry advice, the library has articles
    return app


# Every response the test server sent: (path with query, bytes on the wire, content-encoding).
# The server side sees what the page's DevTools connection does not: the service worker's own
# requests (its install fetches the shell again with cache: "reload", and the data).
SENT: list[tuple[str, int, str]] = []


def body_read_before_sending(wsgi_app):
    """Read each response whole (closing its file) before werkzeug's server writes it, and
    count its bytes into ``SENT`` (status line, headers and body, as werkzeug writes them).

    The browser drops connections the tests cut (offline, aborted routes, reloads mid-load);
    werkzeug's development server can then fail before it closes the response, leaving a
    file of pwa/ open, and the ResourceWarning fails whichever test is running at the next
    garbage collection. Test plumbing only: the app serves the same bytes.
    """
    def app(environ, start_response):
        sent = {}

        def counting_start_response(status, headers, exc_info=None):
            sent["head"] = len(f"HTTP/1.1 {status}\r\n") + sum(
                len(f"{k}: {v}\r\n") for k, v in headers) + 2
            sent["encoding"] = dict((k.lower(), v) for k, v in headers).get("content-encoding", "none")
            return start_response(status, headers, exc_info)

        iterable = wsgi_app(environ, counting_start_response)
        try:
            body = b"".join(iterable)
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
        query = environ.get("QUERY_STRING")
        path = environ.get("PATH_INFO", "") + (f"?{query}" if query else "")
        # werkzeug adds Server and Date (about 70 bytes) after the app's headers
        SENT.append((path, sent.get("head", 0) + 70 + len(body), sent.get("encoding", "none")))
        return [body]
    return app


@pytest.fixture(scope="session")
def live_server(live_app):
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, body_read_before_sending(live_app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def no_assessments(live_app):
    with live_app.app_context():
        db.session.execute(Assessment.__table__.delete())
        db.session.commit()
        db.session.remove()


@pytest.fixture
def stored_assessments(live_app):
    """How many assessments the server holds now."""
    def count() -> int:
        with live_app.app_context():
            try:
                return db.session.scalar(select(func.count()).select_from(Assessment))
            finally:
                db.session.remove()
    return count


@pytest.fixture(scope="session")
def playwright_instance():
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium fonts-noto-cjk "
                    "(the browser tests drive Debian's Chromium; they are never skipped)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM),
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
    yield browser
    browser.close()


def new_phone(browser, base_url, **options):
    """A fresh phone (empty IndexedDB, no service worker yet) at 390×844."""
    settings = dict(viewport=PHONE, base_url=base_url, locale="zh-CN", is_mobile=True,
                    has_touch=True, service_workers="allow")
    settings.update(options)
    return browser.new_context(**settings)


@pytest.fixture
def context(browser, live_server):
    # bypass_csp: axe-core is injected as an inline script, which the app's CSP forbids (as
    # it should); test_first_load checks the page under its real CSP.
    context = new_phone(browser, live_server, bypass_csp=True)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda msg: problems.append(f"console: {msg.text}")
            if msg.type == "error" and "net::ERR_INTERNET_DISCONNECTED" not in msg.text
            and "Failed to load resource" not in msg.text else None)
    yield page
    assert not problems, problems


def save_screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_accessibility(page, name: str) -> list[dict]:
    """Run axe-core; fail on serious or critical violations; keep the report as an artefact."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    report = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    violations = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                   "nodes": [n["target"] for n in v["nodes"]][:5]} for v in report["violations"]]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(violations, indent=1), encoding="utf-8")
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe on {name}: {json.dumps(bad, indent=1, ensure_ascii=False)}"
    return violations
