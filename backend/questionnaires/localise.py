"""A definition rendered for one language, ready to serve as JSON to the PWA.

Every user-facing string (``title``, ``text``, ``help``, ``unit``, option ``display`` and
``notice``) is an
English msgid and is translated through the gettext catalogues; ``answerValueSet: "#centres"``
becomes concrete ``answerOption`` entries from the caller's list of centres. Needs an app
context for the catalogues; without one the English msgids are returned.
"""
from __future__ import annotations

from flask_babel import force_locale

from backend.i18n import BABEL_LOCALES
from backend.questionnaires.definition import Definition
from backend.questionnaires.types import translate_msgid

TRANSLATED_KEYS = ("title", "text", "help", "unit", "display", "notice")


def _translate(node, centres: list[dict]):
    if isinstance(node, list):
        return [_translate(child, centres) for child in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in TRANSLATED_KEYS and isinstance(value, str):
            out[key] = translate_msgid(value)
        elif key == "code" and isinstance(value, list):
            continue  # an item's standard codes (LOINC) are for FHIR, not for the phone
        elif key == "answerValueSet" and value == "#centres":
            out["answerOption"] = [{"code": c["code"], "display": c["name"]} for c in centres]
        else:
            out[key] = _translate(value, centres)
    return out


def localise(definition: Definition, language: str, centres: list[dict]) -> dict:
    """The definition in ``language`` (``zh-CN`` or ``en``) with centre options filled in.

    ``centres`` is a list of ``{"code", "name"}`` with the name already in ``language``.
    """
    with force_locale(BABEL_LOCALES[language]):
        rendered = _translate(definition.raw, centres)
    rendered.pop("description", None)
    rendered["language"] = language
    return rendered


def localised_title(definition: Definition, language: str) -> str:
    """The questionnaire's title in ``language``."""
    with force_locale(BABEL_LOCALES[language]):
        return translate_msgid(definition.title)
