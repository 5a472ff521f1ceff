"""Validated answers -> everything that is stored about one assessment. Pure: no Flask.

``score_answers`` is the one pipeline the API, the doctors' assisted entry and the batch
command share: it sets the identifying answers apart, maps the rest to risk factors and facts
(``features``), and assesses them (``assess``). Validation against the questionnaire happens
before, in ``backend.questionnaires``, because it needs the live list of centres.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backend.scoring.assess import assess
from backend.scoring.engine import Engine
from backend.scoring.features import Profile, answers_to_profile


@dataclass(frozen=True)
class ScoredAnswers:
    """One assessment, ready to store: answers without the personal ones, apart from them."""

    answers: dict  # clean answers less the personal items
    personal: dict  # name and phone: stored encrypted, only when shared
    profile: Profile  # factor levels (stored: articles are matched on them) and facts
    result: dict  # the language-neutral result (``assess``)

    @property
    def centre_code(self) -> str | None:
        return self.profile.facts.get("centre_code")

    @property
    def wants_to_share(self) -> bool:
        return bool(self.profile.facts.get("share_with_doctor"))


def score_answers(answers: dict, personal_items: frozenset[str], engine: Engine, today: date,
                  high_incidence_centres: frozenset[str] = frozenset()) -> ScoredAnswers:
    """Score validated ``answers``; ``high_incidence_centres`` are the centres whose area the
    deployment lists as a high-incidence area for oesophageal and stomach cancer."""
    profile, result = _assessed(answers, engine, today, high_incidence_centres)
    return ScoredAnswers(
        answers={k: v for k, v in answers.items() if k not in personal_items},
        personal={k: v for k, v in answers.items() if k in personal_items},
        profile=profile, result=result)


def result_of(answers: dict, engine: Engine, today: date,
              high_incidence_centres: frozenset[str] = frozenset()) -> dict:
    """``score_answers(...).result`` alone: what the batch command writes (it stores nothing,
    so it need not set the personal answers apart)."""
    return _assessed(answers, engine, today, high_incidence_centres)[1]


def _assessed(answers: dict, engine: Engine, today: date,
              high_incidence_centres: frozenset[str]) -> tuple[Profile, dict]:
    profile = answers_to_profile(answers, today)
    centre = profile.facts.get("centre_code")
    return profile, assess(profile, engine, today, high_incidence_area=centre in high_incidence_centres)
