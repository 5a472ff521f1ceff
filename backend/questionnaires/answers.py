"""Validate a resident's answers against a questionnaire definition, FHIR-style.

Answers are a flat mapping ``{linkId: value}``. Items are walked in document order; an item is
enabled when its group is, its ``minAge`` is met and its ``enableWhen`` holds against the answers
already cleaned (a target that is unanswered, invalid or disabled counts as unanswered, so only
``exists false`` holds). Answers to disabled items are dropped, as FHIR says, because the PWA may
keep answers the resident later made irrelevant. Every problem is collected and raised at once
as ``InvalidAnswersError`` with ``details = {linkId: message}`` in the current language.
"""
from __future__ import annotations

import operator
from datetime import date
from typing import NamedTuple

from flask_babel import gettext as _

from backend.errors import InvalidAnswersError
from backend.questionnaires.definition import Definition
from backend.questionnaires.types import AnswerError, Context, ItemType, item_type


def is_blank(value) -> bool:
    """No answer: absent, null, an empty string or an empty list."""
    return value is None or value == "" or value == []


COMPARE = {"=": operator.eq, "!=": operator.ne, ">": operator.gt, "<": operator.lt,
           ">=": operator.ge, "<=": operator.le}


def _expected(condition: dict):
    """The answer a condition compares with: its ``answer[x]`` value (a coding's code)."""
    expected = next(v for k, v in condition.items() if k.startswith("answer"))
    return expected["code"] if isinstance(expected, dict) else expected


def _condition_holds(condition: dict, answers: dict, definition: Definition) -> bool:
    value = answers.get(condition["question"])
    op = condition["operator"]
    if op == "exists":
        return (value is not None) == condition["answerBoolean"]
    if value is None:
        return False
    expected = _expected(condition)
    if isinstance(value, list):  # choice with repeats: "=" means "includes"
        return (expected in value) == (op == "=")
    return COMPARE[op](value, expected)


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


class _Step(NamedTuple):
    """One item of the walk, with everything the loop needs looked up once per definition."""

    link_id: str
    item: dict
    parent: str | None
    kind: ItemType
    min_age: int | None  # of the item itself (birth_year's own minAge is its range instead)
    conditions: tuple[tuple, ...]  # (question, operator, expected answer) of each enableWhen
    all_conditions: bool


def _plan(definition: Definition) -> tuple[_Step, ...]:
    """The walk over ``definition.items``, built once and kept on the definition (which never
    changes): validation is on the path of every submission and every batch row."""
    plan = definition.__dict__.get("_validation_plan")
    if plan is None:
        plan = tuple(_Step(item["linkId"], item, definition.parents[item["linkId"]], item_type(item),
                           item.get("minAge") if item["type"] != "birth_year" else None,
                           tuple(_compiled(c) for c in item.get("enableWhen") or ()),
                           item.get("enableBehavior") == "all")
                     for item in definition.items)
        definition.__dict__["_validation_plan"] = plan
    return plan


def _compiled(condition: dict) -> tuple:
    if condition["operator"] == "exists":
        return condition["question"], "exists", condition["answerBoolean"]
    return condition["question"], condition["operator"], _expected(condition)


def _holds(question: str, op: str, expected, answers: dict) -> bool:
    """``_condition_holds`` over a compiled condition."""
    value = answers.get(question)
    if op == "exists":
        return (value is not None) == expected
    if value is None:
        return False
    if isinstance(value, list):  # choice with repeats: "=" means "includes"
        return (expected in value) == (op == "=")
    return COMPARE[op](value, expected)


def _step_enabled(step: _Step, answers: dict, age: int | None) -> bool:
    """``is_enabled`` over a planned step."""
    if step.min_age is not None and age is not None and age < step.min_age:
        return False
    if not step.conditions:
        return True
    for question, op, expected in step.conditions:
        if _holds(question, op, expected, answers) != step.all_conditions:
            return not step.all_conditions  # any: one holds; all: one fails
    return step.all_conditions


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
    for step in _plan(definition):
        on = enabled[step.link_id] = (step.parent is None or enabled[step.parent]) and (
            _step_enabled(step, cleaned, age))
        if not on or not step.kind.answerable:
            continue
        raw = answers.get(step.link_id)
        if is_blank(raw):
            if step.item.get("required"):
                errors[step.link_id] = _("Please answer this question.")
            continue
        try:
            cleaned[step.link_id] = _clean_one(step.item, raw, context, age)
        except AnswerError as exc:
            errors[step.link_id] = exc.message
    if errors:
        raise InvalidAnswersError(_("Some answers need to be checked. Please look at the "
                                    "questions marked."), details=errors)
    return cleaned
