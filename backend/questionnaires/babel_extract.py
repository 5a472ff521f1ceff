"""A Babel extractor for questionnaire JSON: every user-facing string becomes a msgid.

Registered in ``babel.cfg`` as
``[backend.questionnaires.babel_extract:extract_questionnaire: questionnaires/**.json]``.
Files that are not a ``Questionnaire`` (the format schema) yield nothing. A FHIR file is read
back into the working form first, so exactly the strings the localiser translates are
extracted (not, say, a LOINC display name). The translator comment
names the item, so a translator sees which question a string belongs to.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from backend.questionnaires.fhir_format import from_fhir, is_fhir
from backend.questionnaires.localise import TRANSLATED_KEYS


def questionnaire_strings(raw: dict) -> Iterator[tuple[str, str]]:
    """``(msgid, where)`` for every translated string of a questionnaire, in document order.

    ``raw`` is a FHIR file or a working-form document.
    """
    if is_fhir(raw):
        raw = from_fhir(raw)

    def walk(node, where):
        if isinstance(node, list):
            for child in node:
                yield from walk(child, where)
        elif isinstance(node, dict):
            where = node.get("linkId", where)
            for key, value in node.items():
                if key in TRANSLATED_KEYS and isinstance(value, str):
                    yield value, f"{where} {key}"
                elif isinstance(value, (list, dict)) and key != "code":  # standard codes
                    yield from walk(value, where)
    if isinstance(raw, dict) and raw.get("resourceType") == "Questionnaire":
        yield from walk(raw, raw.get("id", ""))


def _line_of(text: str, message: str, start: int) -> tuple[int, int]:
    """1-based line of the first occurrence of ``message`` (as JSON) from ``start``."""
    encoded = json.dumps(message, ensure_ascii=False)
    index = text.find(encoded, start)
    if index < 0:
        return 1, start
    return text.count("\n", 0, index) + 1, index


def extract_questionnaire(fileobj, keywords, comment_tags, options):
    """Babel extraction method: yields ``(lineno, funcname, message, comments)``."""
    text = fileobj.read().decode(options.get("encoding", "utf-8"))
    try:
        raw = json.loads(text)
    except json.JSONDecodeError:
        return
    position = 0
    for message, where in questionnaire_strings(raw):
        line, position = _line_of(text, message, position)
        yield line, "_", message, [f"questionnaire: {where}"]
