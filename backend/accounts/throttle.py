"""Binding the limiter and the proxy settings; the keys failed sign-ins are counted by.

Failed sign-ins are counted per **account and address**: many residents' and staff phones
share one carrier address, so counting by address alone would let one person's typos lock
out everyone behind it. A much looser per-address count slows one address trying many
accounts. Only failures (401) count (``deduct_when``); once over the limit every attempt,
right password or not, gets 429 until the window passes.
"""
from __future__ import annotations

import time

from flask import Flask, current_app, request
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from werkzeug.middleware.proxy_fix import ProxyFix

from backend.errors import error_response
from backend.extensions import limiter


def init_app(app: Flask) -> None:
    """Bind Flask-Limiter (storage from ``RATELIMIT_STORAGE_URI``) and trust N proxies."""
    limiter.init_app(app)
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        # Only as many X-Forwarded-For hops as there are proxies we run: a client cannot
        # choose its own address (and with it its throttling key or audit "from where").
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)


def _username() -> str:
    body = request.get_json(silent=True)
    name = body.get("username") if isinstance(body, dict) else None
    return name.strip().lower()[:64] if isinstance(name, str) else ""


def account_and_address() -> str:
    return f"{_username()}|{request.remote_addr or ''}"


def address_only() -> str:
    return request.remote_addr or ""


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def login_address_limit() -> str:
    return current_app.config["LOGIN_ADDRESS_RATE_LIMIT"]


def failed(response) -> bool:
    """Only failed sign-ins use up the allowance."""
    return response.status_code == 401


login_throttled = [
    limiter.limit(login_limit, key_func=account_and_address, deduct_when=failed,
                  scope="login-account"),
    limiter.limit(login_address_limit, key_func=address_only, deduct_when=failed,
                  scope="login-address"),
]


def throttle_login(view):
    """Both login limits on ``view``."""
    for decorate in login_throttled:
        view = decorate(view)
    return view


def minutes_to_wait() -> int:
    """Whole minutes until the limit that refused this request lets the next attempt in."""
    limit = limiter.current_limit
    seconds = limit.reset_at - time.time() if limit else 60
    # Rounded, not ceiled: the storage's reset time is a whole second past the window, which
    # would turn a fresh 15-minute block into "16 minutes".
    return max(1, round(seconds / 60))


def sign_in_throttled(exc: RateLimitExceeded):
    """429 for sign-in that says how long to wait (the general message says "a minute", which
    would send a doctor back to retry and be refused again for a quarter of an hour)."""
    minutes = minutes_to_wait()
    message = (_("Too many failed sign-ins. Please try again in 1 minute.") if minutes == 1 else
               _("Too many failed sign-ins. Please try again in %(minutes)s minutes.",
                 minutes=minutes))
    return error_response(429, "too_many_requests", message, {"retry_after_minutes": minutes})
