"""Validate a resident's answers against a questionnaire definition, FHIR-style.

Answers are a flat mapping ``{linkId: value}``. Items are walked in document order; an item is
enabled when its group is, its ``minAge`` is met and its ``enableWhen`` holds against the answers
already cleaned (a target that is unanswered, invalid or disabled counts as unanswered, so only
``exists false`` holds). Answers to disabled items are dropped, as FHIR says, because the PWA may
keep answers the resident later made irrelevant. Every problem is collected and raised at once
as ``InvalidAnswersError`` with ``details = {linkId: message}`` in the current language.
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from backend.errors import InvalidAnswersError
from backend.questionnaires.definition import Definition
from backend.questionnaires.types import AnswerError, Context, item_type


def is_blank(value) -> bool:
    """No answer: absent, null, an empty string or an empty list."""
    return value is None or value == "" or value == []


def _condition_holds(condition: dict, answers: dict, definition: Definition) -> bool:
    value = answers.get(condition["question"])
    operator = condition["operator"]
    if operator == "exists":
        return (value is not None) == condition["answerBoolean"]
    if value is None:
        return False
    expected = next(v for k, v in condition.items() if k.startswith("answer"))
    if isinstance(expected, dict):
        expected = expected["code"]
    if isinstance(value, list):  # choice with repeats: "=" means "includes"
        return (expected in value) == (operator == "=")
    return {"=": value == expected, "!=": value != expected, ">": value > expected,
            "<": value < expected, ">=": value >= expected, "<=": value <= expected}[operator]


def is_enabled(item: dict, answers: dict, age: int | None, definition: Definition) -> bool:
    """The item's own conditions (the caller checks its group)."""
    if "minAge" in item and item["type"] != "birth_year" and age is not None and (
            age < item["minAge"]):
        return False
    conditions = item.get("enableWhen")
    if not conditions:
        return True
    results = (_condition_holds(c, answers, definition) for c in conditions)
    return all(results) if item.get("enableBehavior") == "all" else any(results)


def _age(definition: Definition, answers: dict, context: Context) -> int | None:
    link_id = definition.birth_year_item
    if not link_id or is_blank(answers.get(link_id)):
        return None
    try:
        year = item_type(definition.by_link[link_id]).clean(
            definition.by_link[link_id], answers[link_id], context)
    except AnswerError:
        return None
    return context.today.year - year


def _clean_one(item: dict, raw, context: Context, age: int | None):
    value = item_type(item).clean(item, raw, context)
    if item.get("notAfterAge") and age is not None and value > age:
        raise AnswerError(_("This cannot be more than your age (%(age)s).", age=age))
    return value


def _unknown_items(definition: Definition, answers: dict) -> dict[str, str]:
    by_link = definition.by_link
    errors = {}
    for link_id in answers:
        if link_id not in by_link:
            errors[str(link_id)] = _("This question is not in the questionnaire.")
        elif not item_type(by_link[link_id]).answerable and not is_blank(answers[link_id]):
            errors[link_id] = _("This item does not take an answer.")
    return errors


def validate_answers(definition: Definition, answers: dict, *, centre_codes: set[str],
                     today: date) -> dict:
    """The cleaned answers of enabled items; raises ``InvalidAnswersError`` with every problem."""
    if not isinstance(answers, dict):
        raise InvalidAnswersError(_("Send the answers as an object of question ids and answers."))
    context = Context(today, frozenset(centre_codes))
    age = _age(definition, answers, context)
    errors = _unknown_items(definition, answers)
    cleaned: dict = {}
    enabled: dict[str, bool] = {}
    for item in definition.items:
        link_id, parent = item["linkId"], definition.parents[item["linkId"]]
        enabled[link_id] = (parent is None or enabled[parent]) and is_enabled(
            item, cleaned, age, definition)
        if not enabled[link_id] or not item_type(item).answerable:
            continue
        raw = answers.get(link_id)
        if is_blank(raw):
            if item.get("required"):
                errors[link_id] = _("Please answer this question.")
            continue
        try:
            cleaned[link_id] = _clean_one(item, raw, context, age)
        except AnswerError as exc:
            errors[link_id] = exc.message
    if errors:
        raise InvalidAnswersError(_("Some answers need to be checked. Please look at the "
                                    "questions marked."), details=errors)
    return cleaned

