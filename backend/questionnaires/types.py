"""The registry of item types: one class per ``type`` name of the questionnaire format.

Each answerable type turns a raw JSON value into its clean form or raises ``AnswerError`` with
a translated message a resident can act on. It also says which ``enableWhen`` operators and
answer keys may target it. The PWA mirrors this registry with one JS module per type name
(``pwa/js/items/<name>.js``); a contract test compares the two lists.

Multiple choice is FHIR's ``choice`` with ``repeats: true`` (the answer is a list of codes), not
a type of its own: one class and one JS module handle both.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

# gettext for msgids that live in the questionnaire JSON (extracted from there, not from here)
translate_msgid = _

ITEM_TYPES: dict[str, "ItemType"] = {}
# What a compiled check (``ItemType.fast_check``) returns when it cannot vouch for an answer:
# the caller then runs ``clean``, which returns the same value or raises the message.
UNSURE = object()
ORDER_OPERATORS = frozenset({"exists", "=", "!=", ">", "<", ">=", "<="})
EQUALITY_OPERATORS = frozenset({"exists", "=", "!="})


class AnswerError(ValueError):
    """A raw answer that does not fit its item; ``message`` is already translated."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Context:
    """What validation needs besides the item: today's date and the valid centre codes."""

    today: date
    centre_codes: frozenset[str] = frozenset()


def register(cls):
    """Class decorator: add one instance of ``cls`` to the registry under ``cls.name``."""
    ITEM_TYPES[cls.name] = cls()
    return cls


def item_type(item: dict) -> "ItemType":
    """The type object of a definition item."""
    return ITEM_TYPES[item["type"]]


def format_number(value: float) -> str:
    """``40.0`` → ``"40"``, ``0.5`` → ``"0.5"``: numbers as a person writes them."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class ItemType:
    """Base: an item that takes no answer (groups, display text)."""

    name = ""
    answerable = False
    operators: frozenset[str] = frozenset()
    answer_keys: frozenset[str] = frozenset()

    def clean(self, item: dict, value, context: Context):
        raise AnswerError(_("This item does not take an answer."))

    def fast_check(self, item: dict):
        """A check of one item built once per definition, or None: ``check(value, context)``
        returns what ``clean`` would for the common well-formed answer (a JSON value of the
        exact type, in range) and ``UNSURE`` for anything else. Validation runs on every
        submission and every batch row; the messages and the odd cases stay in ``clean``."""
        return None


@register
class GroupType(ItemType):
    """A section holding other items; disabling it disables everything inside."""

    name = "group"


@register
class DisplayType(ItemType):
    """Text shown to the resident, with no answer."""

    name = "display"


@register
class ChoiceType(ItemType):
    """One code from ``answerOption`` (or ``#centres``); a list of codes when ``repeats``."""

    name = "choice"
    answerable = True
    operators = EQUALITY_OPERATORS
    answer_keys = frozenset({"answerCoding"})

    def __init__(self):
        # id(item) -> (item, its option codes): built once per item, not once per answer;
        # the item is kept with its codes so that its id cannot be reused by another dict.
        self._codes: dict[int, tuple[dict, frozenset[str]]] = {}

    def codes(self, item: dict, context: Context) -> frozenset[str]:
        if item.get("answerValueSet") == "#centres":
            return context.centre_codes
        cached = self._codes.get(id(item))
        if cached is None or cached[0] is not item:
            cached = self._codes[id(item)] = (item, frozenset(o["code"] for o in item["answerOption"]))
        return cached[1]

    def clean(self, item: dict, value, context: Context):
        codes = self.codes(item, context)
        if not item.get("repeats"):
            if not isinstance(value, str) or value not in codes:
                raise AnswerError(_("Choose one of the options."))
            return value
        if not isinstance(value, list) or not value or not all(
                isinstance(code, str) and code in codes for code in value):
            raise AnswerError(_("Choose one or more of the options."))
        chosen = list(dict.fromkeys(value))
        for option in item.get("answerOption", ()):
            if option.get("exclusive") and option["code"] in chosen and len(chosen) > 1:
                raise AnswerError(_("\"%(option)s\" cannot be chosen together with other "
                                    "answers.", option=translate_msgid(option["display"])))
        return chosen

    def fast_check(self, item: dict):
        if item.get("answerValueSet") == "#centres":
            return None if item.get("repeats") else _one_centre
        codes = frozenset(o["code"] for o in item["answerOption"])
        if not item.get("repeats"):
            return lambda value, context: value if type(value) is str and value in codes else UNSURE
        exclusive = frozenset(o["code"] for o in item["answerOption"] if o.get("exclusive"))
        return lambda value, context: _some_codes(value, codes, exclusive)


def _one_centre(value, context: Context):
    return value if type(value) is str and value in context.centre_codes else UNSURE


def _some_codes(value, codes: frozenset[str], exclusive: frozenset[str]):
    """``ChoiceType.clean`` of a repeating choice, for a list of known codes."""
    if type(value) is not list or not value:
        return UNSURE
    for code in value:
        if type(code) is not str or code not in codes:
            return UNSURE
    chosen = list(dict.fromkeys(value))
    if len(chosen) > 1 and not exclusive.isdisjoint(chosen):
        return UNSURE  # clean names the exclusive option
    return chosen


def _to_number(value):
    """A JSON number or a numeric string as int/float; None if it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, (int, float)) and math.isfinite(value):
        return value
    return None


@register
class IntegerType(ItemType):
    """A whole number within ``minValue``–``maxValue``."""

    name = "integer"
    answerable = True
    operators = ORDER_OPERATORS
    answer_keys = frozenset({"answerInteger"})

    def bounds(self, item: dict, context: Context) -> tuple[float, float]:
        return item.get("minValue", -math.inf), item.get("maxValue", math.inf)

    def message(self, low, high) -> str:
        return _("Enter a whole number between %(min)s and %(max)s.",
                 min=format_number(low), max=format_number(high))

    def clean(self, item: dict, value, context: Context):
        low, high = self.bounds(item, context)
        number = _to_number(value)
        if number is None or not float(number).is_integer() or not low <= number <= high:
            raise AnswerError(self.message(low, high))
        return int(number)

    def fast_check(self, item: dict):
        low, high = self.bounds(item, None)
        return lambda value, context: value if type(value) is int and low <= value <= high else UNSURE


@register
class BirthYearType(IntegerType):
    """The year of birth; its range follows from ``minAge``/``maxAge`` and today's date."""

    name = "birth_year"

    def bounds(self, item: dict, context: Context) -> tuple[float, float]:
        year = context.today.year
        return year - item["maxAge"], year - item["minAge"]

    def message(self, low, high) -> str:
        return _("Enter the year you were born, between %(min)s and %(max)s.",
                 min=format_number(low), max=format_number(high))

    def fast_check(self, item: dict):
        oldest, youngest = item["maxAge"], item["minAge"]  # the bounds move with today's date

        def check(value, context):
            year = context.today.year
            return value if type(value) is int and year - oldest <= value <= year - youngest else UNSURE
        return check


@register
class DecimalType(ItemType):
    """A number, fractions allowed, within ``minValue``–``maxValue``."""

    name = "decimal"
    answerable = True
    operators = ORDER_OPERATORS
    answer_keys = frozenset({"answerDecimal", "answerInteger"})

    def clean(self, item: dict, value, context: Context):
        low, high = item.get("minValue", -math.inf), item.get("maxValue", math.inf)
        number = _to_number(value)
        if number is None or not low <= number <= high:
            raise AnswerError(_("Enter a number between %(min)s and %(max)s.",
                                min=format_number(low), max=format_number(high)))
        return float(number)

    def fast_check(self, item: dict):
        low, high = item.get("minValue", -math.inf), item.get("maxValue", math.inf)

        def check(value, context):
            if type(value) is float:
                return value if low <= value <= high and math.isfinite(value) else UNSURE
            return float(value) if type(value) is int and low <= value <= high else UNSURE
        return check


@register
class StringType(ItemType):
    """Free text on one line, at most ``maxLength`` characters (200 by default)."""

    name = "string"
    answerable = True
    operators = frozenset({"exists"})
    default_max_length = 200

    def clean(self, item: dict, value, context: Context):
        limit = item.get("maxLength", self.default_max_length)
        text = " ".join(value.split()) if isinstance(value, str) else None
        if not text or len(text) > limit:
            raise AnswerError(_("Enter text of at most %(max)s characters.", max=limit))
        return text


MOBILE = re.compile(r"^1\d{10}$")


@register
class TelType(ItemType):
    """A mainland Chinese mobile number: 11 digits starting with 1 (spaces, dashes, +86 ok)."""

    name = "tel"
    answerable = True
    operators = frozenset({"exists"})

    def clean(self, item: dict, value, context: Context):
        digits = re.sub(r"[\s-]", "", value) if isinstance(value, str) else ""
        if digits.startswith("+86"):
            digits = digits[3:]
        elif digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        if not MOBILE.match(digits):
            raise AnswerError(_("Enter an 11-digit mobile number starting with 1."))
        return digits
