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
from typing import Callable, NamedTuple

from flask_babel import gettext as _

from backend.errors import InvalidAnswersError
from backend.questionnaires.definition import Definition
from backend.questionnaires.types import UNSURE, AnswerError, Context, item_type


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
    answerable = _answerable(definition)
    if answerable.issuperset(answers):  # the usual case: every key is a question
        return {}
    by_link = definition.by_link
    errors = {}
    for link_id in answers:
        if link_id not in by_link:
            errors[str(link_id)] = _("This question is not in the questionnaire.")
        elif not item_type(by_link[link_id]).answerable and not is_blank(answers[link_id]):
            errors[link_id] = _("This item does not take an answer.")
    return errors


class _Step(NamedTuple):
    """One item of the walk, with everything the loop needs looked up once per definition
    (the fields the loop reads on every item first: it unpacks them)."""

    link_id: str
    parent: str | None
    when: Callable[[dict, int | None], bool] | None  # its minAge and enableWhen; None: always
    answerable: bool
    required: bool
    check: Callable | None  # the type's fast_check for the item
    not_after_age: bool
    item: dict


class _Plan(NamedTuple):
    """The walk over a definition's items, built once and kept on the definition (which never
    changes): validation is on the path of every submission and every batch row."""

    steps: tuple[_Step, ...]  # in document order
    always: frozenset[int]  # steps walked even unanswered: groups and parents (their children
    # ask whether they are on) and required items (their absence is an error when enabled)
    always_steps: tuple[_Step, ...]  # those steps, in order: the walk of most answer sets
    optional: dict[str, int]  # linkId -> step of the others (walked when answered)


def _plan(definition: Definition) -> _Plan:
    plan = definition.__dict__.get("_validation_plan")
    if plan is None:
        steps = tuple(_step(definition, item) for item in definition.items)
        parents = set(definition.parents.values())
        always = frozenset(i for i, s in enumerate(steps) if s.required or s.link_id in parents)
        plan = _Plan(steps, always, tuple(steps[i] for i in sorted(always)),
                     {s.link_id: i for i, s in enumerate(steps) if i not in always})
        definition.__dict__["_validation_plan"] = plan
    return plan


def _walk(plan: _Plan, answers: dict) -> list[_Step]:
    """The steps this answer set needs, in document order: an unanswered item that is neither
    required nor a parent adds nothing (no answer, no error, no child) and is skipped, which
    is most of a 154-item questionnaire."""
    answered = plan.optional.keys() & answers.keys()  # one or two in a usual answer set
    if not answered:
        return plan.always_steps
    visit = plan.always.union([plan.optional[k] for k in answered])
    return [plan.steps[i] for i in sorted(visit)]


def _step(definition: Definition, item: dict) -> _Step:
    kind = item_type(item)
    min_age = item.get("minAge") if item["type"] != "birth_year" else None
    conditions = tuple(_compiled(c) for c in item.get("enableWhen") or ())
    return _Step(item["linkId"], definition.parents[item["linkId"]],
                 _when(min_age, conditions, item.get("enableBehavior") == "all"), kind.answerable,
                 bool(item.get("required")), kind.fast_check(item) if kind.answerable else None,
                 bool(item.get("notAfterAge")), item)


def _answerable(definition: Definition) -> frozenset[str]:
    """linkIds that take an answer (kept on the definition, like the plan)."""
    ids = definition.__dict__.get("_answerable_ids")
    if ids is None:
        ids = definition.__dict__["_answerable_ids"] = frozenset(
            i["linkId"] for i in definition.items if item_type(i).answerable)
    return ids


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


def _when(min_age: int | None, conditions: tuple, all_conditions: bool):
    """``is_enabled`` of one item as a function of (answers so far, age); None: always on.
    Most conditional items hang on one answer being one code: that case is one call."""
    if min_age is None and not conditions:
        return None
    if min_age is None and len(conditions) == 1:
        return _one_condition(*conditions[0])
    return lambda answers, age: _enabled(min_age, conditions, all_conditions, answers, age)


def _one_condition(question: str, op: str, expected):
    """``_holds`` of one condition as one call, for the usual operators."""
    if op == "exists":
        return lambda answers, age: (answers.get(question) is not None) == expected
    if op not in ("=", "!="):
        return lambda answers, age: _holds(question, op, expected, answers)
    equal = op == "="

    def holds(answers: dict, age) -> bool:
        value = answers.get(question)
        if value is None:
            return False
        if isinstance(value, list):  # choice with repeats: "=" means "includes"
            return (expected in value) == equal
        return value == expected if equal else value != expected
    return holds


def _enabled(min_age, conditions: tuple, all_conditions: bool, answers: dict, age) -> bool:
    if min_age is not None and age is not None and age < min_age:
        return False
    if not conditions:
        return True
    for question, op, expected in conditions:
        if _holds(question, op, expected, answers) != all_conditions:
            return not all_conditions  # any: one holds; all: one fails
    return all_conditions


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
    for link_id, parent, when, answerable, required, check, not_after_age, item in _walk(
            _plan(definition), answers):
        on = enabled[link_id] = (parent is None or enabled[parent]) and (
            when is None or when(cleaned, age))
        if not on or not answerable:
            continue
        raw = answers.get(link_id)
        if not raw and (raw is None or raw == "" or raw == []):  # is_blank, inline and cheap
            # for the usual (truthy) answer: this runs for every item of every row
            if required:
                errors[link_id] = _("Please answer this question.")
            continue
        value = check(raw, context) if check is not None else UNSURE
        if value is UNSURE or not_after_age and age is not None and value > age:
            try:  # the full check: the odd answer, and the message for a wrong one
                value = _clean_one(item, raw, context, age)
            except AnswerError as exc:
                errors[link_id] = exc.message
                continue
        cleaned[link_id] = value
    if errors:
        raise InvalidAnswersError(_("Some answers need to be checked. Please look at the "
                                    "questions marked."), details=errors)
    return cleaned
