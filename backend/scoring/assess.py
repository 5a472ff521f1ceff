"""One resident's whole result, language-neutral: risks, bands, reasons, what-ifs, referrals.

``assess(profile, engine, today)`` is what the API stores and the batch command writes. It
holds codes and numbers only (cancer, factor and rule ids, test codes); the API layer puts them
into words in the reader's language, so a stored result can be read again in either language.
Pure Python: no Flask.
"""
from __future__ import annotations

import calendar
import math
from datetime import date

from backend.scoring import guidelines
from backend.scoring.engine import Engine
from backend.scoring.features import Profile
from backend.scoring.vocabulary import BAND_RANK, RED_FLAGS

# What a resident can change, and the level it becomes. Quitting smoking moves a smoker to
# "quit less than 15 years ago": the honest near-term effect, not the never-smoker level.
MODIFIABLE = {
    "smoking": {"current_under_20_pack_years": "former_quit_under_15y",
                "current_20_to_29_pack_years": "former_quit_under_15y",
                "current_30_pack_years_or_more": "former_quit_under_15y"},
    "current_smoking": {"yes": "no"},
    "heavy_drinking": {"heavy": "none", "moderate": "none", "yes": "no"},
    "weekly_drinking": {"yes": "no"},
    "cooking_fumes": {"yes": "no"},
    "obesity": {"yes": "no"},
    "physically_inactive": {"yes": "no"},
    "processed_meat": {"yes": "no"},
    "pickled_food": {"yes": "no"},
    "hot_food": {"yes": "no"},
    "salty_diet": {"yes": "no"},
    "h_pylori": {"yes": "no"},
}
RAISED_BY_LIMIT = 4


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _raised_by(model, sex: str, factors: dict) -> list[dict]:
    """Known answers that raise the risk, largest effect first."""
    found = []
    for factor in model.factors:
        level = factors.get(factor["id"])
        term = model.term(sex, factor, factors)
        if level is not None and term > 0:
            found.append({"factor": factor["id"], "level": level,
                          "effect": round(math.exp(term), 2)})
    found.sort(key=lambda item: -item["effect"])
    return found[:RAISED_BY_LIMIT]


def _what_if(model, sex: str, age: int, factors: dict, risk: float) -> list[dict]:
    """For each modifiable answer: the risk if it changed."""
    changes = []
    for factor in model.factors:
        target = MODIFIABLE.get(factor["id"], {}).get(factors.get(factor["id"]))
        if target is None:
            continue
        new_risk = model.risk(sex, age, dict(factors, **{factor["id"]: target}))
        if new_risk < risk:
            changes.append({"factor": factor["id"], "from": factors[factor["id"]], "to": target,
                            "risk": new_risk})
    return sorted(changes, key=lambda c: c["risk"])


def _model_part(model, profile: Profile, factors: dict) -> dict:
    if not model.applies_to(profile.sex, profile.age):
        return {"risk": None, "average_risk": None, "relative_risk": None, "model_band": None,
                "raised_by": [], "what_if": [], "no_model_reason": "age_outside_model"}
    risk = model.risk(profile.sex, profile.age, factors)
    average = model.average(profile.sex, profile.age)
    return {"risk": risk, "average_risk": average, "relative_risk": round(risk / average, 2),
            "model_band": model.band(profile.sex, profile.age, risk),
            "raised_by": _raised_by(model, profile.sex, factors),
            "what_if": _what_if(model, profile.sex, profile.age, factors, risk)}


def assess_cancer(model, profile: Profile, facts: dict) -> dict:
    """One cancer: model risk where the model applies, rules always, referral when high."""
    part = _model_part(model, profile, profile.factors.get(model.cancer, {}))
    rules = guidelines.fired_rules(model.cancer, profile.sex, profile.age, facts)
    band = "high" if rules else (part["model_band"] or "average")
    referral = None
    if band == "high":
        screening = guidelines.screening_for(model.cancer, profile.age)
        referral = {"tests": list(screening.tests), "interval_months": screening.interval_months,
                    "interval_text": screening.interval_text}
    return {"cancer": model.cancer, **part, "band": band, "rules": rules, "referral": referral}


def assess(profile: Profile, engine: Engine, today: date, high_incidence_area: bool = False) -> dict:
    """The whole result for one resident."""
    facts = dict(profile.facts, high_incidence_area=high_incidence_area)
    cancers = [assess_cancer(model, profile, facts)
               for model in engine.models.values() if profile.sex in model.sexes]
    cancers.sort(key=lambda c: (-BAND_RANK[c["band"]], -(c["risk"] or 0)))
    red_flags = [code for code in RED_FLAGS if code in profile.facts.get("red_flags", ())]
    high = [c["cancer"] for c in cancers if c["band"] == "high"]
    months = guidelines.next_assessment_months(high, profile.age)
    return {
        "sex": profile.sex,
        "age": profile.age,
        "age_in_model_range": any(c["risk"] is not None for c in cancers),
        "model_versions": engine.versions(),
        "red_flags": red_flags,
        "see_doctor_now": bool(red_flags),
        "tumour_markers_above_limit": guidelines.markers_above_limit(
            profile.facts.get("tumour_markers", [])),
        "cancers": cancers,
        # With a red flag the next step is a doctor, not a date to come back.
        "next_assessment_months": None if red_flags else months,
        "next_assessment_due": None if red_flags else add_months(today, months).isoformat(),
    }
