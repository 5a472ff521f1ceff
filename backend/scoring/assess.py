"""One resident's whole result, language-neutral: two statements per cancer, and a plan.

For each cancer the result says two things that never merge (guidelines.md, "Two different
statements per cancer"):

1. ``comparison``: the five-year risk against the average of people of the same age and sex
   (model, ages 40-74 only; None otherwise, and then no label at all);
2. ``status`` (see_doctor / recommended / talk_to_doctor / not_needed) and its ``reasons``:
   the parts of the guideline rules that apply, a model risk at or above the threshold within
   the guideline's screening ages, or a finding that refers at any age; with the ``referral``
   (tests, interval, a "by" date) when screening is recommended.

It holds codes and numbers only; ``backend.assessments.texts`` puts them into words in the
reader's language. Pure Python: no Flask.
"""
from __future__ import annotations

import calendar
import math
from datetime import date
from functools import lru_cache

from backend.scoring import guidelines
from backend.scoring.engine import Engine
from backend.scoring.features import Profile
from backend.scoring.reference import MIN_MODEL_AGE
from backend.scoring.vocabulary import COMPARISON_CUTS, RED_FLAG_CANCERS, RED_FLAGS, STATUSES

# What a resident can change, and the level it becomes. Quitting smoking moves a smoker to
# "quit less than 15 years ago": the honest near-term effect, not the never-smoker level. The
# other targets are the levels of people without the habit: the texts say that the benefit of
# changing builds over years, never that the figure is a five-year change.
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


@lru_cache(maxsize=64)  # a handful of (today, months) pairs, asked for by every row
def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _raised_by(model, factors: dict, terms: list[float]) -> list[dict]:
    """Known answers that raise the risk, largest effect first (``terms``: model.terms_of)."""
    found = []
    for factor, term in zip(model.factors, terms):
        level = factors.get(factor["id"])
        if level is not None and term > 0:
            found.append({"factor": factor["id"], "level": level,
                          "effect": round(math.exp(term), 2)})
    found.sort(key=lambda item: -item["effect"])
    return found[:RAISED_BY_LIMIT]


def _what_if(model, sex: str, age: int, factors: dict, terms: list[float],
             risk: float) -> list[dict]:
    """For each modifiable answer: the risk if it changed. Only the changed factor's term (and
    the terms gated on it, e.g. passive smoking on smoking) is recomputed."""
    changes = []
    for j, factor in enumerate(model.factors):
        target = MODIFIABLE.get(factor["id"], {}).get(factors.get(factor["id"]))
        if target is None:
            continue
        changed = dict(factors, **{factor["id"]: target})
        new_terms = [model.term(sex, f, changed) if i == j or f["applies_when"] else t
                     for i, (f, t) in enumerate(zip(model.factors, terms))]
        new_risk = model.risk_of_terms(sex, age, new_terms)
        if new_risk < risk:
            changes.append({"factor": factor["id"], "from": factors[factor["id"]], "to": target,
                            "risk": new_risk})
    return sorted(changes, key=lambda c: c["risk"])


# When a recommended test should be done by: soon after a finding, within months otherwise.
DUE_MONTHS = {"finding": 1, "routine": 3}


def compare(risk: float, average: float) -> str:
    """The comparison category of a risk against the same-age average (vocabulary.COMPARISONS)."""
    ratio = risk / average
    for cut, category in COMPARISON_CUTS:
        if ratio < cut or (category == "about_average" and ratio <= cut):
            return category
    return "much_higher"


def _model_part(model, profile: Profile, factors: dict) -> dict:
    if not model.applies_to(profile.sex, profile.age):
        return {"risk": None, "average_risk": None, "relative_risk": None, "comparison": None,
                "above_threshold": False, "raised_by": [], "what_if": [],
                "no_model_reason": "age_outside_model"}
    levels = tuple(map(factors.get, model.factor_ids))
    return _banded_part(model, profile.sex, model.age_band(profile.sex, profile.age), levels)


# The model's part depends on sex, age band and factor levels only, all categorical: the
# benchmark's 500,000 residents hold 17,600 combinations over the five cancers, so each is
# scored once (terms, risk, reasons and what-ifs were most of a row's time). Bounded, so that
# memory stays flat: twice that, about 50 MB a process when full.
PART_CACHE_SIZE = 32_768


@lru_cache(maxsize=PART_CACHE_SIZE)
def _banded_part(model, sex: str, band: int, levels: tuple) -> dict:
    """``_model_part`` of anyone of ``sex`` in age ``band`` with these factor ``levels`` (in
    the model's factor order, None unknown)."""
    age = MIN_MODEL_AGE + 5 * band  # the band's first age: all its ages score alike
    factors = dict(zip(model.factor_ids, levels))
    terms = model.terms_of(sex, factors)
    risk = model.risk_of_terms(sex, age, terms)
    average = model.average(sex, age)
    return {"risk": risk, "average_risk": average, "relative_risk": round(risk / average, 2),
            "comparison": compare(risk, average), "above_threshold": risk >= model.high_min_risk,
            "raised_by": _raised_by(model, factors, terms),
            "what_if": _what_if(model, sex, age, factors, terms, risk)}


def _has_code(reasons: list[dict], code: str) -> bool:
    return any(r["code"] == code for r in reasons)


def _screening_reasons(cancer: str, profile: Profile, facts: dict, part: dict) -> list[dict]:
    """Why screening is recommended now (empty: it is not)."""
    fired = guidelines.rule_parts(cancer, profile.sex, profile.age, facts)
    reasons = [{"code": code, "rule": rule_id} for rule_id, parts in fired.items() for code in parts]
    # Findings that refer at any age (guidelines.md): cirrhosis, a positive FIT.
    if cancer == "liver" and facts.get("cirrhosis") and not _has_code(reasons, "cirrhosis"):
        reasons.append({"code": "cirrhosis", "rule": None})
    if cancer == "colorectal" and facts.get("fit") == "positive" and not _has_code(
            reasons, "fit_positive"):
        reasons.append({"code": "fit_positive", "rule": None})
    if part["above_threshold"] and guidelines.in_screening_ages(cancer, profile.sex, profile.age):
        mainly_age = part["comparison"] in ("much_lower", "lower", "about_average")
        reasons.append({"code": "model_mainly_age" if mainly_age else "model_above_threshold",
                        "rule": None, "age": profile.age})
    return reasons


def _hepatitis_care(cancer: str, profile: Profile, facts: dict) -> list[dict]:
    """HBsAg positive or hepatitis C below the liver rule's ages: see a doctor for hepatitis
    care (at those ages the liver rule itself fires)."""
    if cancer != "liver" or guidelines.rules_apply(cancer, profile.sex, profile.age):
        return []
    return [{"code": code, "rule": None, "advice": "hepatitis_care"}
            for code in guidelines.hepatitis_parts(facts)]


def _talk_reasons(cancer: str, profile: Profile, facts: dict, part: dict,
                  markers: list[dict]) -> list[dict]:
    """Why to talk to the family doctor when screening is not recommended now."""
    reasons = []
    if part["above_threshold"] and not guidelines.in_screening_ages(cancer, profile.sex, profile.age):
        reasons.append({"code": "model_outside_ages", "rule": None, "age": profile.age})
    reasons += _hepatitis_care(cancer, profile, facts)
    reasons += [{"code": "tumour_marker", "rule": None, "marker": m["marker"]}
                for m in markers if cancer in m["cancers"]]
    return reasons


def _referral(cancer: str, profile: Profile, reasons: list[dict], today: date) -> dict:
    by_rule = any(r["rule"] for r in reasons)
    upper_gi_parts = [r["code"] for r in reasons if r["rule"]]
    screening = guidelines.screening_for(cancer, profile.age, by_rule, upper_gi_parts)
    if cancer == "liver" and "cirrhosis" in {r["code"] for r in reasons}:
        screening = guidelines.LIVER_SCREENING
    finding = any(r["code"] in ("fit_positive", "cirrhosis") for r in reasons)
    due = add_months(today, DUE_MONTHS["finding" if finding else "routine"])
    return {"tests": list(screening.tests), "interval_months": screening.interval_months,
            "interval": screening.interval, "due_by": due.isoformat()}


def assess_cancer(model, profile: Profile, facts: dict, today: date, red_flags: list[str],
                  markers: list[dict]) -> dict:
    """One cancer's two statements, its reasons and (when recommended) its referral."""
    part = _model_part(model, profile, profile.factors.get(model.cancer, {}))
    reasons = _screening_reasons(model.cancer, profile, facts, part)
    flags = [code for code in red_flags if model.cancer in RED_FLAG_CANCERS[code]]
    referral = None
    if flags:  # a symptom: the doctor decides the tests, no screening interval
        status = "see_doctor"
        reasons = [{"code": "red_flag", "rule": None, "symptom": code} for code in flags] + reasons
    elif reasons:
        status, referral = "recommended", _referral(model.cancer, profile, reasons, today)
        reasons += _hepatitis_care(model.cancer, profile, facts)
    else:
        reasons = _talk_reasons(model.cancer, profile, facts, part, markers)
        status = "talk_to_doctor" if reasons else "not_needed"
    rules = list(dict.fromkeys(r["rule"] for r in reasons if r["rule"])) if reasons else []
    # Copies of the part's lists: the part is shared by everyone with the same answers (see
    # _banded_part), the result is one's own.
    return {"cancer": model.cancer, **part, "raised_by": [r.copy() for r in part["raised_by"]],
            "what_if": [w.copy() for w in part["what_if"]], "status": status, "rules": rules,
            "reasons": reasons, "referral": referral}


def band_of(cancer_result: dict) -> str:
    """The group the doctors' filter and the editors' targeting use (vocabulary.BANDS)."""
    if cancer_result["status"] in ("recommended", "see_doctor"):
        return "high"
    return "raised" if cancer_result["comparison"] in ("higher", "much_higher") else "average"


def priority(red_flags: list[str], markers: list[dict], facts: dict, cancers: list[dict]) -> int:
    """1 urgent (a red flag, a tumour marker above its limit, a positive FIT), 2 screening
    recommended, 3 the rest: the one order of the doctors' list."""
    if red_flags or markers or facts.get("fit") == "positive":
        return 1
    return 2 if any(c["status"] == "recommended" for c in cancers) else 3


def assess(profile: Profile, engine: Engine, today: date, high_incidence_area: bool = False) -> dict:
    """The whole result for one resident."""
    # age and sex with the facts the rules read, once (rule_parts adds them otherwise, per cancer)
    facts = dict(profile.facts, high_incidence_area=high_incidence_area, age=profile.age,
                 sex=profile.sex)
    red_flags = [code for code in RED_FLAGS if code in profile.facts.get("red_flags", ())]
    markers = guidelines.markers_above_limit(profile.facts.get("tumour_markers", []))
    cancers = [assess_cancer(model, profile, facts, today, red_flags, markers)
               for model in engine.models.values() if profile.sex in model.sexes]
    cancers.sort(key=lambda c: (STATUSES.index(c["status"]), -(c["relative_risk"] or 0)))
    intervals = [c["referral"]["interval_months"] for c in cancers if c["referral"]]
    months = guidelines.next_assessment_months(intervals)
    return {
        "sex": profile.sex,
        "age": profile.age,
        "age_in_model_range": any(c["risk"] is not None for c in cancers),
        "model_versions": engine.versions(),
        "red_flags": red_flags,
        "see_doctor_now": bool(red_flags),
        "tumour_markers_above_limit": markers,
        "fit_positive": facts.get("fit") == "positive",
        "priority": priority(red_flags, markers, facts, cancers),
        "cancers": cancers,
        # With a red flag the next step is a doctor, not a date to come back.
        "next_assessment_months": None if red_flags else months,
        "next_assessment_due": None if red_flags else add_months(today, months).isoformat(),
    }
