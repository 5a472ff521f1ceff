"""Sign-in and password-change throttling, counted where every worker sees the same numbers.

Counters live in a ``limits`` storage: Redis when ``REDIS_URL`` is set, otherwise this app's
database (``backend/rate_limits.py``), so the limits hold across workers and machines; if that
storage fails, each worker falls back to its own memory rather than refusing sign-in. (The
``limits`` library directly, not Flask-Limiter: its decorators are not used here, and its
hooks on every request cost a submission about 4% of its time for nothing.)

Only failures count. Three limits on sign-in, each a fixed window:

* **account and address** (``LOGIN_RATE_LIMIT``, 5 per 15 minutes): once over, that account
  cannot sign in from that address, right password or not, until the window passes;
* **account** across addresses (``LOGIN_ACCOUNT_RATE_LIMIT``): caps the guesses at one
  account from many addresses (five each from five addresses, then a sixth);
* **address** (``LOGIN_ADDRESS_RATE_LIMIT``): one address trying many names. Many colleagues
  share a centre's or a carrier's address, so this one never locks out the right password of
  any account: over it, every *failed* attempt answers 429 (an unknown name or a wrong
  password look alike, so it tells nothing about which names exist) and the right password
  still signs in; the two limits above still bound the guesses at any real account.

The failure that closes a limit is audited once ("auth.sign_in_blocked", with which limits and
for how long); the refused attempts after it are not, so that a flood cannot fill the log.

``POST /auth/password``: wrong current passwords per account (``PASSWORD_CHANGE_RATE_LIMIT``);
once over, every attempt is 429 until the window passes.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from flask import Flask, current_app, request
from flask_babel import gettext as _
from limits import parse
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.middleware.proxy_fix import ProxyFix

from backend import rate_limits  # noqa: F401  (registers the database:// storage)
from backend.accounts import audit
from backend.errors import DomainError, TooManyAttemptsError

log = logging.getLogger(__name__)

_fallback = FixedWindowRateLimiter(MemoryStorage())
LIMITER_KEY = "zaoshai.rate_limiter"


def init_app(app: Flask) -> None:
    """The shared counters (storage from ``RATELIMIT_STORAGE_URI``) and trust N proxies."""
    app.extensions[LIMITER_KEY] = FixedWindowRateLimiter(
        storage_from_string(app.config["RATELIMIT_STORAGE_URI"]))
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        # Only as many X-Forwarded-For hops as there are proxies we run: a client cannot
        # choose its own address (and with it its throttling key or audit "from where").
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)


def _shared() -> FixedWindowRateLimiter:
    return current_app.extensions[LIMITER_KEY]


def reset() -> None:
    """Forget every count (tests; ``flask`` shell after an incident)."""
    _shared().storage.reset()
    _fallback.storage.reset()


@dataclass(frozen=True)
class Counter:
    """One limit (a config key holding e.g. "5 per 15 minutes") over one identity."""

    config_key: str
    scope: str
    identity: tuple[str, ...]

    @property
    def item(self):
        return parse(current_app.config[self.config_key])

    def _run(self, method: str, *args):
        """A call on the shared storage, or on this worker's memory if that storage fails."""
        try:
            return getattr(_shared(), method)(self.item, self.scope, *self.identity, *args)
        except Exception as exc:  # noqa: BLE001  any storage failure (Redis, database)
            log.warning("rate-limit storage failed (%s): counting in this worker's memory",
                        type(exc).__name__)
            return getattr(_fallback, method)(self.item, self.scope, *self.identity, *args)

    def over(self) -> bool:
        return not self._run("test")

    def hit(self) -> None:
        self._run("hit")

    def seconds_left(self) -> float:
        return max(1.0, self._run("get_window_stats").reset_time - time.time())


def _username(name: str) -> str:
    return name.strip().lower()[:64] if isinstance(name, str) else ""


def _address() -> str:
    return request.remote_addr or ""


def sign_in_counters(username: str) -> tuple[Counter, Counter, Counter]:
    name, address = _username(username), _address()
    return (Counter("LOGIN_RATE_LIMIT", "login-account-address", (name, address)),
            Counter("LOGIN_ACCOUNT_RATE_LIMIT", "login-account", (name,)),
            Counter("LOGIN_ADDRESS_RATE_LIMIT", "login-address", (address,)))


def _seconds_left(counters) -> float:
    return max(counter.seconds_left() for counter in counters)


def _minutes(seconds: float) -> int:
    # Rounded, not ceiled: the storage's reset time is a whole second past the window, which
    # would turn a fresh 15-minute block into "16 minutes".
    return max(1, round(seconds / 60))


def _refuse(counters, message) -> TooManyAttemptsError:
    seconds = _seconds_left(counters)
    minutes = _minutes(seconds)
    return TooManyAttemptsError(message(minutes), {"retry_after_minutes": minutes},
                                retry_after=int(seconds))


def _sign_in_message(minutes: int) -> str:
    if minutes == 1:
        return _("Too many failed sign-ins. Please try again in 1 minute.")
    return _("Too many failed sign-ins. Please try again in %(minutes)s minutes.",
             minutes=minutes)


def _password_message(minutes: int) -> str:
    if minutes == 1:
        return _("Too many wrong current passwords. Please try again in 1 minute.")
    return _("Too many wrong current passwords. Please try again in %(minutes)s minutes.",
             minutes=minutes)


def throttled_sign_in(username: str, attempt):
    """``attempt()`` (the sign-in) under the three limits above; 429 when one refuses."""
    pair, account, address = sign_in_counters(username)
    blocked = [c for c in (pair, account) if c.over()]
    if blocked:
        raise _refuse(blocked, _sign_in_message)
    address_over = address.over()
    try:
        return attempt()
    except DomainError as exc:
        if exc.status != 401:
            raise
        for counter in (pair, account, address):
            counter.hit()
        _record_engaged(username, [pair, account] if address_over else [pair, account, address])
        if address_over:
            raise _refuse([address], _sign_in_message) from None
        raise


def _record_engaged(username: str, were_open: list[Counter]) -> None:
    """Audit the limits this failure closed (they were open before it): the admins see a
    lock-out once, not every refused attempt after it."""
    engaged = [counter for counter in were_open if counter.over()]
    if engaged:
        audit.record_sign_in_blocked(
            username, _address(), request.headers.get("User-Agent", ""),
            [counter.scope for counter in engaged], _minutes(_seconds_left(engaged)))


def throttled_password_change(user_id: int, attempt, wrong_current) -> None:
    """``attempt()`` (the change) with wrong current passwords counted per account."""
    counter = Counter("PASSWORD_CHANGE_RATE_LIMIT", "password-change", (str(user_id),))
    if counter.over():
        raise _refuse([counter], _password_message)
    try:
        return attempt()
    except DomainError as exc:
        if wrong_current(exc):
            counter.hit()
        raise
