"""Over 10,000 simulated residents, the result's words agree with its numbers and its referrals.

Residents are drawn at random (seeded) across ages 18-74, both sexes and the answers that
move rules and models (smoking, drinking, family, conditions, rapid tests, markers, symptoms),
then scored and put into words exactly as the API does. Asserted for every one:

* no comparison word disagrees with the two numbers printed beside it, and risks print as
  whole people ("about 7 in 1,000", "fewer than 1 in 1,000"), never "0.7" or "0%";
* no comparison label below 40 or above 74;
* every "recommended" has a reason that names the resident's own answer, test or place (the
  model's reasons name their age);
* every red flag gives "see a doctor" and no screening interval for its cancers.
"""
from __future__ import annotations

import random
import re
from datetime import date
from types import SimpleNamespace

from backend.assessments.texts import result_in_words
from backend.scoring.engine import Engine
from backend.scoring.features import answers_to_profile
from backend.scoring.assess import assess
from backend.scoring.vocabulary import RED_FLAG_CANCERS, RED_FLAGS, REASON_TEXTS
from tests.answer_sets import man_62_smoker, woman_58

N = 10_000
TODAY = date(2026, 12, 1)
MODEL_REASONS = {"model_above_threshold", "model_mainly_age", "model_outside_ages"}
OWN_REASONS = set(REASON_TEXTS) - MODEL_REASONS - {"tumour_marker", "red_flag"}


def _resident(rng: random.Random) -> dict:
    female = rng.random() < 0.5
    base = woman_58() if female else man_62_smoker()
    age = rng.choice([rng.randint(18, 39), rng.randint(40, 74), rng.randint(40, 74)])
    smoking = rng.choice(["never", "never", "former", "current"])
    answers = dict(base, birth_year=TODAY.year - age, smoking_status=smoking,
                   cigarettes_per_day=rng.choice([5, 10, 20, 30]), smoking_years=rng.randint(1, 40),
                   quit_years=rng.randint(1, 30), passive_smoking=rng.choice(["yes", "no"]),
                   alcohol_frequency=rng.choice(["never", "weekly_or_more"]),
                   drinking_days_per_week=rng.randint(1, 7), alcohol_types=["baijiu", "beer"],
                   baijiu_per_day=rng.randint(0, 4), beer_per_day=rng.randint(0, 3),
                   drinking_years=rng.randint(1, 30), hot_food=rng.choice(["yes", "no"]),
                   salty_taste=rng.choice(["salty", "medium"]),
                   conditions=rng.choice([["none"], ["cirrhosis"], ["copd"], ["diabetes"], ["hepatitis_c"]]),
                   hbsag_test=rng.choice(["positive", "negative", "not_tested", "not_tested"]),
                   fit_test=rng.choice(["positive", "negative", "not_tested", "not_tested"]),
                   h_pylori=rng.choice(["yes", "cleared", "no", "dont_know"]),
                   work_exposure=rng.choice([["none"], ["asbestos"], ["uranium"]]),
                   family_cancer=rng.choice(["yes", "no"]),
                   family_cancers=rng.sample(["lung", "breast", "liver", "stomach", "colorectal"], 1),
                   current_symptoms=rng.choice([["none"]] * 6 + [[code] for code in RED_FLAGS]),
                   centre=rng.choice(["DEMO-HC-01", "DEMO-HC-03"]))
    if rng.random() < 0.05:
        answers.update(tumour_markers_done="yes", marker_afp_value=rng.choice([5, 410]),
                       marker_afp_limit=7)
    return answers


def _numbers_agree(cancer: dict) -> None:
    picture = cancer["picture"]
    you, average = picture["you"], picture["average"]
    word = cancer["comparison"]
    if word in ("higher", "much_higher"):
        assert you > average, cancer
    elif word in ("lower", "much_lower"):
        assert you < average, cancer
    for text in (picture["you_text"], picture["average_text"], picture["text"]):
        assert "0%" not in text and not re.search(r"\d\.\d", text), text


def _check(result: dict, view: dict) -> None:
    for raw, cancer in zip(result["cancers"], view["cancers"]):
        if not 40 <= result["age"] <= 74:
            assert cancer["comparison"] is None and cancer["comparison_text"] is None
            assert cancer["picture"] is None
        if cancer["picture"]:
            _numbers_agree(cancer)
        if cancer["status"] == "recommended":
            assert any(r["code"] in OWN_REASONS or (r["code"] in MODEL_REASONS and "age" in r)
                       for r in cancer["reasons"]), cancer
            assert cancer["referral"]["due_by"] and cancer["referral"]["interval"]
        flagged = [c for c in result["red_flags"] if raw["cancer"] in RED_FLAG_CANCERS[c]]
        if flagged:
            assert cancer["status"] == "see_doctor" and cancer["referral"] is None
    if result["red_flags"]:
        assert view["red_flag_message"] and view["next_assessment"] is None
        assert all(flag["clinic"] for flag in view["red_flags"])


def test_ten_thousand_residents_words_agree_with_numbers_and_referrals(app):
    rng, engine = random.Random(20261201), Engine.from_directory()
    areas = {"DEMO-HC-03"}
    counts = {"recommended": 0, "see_doctor": 0, "talk_to_doctor": 0, "not_needed": 0}
    with app.app_context():
        for i in range(N):
            answers = _resident(rng)
            profile = answers_to_profile(answers, TODAY)
            result = assess(profile, engine, TODAY, answers["centre"] in areas)
            row = SimpleNamespace(id=str(i), created_at=TODAY, questionnaire_id="cancer-risk",
                                  questionnaire_version="2", model_version="m", result=result,
                                  centre_code=None, shared=False)
            language = "zh-CN" if i % 2 else "en"
            # created_at only needs isoformat(); a date has it
            view = result_in_words(row, language, [], [])
            _check(result, view)
            for cancer in result["cancers"]:
                counts[cancer["status"]] += 1
    assert all(counts.values()), counts  # every status was reached
