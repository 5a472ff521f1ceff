"""``/api/docs`` (Swagger UI) still works under the Content-Security-Policy header.

Chromium loads the page from gunicorn with the real headers, and the test fails on any CSP
violation the page reports or if Swagger UI does not render the API's operations. The
browser runs in a child process: the browser tests' session-wide Playwright may already be
running in this one, and Playwright's sync API cannot be started twice in a thread.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from servers import ROOT, gunicorn

CHROMIUM = Path("/usr/bin/chromium")
SCRIPT = r"""
import json, sys
from playwright.sync_api import sync_playwright
url, shot = sys.argv[1], sys.argv[2]
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                args=["--no-sandbox", "--disable-gpu"])
    page = browser.new_page(viewport={"width": 1024, "height": 900})
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e => "
        "window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")
    console = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    response = page.goto(url)
    page.wait_for_selector(".opblock-summary-path", timeout=20000)
    operations = page.locator(".opblock-summary-path").count()
    page.screenshot(path=shot)
    print(json.dumps({"csp": response.headers.get("content-security-policy"),
                      "violations": page.evaluate("window.__violations"),
                      "console": console, "operations": operations}))
    browser.close()
"""


def test_swagger_ui_renders_with_no_csp_violation(app, clean_db, tmp_path):
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium fonts-noto-cjk")
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    shot = ROOT / "test-artifacts" / "api-docs-under-csp.png"
    with gunicorn(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, workers=1,
                  extra=("--log-level", "warning")) as (port, _):
        run = subprocess.run([sys.executable, "-c", SCRIPT, f"http://127.0.0.1:{port}/api/docs",
                              str(shot)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert "script-src 'self'" in seen["csp"] and "frame-ancestors 'none'" in seen["csp"]
    assert seen["violations"] == [], seen
    assert not [m for m in seen["console"] if "Content Security Policy" in m], seen["console"]
    assert seen["operations"] >= 30  # every documented operation is listed
