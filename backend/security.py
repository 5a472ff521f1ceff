"""Response hardening: security headers on every response, and CORS closed unless configured.

Every response carries:

* ``Content-Security-Policy``: for API answers (JSON, CSV) nothing may load at all
  (``default-src 'none'``); for each PWA page the policy it declares in its own meta tag,
  plus ``frame-ancestors 'none'`` (a meta tag cannot say that); for the PWA's other files
  and the ``/api/docs`` page the residents' page policy. It also applies to ``sw.js``: a service worker runs under the policy
  its script was served with, and ``'none'`` would stop it fetching anything.
* ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` (result addresses
  carry an assessment id that is nobody else's business), ``X-Frame-Options: DENY`` for
  browsers older than ``frame-ancestors``.
* ``Strict-Transport-Security`` when ``HSTS_MAX_AGE`` > 0 (the default outside development
  and tests, where the service is only reached over HTTPS).

Hostile input is refused at the edge, before any route sees it (400 in the one error shape): a
NUL character anywhere in the path, query or JSON body (PostgreSQL text cannot hold one, so
it would otherwise surface as a database error), and JSON integers or ``<int:…>`` path
segments outside PostgreSQL's 32-bit ``integer`` (no value in this service comes near it).

CORS: the PWA is served from the API's own origin, so no cross-origin access is granted by
default. ``CORS_ALLOWED_ORIGINS`` (comma-separated, exact origins) opens plain reads and
writes to named origins, never with credentials: the staff session cookie stays same-site.
"""
from __future__ import annotations

import re
from pathlib import Path

from flask import Flask, current_app, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from backend.errors import InputRefusedError

API_POLICY = "default-src 'none'; frame-ancestors 'none'"
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; "
               "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")

FIXED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


META_POLICY = re.compile(r'http-equiv="Content-Security-Policy"\s+content="([^"]+)"')
POLICIES_KEY = "zaoshai.page_policies"


def page_policies(pwa_dir: Path) -> dict[str, str]:
    """``{"/staff.html": policy, …}``: each PWA page's own meta-tag policy, plus
    ``frame-ancestors 'none'``, so that the header never forbids what the page allows
    (browsers enforce both). Read once at start; "/" is index.html."""
    policies = {}
    for page in sorted(pwa_dir.glob("*.html")):
        found = META_POLICY.search(page.read_text(encoding="utf-8"))
        if found:
            policies[f"/{page.name}"] = f"{found.group(1)}; frame-ancestors 'none'"
    if "/index.html" in policies:
        policies["/"] = policies["/index.html"]
    return policies


def content_security_policy(path: str, mimetype: str | None) -> str:
    """A page's own policy; the PWA's for its other files and /api/docs; none for API data."""
    if path.startswith("/api/") and mimetype != "text/html":
        return API_POLICY
    return current_app.extensions[POLICIES_KEY].get(path, PAGE_POLICY)


def _allowed_origin() -> str | None:
    origin = request.headers.get("Origin")
    return origin if origin and origin in current_app.config["CORS_ALLOWED_ORIGINS"] else None


def add_security_headers(response):
    """after_request: the headers above on every response, errors included."""
    for name, value in FIXED_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers["Content-Security-Policy"] = content_security_policy(request.path,
                                                                          response.mimetype)
    max_age = current_app.config["HSTS_MAX_AGE"]
    if max_age:
        response.headers["Strict-Transport-Security"] = f"max-age={max_age}; includeSubDomains"
    origin = _allowed_origin()
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, Authorization, Accept-Language"
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, DELETE"
    # Responses differ by Origin whenever an allow-list exists, so caches must key on it.
    if current_app.config["CORS_ALLOWED_ORIGINS"]:
        response.vary.add("Origin")
    return response


INT_LIMIT = 2**31 - 1


class BoundedIntegerConverter(IntegerConverter):
    """``<int:…>`` that does not match past PostgreSQL's integer: a 404, not an overflow."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", INT_LIMIT)
        super().__init__(map, *args, **kwargs)


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _has_huge_integer(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) > INT_LIMIT
    if isinstance(value, dict):
        return any(_has_huge_integer(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_huge_integer(v) for v in value)
    return False


def refuse_hostile_input() -> None:
    """before_request, API only: NUL characters and out-of-range integers (see above)."""
    if not request.path.startswith("/api/"):
        return
    query = [*request.args.keys(), *request.args.values()]
    body = request.get_json(silent=True) if request.is_json else None
    if _has_nul(request.path) or _has_nul(query) or _has_nul(body):
        raise InputRefusedError(_("The request contains a character that is not allowed "
                                  "(a NUL character). Remove it and try again."))
    if _has_huge_integer(body):
        raise InputRefusedError(_("A number in the request is far too large."))


def init_app(app: Flask) -> None:
    """Call before the blueprints are registered: routes pick their converters when added."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.extensions[POLICIES_KEY] = page_policies(Path(app.config["PWA_DIR"]))
    app.before_request(refuse_hostile_input)
    app.after_request(add_security_headers)
