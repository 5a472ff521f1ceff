"""Languages: which one a request gets, and the names the API and Babel use for them.

The API speaks BCP 47 tags (``zh-CN``, ``en``); Babel looks catalogues up by its own locale
identifiers, and ``zh_CN`` parses to ``zh_Hans_CN``, so that is the catalogue folder's name.
A folder named anything else would make Flask-Babel fall back to English without a word (the
test suite checks that Chinese is really served).
"""
from __future__ import annotations

from functools import lru_cache

from flask import request
from flask_babel import force_locale, gettext

DEFAULT_LANGUAGE = "zh-CN"
BABEL_LOCALES = {"zh-CN": "zh_Hans_CN", "en": "en"}
LANGUAGES = tuple(BABEL_LOCALES)


def normalise_language(value: str | None) -> str | None:
    """Map ``zh``, ``zh-Hans``, ``zh_CN``, ``en-GB`` … to a supported tag, or None."""
    if not value:
        return None
    value = value.strip().replace("_", "-").lower()
    if value.startswith("zh"):
        return "zh-CN"
    if value.startswith("en"):
        return "en"
    return None


def request_language() -> str:
    """``?lang=`` first, then Accept-Language, then Chinese."""
    if not request:
        return DEFAULT_LANGUAGE
    chosen = normalise_language(request.args.get("lang"))
    if chosen:
        return chosen
    best = request.accept_languages.best_match(["zh-CN", "zh", "en"])
    return normalise_language(best) or DEFAULT_LANGUAGE


def select_babel_locale() -> str:
    """Flask-Babel's locale selector."""
    return BABEL_LOCALES[request_language()]


@lru_cache(maxsize=8192)
def translate(language: str, msgid: str) -> str:
    """``msgid`` in ``language`` (an API tag). Cached: the catalogues do not change while running."""
    with force_locale(BABEL_LOCALES[language]):
        return gettext(msgid)
