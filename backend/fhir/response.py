"""QuestionnaireResponse <-> our flat answers ``{linkId: value}``, both ways. Pure.

In: a FHIR R4 ``QuestionnaireResponse`` for one of our questionnaires becomes the same
submission the PWA sends (``client_id`` from ``identifier.value``, questionnaire and version
from the canonical ``questionnaire``), so the service validates, scores and stores it exactly
like a native one. Out: stored answers become the ``QuestionnaireResponse`` of a Bundle, in
the questionnaire's item tree.
"""
from __future__ import annotations

import uuid

from backend.questionnaires.fhir_format import (CENTRE_SYSTEM, PROJECT_BASE, option_system,
                                                questionnaire_url)

CLIENT_ID_SYSTEM = f"{PROJECT_BASE}/NamingSystem/client-id"
ACCEPTED_STATUSES = ("completed", "amended")
LANGUAGES = {"zh-CN": "zh-CN", "zh": "zh-CN", "en": "en"}


class ResponseFormatError(ValueError):
    """A QuestionnaireResponse we cannot read; ``field`` names the element, for the 422."""

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field, self.problem = field, problem


def questionnaire_reference(canonical) -> tuple[str, str]:
    """``(id, version)`` from ``…/Questionnaire/<id>|<version>``."""
    if not isinstance(canonical, str) or "|" not in canonical:
        raise ResponseFormatError("questionnaire", "must be our canonical URL with |version")
    url, _, version = canonical.partition("|")
    prefix = questionnaire_url("")
    if not url.startswith(prefix) or not url[len(prefix):] or not version:
        raise ResponseFormatError("questionnaire", f"must start with {prefix}")
    return url[len(prefix):], version


def _client_id(resource: dict) -> str:
    identifier = resource.get("identifier") or {}
    try:
        return str(uuid.UUID(str(identifier.get("value"))))
    except ValueError:
        raise ResponseFormatError("identifier", "identifier.value must be a UUID made once per "
                                  "assessment (a retry sends the same one)") from None


def _answer_value(answer: dict):
    """The plain value of one ``answer``: a Coding's code, or the one value[x]."""
    if "valueCoding" in answer:
        return answer["valueCoding"].get("code")
    values = [v for k, v in answer.items() if k.startswith("value")]
    return values[0] if len(values) == 1 else None


def _collect(items, out: dict, repeats: set[str]) -> None:
    for item in items or ():
        link_id = item.get("linkId")
        answers = item.get("answer") or []
        if answers:
            values = [_answer_value(a) for a in answers]
            out[link_id] = values if link_id in repeats or len(values) > 1 else values[0]
        _collect(item.get("item"), out, repeats)
        for answer in answers:  # FHIR nests a question's sub-questions under its answer
            _collect(answer.get("item"), out, repeats)


def to_submission(resource: dict, definition_for) -> dict:
    """The native submission of a parsed QuestionnaireResponse (``dict`` form).

    ``definition_for(id, version)`` returns the working-form ``Definition`` (it raises the
    service's 404 for an unknown questionnaire). Raises ``ResponseFormatError``.
    """
    if resource.get("resourceType") != "QuestionnaireResponse":
        raise ResponseFormatError("resourceType", "must be QuestionnaireResponse")
    if resource.get("status") not in ACCEPTED_STATUSES:
        raise ResponseFormatError("status", "must be completed (or amended)")
    questionnaire_id, version = questionnaire_reference(resource.get("questionnaire"))
    client_id = _client_id(resource)
    definition = definition_for(questionnaire_id)
    repeats = {item["linkId"] for item in definition.items if item.get("repeats")}
    answers: dict = {}
    _collect(resource.get("item"), answers, repeats)
    submission = {"client_id": client_id, "questionnaire_id": questionnaire_id,
                  "questionnaire_version": version, "answers": answers}
    if resource.get("language") in LANGUAGES:
        submission["language"] = LANGUAGES[resource["language"]]
    return submission


# --- out ------------------------------------------------------------------------------------

def _fhir_answer(item: dict, value, qid: str) -> dict:
    kind = item["type"]
    if kind == "choice":
        system = CENTRE_SYSTEM if item.get("answerValueSet") else option_system(qid, item["linkId"])
        coding = {"system": system, "code": value}
        display = next((o["display"] for o in item.get("answerOption", ())
                        if o["code"] == value), None)
        return {"valueCoding": {**coding, "display": display} if display else coding}
    if kind in ("integer", "birth_year"):
        return {"valueInteger": int(value)}
    if kind == "decimal":
        return {"valueDecimal": value}
    return {"valueString": str(value)}


def _items(items, answers: dict, qid: str) -> list[dict]:
    out = []
    for item in items:
        if item["type"] == "group":
            children = _items(item.get("item", ()), answers, qid)
            if children:
                out.append(_without_none({"linkId": item["linkId"], "text": item.get("text"),
                                          "item": children}))
        elif item["linkId"] in answers and answers[item["linkId"]] not in (None, "", []):
            value = answers[item["linkId"]]
            values = value if isinstance(value, list) else [value]
            out.append(_without_none({"linkId": item["linkId"], "text": item.get("text"),
                                      "answer": [_fhir_answer(item, v, qid) for v in values]}))
    return out


def _without_none(node: dict) -> dict:
    return {key: value for key, value in node.items() if value is not None}


def from_answers(definition, answers: dict, *, client_id: str | None = None,
                 authored: str | None = None, language: str | None = None) -> dict:
    """A QuestionnaireResponse (``dict``) of ``answers`` to the working-form ``definition``.

    Texts are the questionnaire's English msgids (the Questionnaire's language is ``en``).
    """
    resource = {"resourceType": "QuestionnaireResponse",
                "questionnaire": f"{questionnaire_url(definition.id)}|{definition.version}",
                "status": "completed"}
    if client_id:
        resource["identifier"] = {"system": CLIENT_ID_SYSTEM, "value": client_id}
    if authored:
        resource["authored"] = authored
    if language:
        resource["language"] = language
    resource["item"] = _items(definition.raw["item"], answers, definition.id)
    return resource
