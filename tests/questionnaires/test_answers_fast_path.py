"""Validation's fast path (a check built once per item, the walk over only the items an answer
set needs) gives exactly what the full walk through every type's ``clean`` gives: the same
cleaned answers in the same order, or the same errors with the same messages.

The answer sets are the batch benchmark's realistic residents, then each spoiled in the ways
the fast checks leave to ``clean``: numbers as strings or floats, booleans, unknown or
duplicated codes, an exclusive option with others, blanks, values out of range or above the
person's age, unknown keys.
"""
import dataclasses
import importlib.util
import random
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import Babel, force_locale

from backend.errors import InvalidAnswersError
from backend.questionnaires import answers as answers_module
from backend.questionnaires.answers import validate_answers
from backend.questionnaires.definition import get_questionnaire
from backend.questionnaires.types import ITEM_TYPES
from backend.translate_cli import TRANSLATIONS, compile_catalogues

ROOT = Path(__file__).resolve().parents[2]
TODAY = date.today()  # the generator writes birth years from today
CENTRES = {"DEMO-HC-01", "DEMO-HC-02", "DEMO-HC-03"}


def _generator():
    spec = importlib.util.spec_from_file_location("bench_batch", ROOT / "bench" / "batch.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def app():
    compile_catalogues()
    app = Flask(__name__)
    app.config.update(BABEL_DEFAULT_LOCALE="en", BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS))
    Babel(app)
    with app.app_context(), force_locale("en"):
        yield app


SPOILERS = [
    lambda a, rng: {**a, "height_cm": str(a["height_cm"])},
    lambda a, rng: {**a, "height_cm": float(a["height_cm"])},
    lambda a, rng: {**a, "height_cm": a["height_cm"] * 10},
    lambda a, rng: {**a, "weight_kg": int(a["weight_kg"])},
    lambda a, rng: {**a, "weight_kg": True},
    lambda a, rng: {**a, "birth_year": str(a["birth_year"])},
    lambda a, rng: {**a, "birth_year": a["birth_year"] - 60},
    lambda a, rng: {**a, "sex": "unknown"},
    lambda a, rng: {**a, "centre": "NOT-A-CENTRE"},
    lambda a, rng: {**a, "conditions": ["copd", "copd", "diabetes"]},
    lambda a, rng: {**a, "conditions": ["none", "copd"]},
    lambda a, rng: {**a, "conditions": []},
    lambda a, rng: {**a, "conditions": "copd"},
    lambda a, rng: {**a, "work_exposure": ["asbestos", 3]},
    lambda a, rng: {**a, "education": ""},
    lambda a, rng: {**a, "education": None},
    lambda a, rng: {**a, "smoking_years": 200, "smoking_status": "current",
                    "cigarettes_per_day": 10, "smoking_start_age": 20},
    lambda a, rng: {**a, "drinking_years": 500} if "drinking_years" in a else a,
    lambda a, rng: {**a, "menarche_age": "12"} if a["sex"] == "female" else a,
    lambda a, rng: {**a, "no_such_question": 1},
    lambda a, rng: {k: v for k, v in a.items() if k != rng.choice(list(a))},
]


def _answer_sets(n: int = 400):
    generator, rng = _generator(), random.Random(15)
    for _ in range(n):
        answers = generator.resident(rng, TODAY)
        yield answers
        yield rng.choice(SPOILERS)(answers, rng)


def _outcome(definition, answers):
    try:
        return "ok", list(validate_answers(definition, answers, centre_codes=CENTRES,
                                           today=TODAY).items())
    except InvalidAnswersError as exc:
        return "error", exc.message, list((exc.details or {}).items())


def test_the_fast_path_cleans_and_refuses_exactly_as_the_full_walk(app, monkeypatch):
    definition = get_questionnaire("cancer-risk")
    cases = list(_answer_sets())
    fast = [_outcome(dataclasses.replace(definition), a) for a in cases]
    for kind in {type(t) for t in ITEM_TYPES.values()}:
        monkeypatch.setattr(kind, "fast_check", lambda self, item: None)
    monkeypatch.setattr(answers_module, "_walk", lambda plan, answers: plan.steps)
    full = [_outcome(dataclasses.replace(definition), a) for a in cases]
    assert repr(fast) == repr(full)  # repr: 58 and 58.0 are equal, and must not pass
    assert {o[0] for o in fast} == {"ok", "error"}
