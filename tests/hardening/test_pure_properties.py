"""Hypothesis on the pure parts, adding what tests/scoring/test_properties.py and
tests/scoring/test_features.py do not already cover:

* questionnaire loading: random definitions (the shipped one with random parts replaced, and
  arbitrary JSON) are either loaded or refused with ``DefinitionError``; nothing else escapes;
* answers: a valid answer set with any one answer made invalid is refused, naming that item,
  and any JSON at all as "answers" is either accepted or refused as invalid answers.

(Covered elsewhere: random valid answer sets map to valid levels, test_features.py; adding a
risk factor never lowers that cancer's risk, and single/batch scoring agree, test_properties.py.)
"""
from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from flask import Flask
from flask_babel import Babel
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from answer_sets import man_62_smoker, woman_58
from backend.errors import InvalidAnswersError
from backend.questionnaires.answers import validate_answers
from backend.questionnaires.definition import (DEFAULT_DIRECTORY, DefinitionError,
                                               get_questionnaire, parse_definition)
from backend.questionnaires.fhir_format import from_fhir
from backend.translate_cli import TRANSLATIONS

RAW = from_fhir(json.loads((DEFAULT_DIRECTORY / "cancer-risk" / "v1.json").read_text(
    encoding="utf-8")))
DEFINITION = get_questionnaire("cancer-risk", 1)
CENTRES = {"DEMO-HC-01", "DEMO-HC-02"}
TODAY = date.today()
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12)


@pytest.fixture(scope="module", autouse=True)
def babel_context():
    """Answer errors are translated messages: they need an app context with Babel."""
    app = Flask(__name__)
    app.config.update(BABEL_DEFAULT_LOCALE="zh_Hans_CN",
                      BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS))
    Babel(app)
    with app.test_request_context():
        yield


def paths(node, prefix=()):
    """Every (path) inside a JSON document, for replacing one part of it."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, prefix + (index,))


ALL_PATHS = [p for p in paths(RAW) if p]


@st.composite
def mutated_definitions(draw):
    raw = copy.deepcopy(RAW)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = raw
        try:
            for step in path[:-1]:
                parent = parent[step]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this part
    return raw


@SETTINGS
@given(raw=mutated_definitions())
def test_a_changed_definition_is_loaded_or_refused_cleanly(raw):
    try:
        definition = parse_definition(raw, "fuzzed.json")
    except DefinitionError as error:
        assert str(error)  # says what is wrong
    else:
        assert definition.items and definition.id == raw["id"]


@SETTINGS
@given(raw=json_values)
def test_any_json_as_a_definition_is_refused_cleanly(raw):
    with pytest.raises(DefinitionError):
        parse_definition(raw, "fuzzed.json")


ITEMS = {item["linkId"]: item for item in DEFINITION.items}


def invalid_value(item):
    """Values no answer to ``item`` may have."""
    kind = item["type"]
    if kind in ("integer", "decimal", "birth_year"):
        high = item.get("maxValue", date.today().year)
        return st.one_of(st.integers(int(high) + 1, int(high) + 10**6),
                         st.just("many"), st.lists(st.integers(), min_size=1, max_size=2))
    if kind == "choice":
        codes = {o["code"] for o in item.get("answerOption", [])}
        wrong = st.text(min_size=1, max_size=12).filter(lambda s: s not in codes)
        return st.lists(wrong, min_size=1, max_size=2) if item.get("repeats") else wrong
    return st.one_of(st.lists(st.integers(), min_size=1, max_size=2), st.dictionaries(
        st.text(max_size=3), st.integers(), min_size=1, max_size=2))


@st.composite
def one_answer_broken(draw):
    answers = draw(st.sampled_from([woman_58, man_62_smoker]))()
    link_id = draw(st.sampled_from(sorted(k for k in answers if ITEMS.get(k, {}).get("type")
                                          not in (None, "group", "display", "string", "tel"))))
    answers[link_id] = draw(invalid_value(ITEMS[link_id]))
    return answers, link_id


@SETTINGS
@given(case=one_answer_broken())
def test_an_invalid_answer_is_refused_naming_its_item(case):
    answers, link_id = case
    with pytest.raises(InvalidAnswersError) as refused:
        validate_answers(DEFINITION, answers, centre_codes=CENTRES, today=TODAY)
    assert link_id in refused.value.details, (link_id, answers[link_id], refused.value.details)
    assert all(isinstance(m, str) and m for m in refused.value.details.values())


@SETTINGS
@given(answers=json_values)
def test_any_json_as_answers_is_accepted_or_refused_as_invalid(answers):
    try:
        validate_answers(DEFINITION, answers, centre_codes=CENTRES, today=TODAY)
    except InvalidAnswersError as refused:
        assert refused.message
