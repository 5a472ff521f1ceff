"""Throttling of short-code look-ups: the code is short, so guessing must be slow.

Counted per client address, failures only (404 unknown code, 422 not a code): a family opening
their own codes is never slowed, one address trying codes is refused with 429 once over
``SHORT_CODE_LOOKUP_LIMIT`` (default 10 an hour) until the window passes, right code or not.
The limiter and its storage (Redis when ``REDIS_URL`` is set) are the sign-in limiter's.
"""
from __future__ import annotations

from flask import current_app, request

from backend.extensions import limiter


def _address() -> str:
    return request.remote_addr or ""


def _limit() -> str:
    return current_app.config.get("SHORT_CODE_LOOKUP_LIMIT", "10 per hour")


def _failed(response) -> bool:
    return response.status_code in (404, 422)


throttle_short_code_lookup = limiter.limit(_limit, key_func=_address, deduct_when=_failed,
                                           scope="short-code-lookup")


def lookup_throttled(exc):
    """429 that says what happened and for how long, in the resident's language."""
    from flask_babel import gettext as _

    from backend.accounts.throttle import minutes_to_wait
    from backend.errors import error_response

    minutes = minutes_to_wait()
    return error_response(429, "too_many_requests", _(
        "Too many wrong codes were tried from this connection. Please try again in "
        "%(minutes)s minutes, or ask your family doctor.", minutes=minutes),
        {"retry_after_minutes": minutes})
