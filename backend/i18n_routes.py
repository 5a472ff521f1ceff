"""``GET /api/v1/i18n/<lang>``: the PWA's own strings in one language, as ``{msgid: msgstr}``.

The residents' app marks its strings with ``t("…")`` in ``pwa/js/**.js``. They are extracted
into the same gettext catalogues as the backend's (``babel.cfg``, keyword ``t`` in
``backend/translate_cli.py``), so one translator fills one file and a string reads the same in
an API error and on a screen. Here the same extraction runs once per process over the served
PWA directory, so the app gets exactly the strings its code asks for (indico serves its
catalogues to JavaScript the same way). An ETag lets a phone on a slow network revalidate with
a 304 instead of downloading the catalogue again; the service worker keeps a copy offline.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from babel.messages.extract import extract_from_file
from flask import Response, current_app, request
from flask_babel import gettext as _
from marshmallow import Schema, fields, validate

from backend.blueprint import Blueprint
from backend.errors import NotFoundError
from backend.i18n import normalise_language, translate

blp = Blueprint("i18n", __name__, description="The residents' app's strings, translated")

# The keyword the PWA marks its strings with (``t("…")``); babel.cfg extracts the same files.
JS_KEYWORDS = {"t": None}
JS_GLOB = "js/**/*.js"
# The staff screens' modules: their strings stay out of the residents' catalogue, which every
# phone downloads on its first visit (a third of the first load otherwise).
STAFF_DIR = "js/staff"
APPS = ("residents", "staff")


class CatalogueQuerySchema(Schema):
    """Which app's strings: the residents' (default) or the staff screens' (a superset)."""

    app = fields.String(load_default="residents", validate=validate.OneOf(APPS))


def _belongs_to(path: Path, pwa_dir: str, app: str) -> bool:
    return app == "staff" or not path.relative_to(pwa_dir).as_posix().startswith(STAFF_DIR + "/")


@lru_cache(maxsize=8)
def pwa_msgids(pwa_dir: str, app: str = "staff") -> tuple[str, ...]:
    """Every ``t("…")`` msgid of ``app``'s modules under ``<pwa_dir>/js``, sorted.

    Cached: the files do not change while the app runs. The staff screens also use the
    residents' modules (the assisted assessment), so their catalogue holds every string.
    """
    found: set[str] = set()
    for path in sorted(p for p in Path(pwa_dir).glob(JS_GLOB) if _belongs_to(p, pwa_dir, app)):
        for _line, message, _comments, _context in extract_from_file(
                "javascript", path, keywords=JS_KEYWORDS):
            if isinstance(message, str) and message:
                found.add(message)
    return tuple(sorted(found))


@lru_cache(maxsize=8)
def _catalogue_body(pwa_dir: str, language: str, app: str) -> bytes:
    strings = {msgid: translate(language, msgid) for msgid in pwa_msgids(pwa_dir, app)}
    return json.dumps(strings, ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True).encode("utf-8")


@blp.route("/i18n/<string:lang>")
@blp.arguments(CatalogueQuerySchema, location="query", as_kwargs=True)
@blp.response(200, description="``{msgid: translation}`` for every string of the PWA.")
@blp.alt_response(304, description="Not modified (If-None-Match matched the ETag).")
@blp.alt_response(404, description="A language the service does not speak.")
def pwa_catalogue(lang: str, app: str):
    """The PWA's strings in ``lang`` (``zh-CN`` or ``en``; ``zh``, ``en-GB`` … are accepted).

    Raises NotFoundError (404) for any other language.
    """
    language = normalise_language(lang)
    if language is None:
        raise NotFoundError(_("This language is not available."))
    body = _catalogue_body(current_app.config["PWA_DIR"], language, app)
    response = Response(body, mimetype="application/json")
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.headers["Cache-Control"] = "no-cache"  # always revalidate; the ETag makes it cheap
    response.headers["Content-Language"] = language
    return response.make_conditional(request)
