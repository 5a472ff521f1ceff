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
JSON bodies are read by one parser (``AppJSONProvider``, also behind ``request.get_json``)
that refuses what would otherwise be a 500 further in: a lone surrogate (``"\ud800"``: valid
JSON, but no UTF-8 encoding exists, so neither database nor response can hold it), nesting
deeper than ``MAX_JSON_DEPTH`` (about 5,000 levels fit in 64 KB and exhaust the recursion
limit), integer literals longer than ``MAX_INT_DIGITS`` (Python refuses past 4,300 digits,
with a ValueError nothing expects) and non-finite numbers (``1e999``, ``NaN``).

CORS: the PWA is served from the API's own origin, so no cross-origin access is granted by
default. ``CORS_ALLOWED_ORIGINS`` (comma-separated, exact origins) opens plain reads and
writes to named origins, never with credentials: the staff session cookie stays same-site.
"""
from __future__ import annotations

import re
from pathlib import Path

import json
import math

import orjson
from flask import Flask, current_app, g, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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


# Far past any body this API takes (an answer set is three levels deep), far short of Python's
# recursion limit.
MAX_JSON_DEPTH = 32
# Digits in an integer literal: the 32-bit range has 10; 2**63 has 19. Longer is refused
# before Python converts it (past 4,300 digits that conversion itself raises).
MAX_INT_DIGITS = 20


class HostileJSONError(ValueError):
    """A JSON body refused by ``strict_loads``; ``message`` is lazily translated."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


SURROGATE = _l("The request contains text that is not valid Unicode (a lone surrogate). "
               "Remove it and try again.")
TOO_DEEP = _l("The request's data is nested too deeply.")
TOO_LARGE = _l("A number in the request is far too large.")


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise HostileJSONError(TOO_LARGE)
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise HostileJSONError(TOO_LARGE)
    return value


def _parse_constant(name: str):
    raise HostileJSONError(TOO_LARGE)  # NaN, Infinity, -Infinity


def _check_parsed(value) -> None:
    """Depth and surrogates, iteratively (a recursive walk could itself run out of stack)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise HostileJSONError(SURROGATE) from None
        elif isinstance(item, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise HostileJSONError(TOO_DEEP)
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


# A run of this many digits may be an integer orjson reads as a float (it stops at 64 bits):
# such bodies take the standard library's path, which keeps integers exact.
_LONG_DIGITS = re.compile(rb"[0-9]{19,}")


def _orjson_loads(data):
    """The body parsed by orjson (a C parser, ten times faster), or None when orjson refuses
    it or might read it differently: then the standard library's path decides and words the
    error (orjson refuses NaN, non-finite numbers and lone surrogates; it reads deep nesting,
    which ``_check_parsed`` refuses)."""
    try:
        raw = data.encode() if isinstance(data, str) else bytes(data)
    except UnicodeEncodeError:  # a lone surrogate in a str: the standard path words it
        return None
    if _LONG_DIGITS.search(raw):
        return None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None


def strict_loads(data, **kwargs):
    """``json.loads`` that raises ``HostileJSONError`` (a ValueError) for the bodies above."""
    value = None if kwargs else _orjson_loads(data)
    if value is None:
        try:
            value = json.loads(data, parse_int=_parse_int, parse_float=_parse_float,
                               parse_constant=_parse_constant, **kwargs)
        except RecursionError:
            raise HostileJSONError(TOO_DEEP) from None
    _check_parsed(value)
    return value


class AppJSONProvider(DefaultJSONProvider):
    """The app's JSON: read with ``strict_loads`` (``request.get_json`` included), written by
    orjson as UTF-8 (a Chinese character is 3 bytes, not a 6-byte ``\\u`` escape, which is also
    less for the compressor to chew; several times faster than the standard library). Types
    orjson does not know (Decimal, sets …) fall back to Flask's own conversions, so every
    response keeps its shape."""

    def loads(self, s, **kwargs):
        return strict_loads(s, **kwargs)

    def dumps(self, obj, **kwargs) -> str:
        if kwargs:  # an explicit indent, sort order … asked by a caller: Flask's own dumps
            return super().dumps(obj, **kwargs)
        return self._orjson(obj).decode()

    def response(self, *args, **kwargs):
        body = self._orjson(self._prepare_response_obj(args, kwargs))
        return self._app.response_class(body, mimetype=self.mimetype)

    def _orjson(self, obj) -> bytes:
        try:
            return orjson.dumps(obj, default=self.default, option=orjson.OPT_NON_STR_KEYS)
        except orjson.JSONEncodeError:  # an integer past 64 bits (a test's hostile body)
            return super().dumps(obj, ensure_ascii=False).encode()


_PARSED_BODY = "_zaoshai_json_body"
NOT_PARSED = object()


def _json_body():
    """The parsed body of a JSON request, or None; hostile bodies raise the 400 here."""
    if not request.is_json:
        return None
    data = request.get_data(cache=True)
    if not data:
        return None
    try:
        body = strict_loads(data)
    except HostileJSONError as exc:
        raise InputRefusedError(str(exc.message)) from None
    except ValueError:
        return None  # not JSON at all: the route's parser answers its own 400
    setattr(g, _PARSED_BODY, body)
    return body


def parsed_json_body():
    """The JSON body ``refuse_hostile_input`` parsed for this request, or ``NOT_PARSED`` (not
    an API request, no body, or not JSON): the routes' argument parser reuses it rather than
    parse the body a second time."""
    return g.get(_PARSED_BODY, NOT_PARSED)


def refuse_hostile_input() -> None:
    """before_request, API only: NUL characters and out-of-range integers (see above)."""
    if not request.path.startswith("/api/"):
        return
    query = [*request.args.keys(), *request.args.values()]
    body = _json_body()
    if _has_nul(request.path) or _has_nul(query) or _has_nul(body):
        raise InputRefusedError(_("The request contains a character that is not allowed "
                                  "(a NUL character). Remove it and try again."))
    if _has_huge_integer(body):
        raise InputRefusedError(_("A number in the request is far too large."))


def init_app(app: Flask) -> None:
    """Call before the blueprints are registered: routes pick their converters when added."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.json = AppJSONProvider(app)
    app.extensions[POLICIES_KEY] = page_policies(Path(app.config["PWA_DIR"]))
    app.before_request(refuse_hostile_input)
    app.after_request(add_security_headers)
