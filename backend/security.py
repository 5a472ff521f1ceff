"""Response hardening: security headers on every response, and CORS closed unless configured.

Every response carries:

* ``Content-Security-Policy``: for API answers (JSON, CSV) nothing may load at all
  (``default-src 'none'``); for the PWA's files and the ``/api/docs`` page the policy the
  pages declare in their own meta tag, plus ``frame-ancestors 'none'`` (a meta tag cannot
  say that). The PWA policy also applies to ``sw.js``: a service worker runs under the policy
  its script was served with, and ``'none'`` would stop it fetching anything.
* ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` (result addresses
  carry an assessment id that is nobody else's business), ``X-Frame-Options: DENY`` for
  browsers older than ``frame-ancestors``.
* ``Strict-Transport-Security`` when ``HSTS_MAX_AGE`` > 0 (the default outside development
  and tests, where the service is only reached over HTTPS).

CORS: the PWA is served from the API's own origin, so no cross-origin access is granted by
default. ``CORS_ALLOWED_ORIGINS`` (comma-separated, exact origins) opens plain reads and
writes to named origins, never with credentials: the staff session cookie stays same-site.
"""
from __future__ import annotations

from flask import Flask, current_app, request

API_POLICY = "default-src 'none'; frame-ancestors 'none'"
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; "
               "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")

FIXED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def content_security_policy(path: str, mimetype: str | None) -> str:
    """The page policy for HTML and the PWA's files; nothing-loads for API data."""
    if path.startswith("/api/") and mimetype != "text/html":
        return API_POLICY
    return PAGE_POLICY


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


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
