"""Throttling of short-code look-ups: the code is short, so guessing must be slow.

Counted per client address, failures only (unknown code, or text that cannot be a code): a
family opening their own codes is never slowed; one address trying codes is refused with 429
once over ``SHORT_CODE_LOOKUP_LIMIT`` (default 10 an hour) until the window passes, right code
or not. The counter is the sign-in throttle's (``backend.accounts.throttle.Counter``): the
same shared storage (Redis or the database) and the same fallback when that storage fails.
"""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from backend.accounts.throttle import Counter
from backend.errors import InvalidFieldsError, NotFoundError, TooManyAttemptsError


def _lookup_counter() -> Counter:
    return Counter("SHORT_CODE_LOOKUP_LIMIT", "short-code-lookup", (request.remote_addr or "",))


def _refusal(counter: Counter) -> TooManyAttemptsError:
    seconds = counter.seconds_left()
    minutes = max(1, round(seconds / 60))  # rounded: the window ends a second past the minute
    return TooManyAttemptsError(_(
        "Too many wrong codes were tried from this connection. Please try again in "
        "%(minutes)s minutes, or ask your family doctor.", minutes=minutes),
        {"retry_after_minutes": minutes}, retry_after=int(seconds))


def throttled_lookup(lookup):
    """``lookup()`` (opening a code) under the per-address limit; its failures count."""
    counter = _lookup_counter()
    if counter.over():
        raise _refusal(counter)
    try:
        return lookup()
    except (NotFoundError, InvalidFieldsError):
        counter.hit()
        raise
