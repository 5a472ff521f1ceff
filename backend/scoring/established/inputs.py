"""Stored answers → the inputs of each established score, and the score beside our result.

Pure Python, no Flask: ``established_scores(answers, sex, age, labs, our_cancers)`` takes the
stored (cleaned) answers of the ``cancer-risk`` questionnaire, the age at assessment, the aMAP
laboratory values a doctor entered (or None) and our result's per-cancer entries, and returns,
for each score that concerns this person, a dict of codes and numbers (the doctors' API puts
them into words):

``{"score", "cancer", "status": "computed" | "not_applicable" | "missing_inputs" |
"needs_lab_values" | "invalid_inputs", "reason", "inputs", "value", "category",
"above_threshold", "our_band", "our_risk", "agreement"}``

``agreement`` is "agree", "score_higher" (the score is above its published threshold but our
band is not high), "ours_higher" (our band is high but the score is below its threshold) or
None (not computed, or an intermediate tier that neither confirms nor contradicts).

Mappings, with the approximations they make (the doctor's screen shows each score's limits):

* PLCOm2012 (ever-smokers): race "asian"; education through ``EDUCATION_PLCOM2012``; BMI from
  height and weight; COPD from ``conditions``; personal cancer history from
  ``previous_cancer``; family history of lung cancer in a first-degree relative; years since
  quitting 0 for current smokers. Six-year risk, high at >= 1.51%.
* BCRAT (women 20-85): race "chinese" (the Asian-American model with Chinese-American rates);
  five years from the age at assessment. The questionnaire asks whether there was any breast
  biopsy, not how many, so a "yes" counts as one biopsy (the lower of BCRAT's two categories:
  a conservative reading). First-degree relatives with breast cancer are counted by the kinds
  chosen (parent, sibling, child), capped at 2; the questionnaire does not ask their sex, and
  BCRAT counts mothers, sisters and daughters, so a father or son would be over-counted.
* APCS: age, sex, colorectal cancer in a first-degree relative, ever smoked. Not for people
  with bowel symptoms (the red flags say so; the score is still shown, with its limits).
* aMAP: only for chronic liver disease (hepatitis B or C, cirrhosis, fatty liver); needs the
  three laboratory values, which residents rarely know, so a doctor enters them.
"""
from __future__ import annotations

from backend.scoring.assess import band_of
from backend.scoring.established import scores as established
from backend.scoring.features import EDUCATION_PLCOM2012, bmi, derive_facts

SCORES = ("plcom2012", "bcrat", "apcs", "amap")
SCORE_CANCER = {"plcom2012": "lung", "bcrat": "breast", "apcs": "colorectal", "amap": "liver"}
LAB_FIELDS = ("bilirubin_umol_l", "albumin_g_l", "platelets_10e9_l")
BOWEL_RED_FLAGS = frozenset({"blood_or_mucus_stool", "bowel_habit_change"})


def _missing(inputs: dict, *names: str) -> list[str]:
    return [name for name in names if inputs.get(name) is None]


def _outcome(status: str, inputs: dict | None = None, reason: str | None = None) -> dict:
    return {"status": status, "reason": reason, "inputs": inputs or {}}


def _first_degree(facts: dict, cancer: str) -> bool | None:
    """Whether a first-degree relative had ``cancer``; None if family history is unknown."""
    if not facts["family_history_known"]:
        return None
    return cancer in facts["first_degree"]


def plcom2012_inputs(answers: dict, sex: str, age: int) -> dict:
    """PLCOm2012's keyword arguments, or why it cannot be computed."""
    facts = derive_facts(answers, sex)
    status = answers.get("smoking_status")
    if status not in ("former", "current") or not answers.get("cigarettes_per_day") \
            or not answers.get("smoking_years"):
        return _outcome("not_applicable", reason="never_smoker")
    current = status == "current"
    inputs = {
        "age": age, "race": "asian", "education": EDUCATION_PLCOM2012.get(answers.get("education")),
        "bmi": bmi(answers.get("height_cm"), answers.get("weight_kg")),
        "copd": facts["copd"], "personal_cancer_history": facts["previous_cancer"],
        "family_lung_cancer": _first_degree(facts, "lung"), "current_smoker": current,
        "cigarettes_per_day": answers.get("cigarettes_per_day"),
        "smoking_years": answers.get("smoking_years"),
        "years_since_quit": 0 if current else answers.get("quit_years"),
    }
    missing = _missing(inputs, "education", "bmi", "family_lung_cancer", "years_since_quit")
    return _outcome("missing_inputs", inputs, ",".join(missing)) if missing \
        else _outcome("computed", inputs)


def _first_birth(answers: dict):
    births = answers.get("live_births")
    if births is None:
        return None
    return "nulliparous" if births == 0 else answers.get("first_birth_age")


def _breast_relatives(answers: dict, facts: dict) -> int | None:
    if not facts["family_history_known"]:
        return None
    if "breast" not in facts["first_degree"]:
        return 0
    return min(2, max(1, len(answers.get("family_breast_relatives") or ())))


def bcrat_inputs(answers: dict, sex: str, age: int) -> dict:
    """BCRAT's keyword arguments for the next five years, or why it cannot be computed."""
    if sex != "female":
        return _outcome("not_applicable", reason="not_female")
    if not 20 <= age <= 85:
        return _outcome("not_applicable", reason="age_outside_model")
    facts = derive_facts(answers, sex)
    biopsy = answers.get("breast_biopsy")
    hyperplasia = {"yes": True, "no": False}.get(answers.get("atypical_hyperplasia")) \
        if biopsy == "yes" else None
    inputs = {
        "t1": age, "t2": age + 5, "race": "chinese",
        "n_biopsies": {"yes": 1, "no": 0}.get(biopsy), "hyperplasia": hyperplasia,
        "age_menarche": answers.get("menarche_age"), "age_first_birth": _first_birth(answers),
        "n_relatives": _breast_relatives(answers, facts),
    }
    # BCRAT itself takes None as "unknown" for every risk factor, as the NCI tool does.
    return _outcome("computed", inputs)


def apcs_inputs(answers: dict, sex: str, age: int) -> dict:
    """APCS's keyword arguments, or why it cannot be computed."""
    facts = derive_facts(answers, sex)
    status = answers.get("smoking_status")
    inputs = {"age": age, "male": sex == "male",
              "family_history_crc": _first_degree(facts, "colorectal"),
              "ever_smoker": None if status is None else status != "never"}
    missing = _missing(inputs, "family_history_crc", "ever_smoker")
    if missing:
        return _outcome("missing_inputs", inputs, ",".join(missing))
    symptomatic = bool(BOWEL_RED_FLAGS & set(facts["red_flags"]))
    return _outcome("computed", inputs, "symptomatic" if symptomatic else None)


def amap_inputs(answers: dict, sex: str, age: int, labs: dict | None) -> dict:
    """aMAP's keyword arguments (with the doctor's lab values), or why not."""
    facts = derive_facts(answers, sex)
    if not any(facts[k] for k in ("hbv", "hcv", "cirrhosis", "fatty_liver")) \
            and facts["hbsag"] != "positive":
        return _outcome("not_applicable", reason="no_chronic_liver_disease")
    inputs = {"age": age, "male": sex == "male",
              **{name: (labs or {}).get(name) for name in LAB_FIELDS}}
    if _missing(inputs, *LAB_FIELDS):
        return _outcome("needs_lab_values", inputs)
    return _outcome("computed", inputs)


def _evaluate(score: str, inputs: dict) -> tuple[float, str, bool | None]:
    """``(value, category, above_threshold)``; None when the tier is in between."""
    if score == "plcom2012":
        risk = established.plcom2012(**inputs)
        high = risk >= established.PLCOM2012_THRESHOLD
        return risk, "high" if high else "below_threshold", high
    if score == "bcrat":
        risk = established.bcrat(**inputs)
        high = risk >= established.BCRAT_FIVE_YEAR_THRESHOLD
        return risk, "increased" if high else "below_threshold", high
    if score == "apcs":
        points, tier = established.apcs(**inputs)
        return float(points), tier, {"high": True, "average": False}.get(tier)
    value, group = established.amap(**inputs)
    return value, group, {"high": True, "low": False}.get(group)


def _agreement(above: bool | None, our_band: str | None) -> str | None:
    if above is None or our_band is None:
        return None
    if above and our_band != "high":
        return "score_higher"
    if not above and our_band == "high":
        return "ours_higher"
    return "agree"


def score_inputs(score: str, answers: dict, sex: str, age: int, labs: dict | None) -> dict:
    """The mapping of one score (see the module docstring)."""
    if score == "amap":
        return amap_inputs(answers, sex, age, labs)
    return {"plcom2012": plcom2012_inputs, "bcrat": bcrat_inputs,
            "apcs": apcs_inputs}[score](answers, sex, age)


def established_scores(answers: dict, sex: str, age: int, labs: dict | None,
                       our_cancers: list[dict]) -> list[dict]:
    """Every established score for this person, computed where possible, beside our result.

    Scores for a cancer our result does not cover (BCRAT for a man) are left out.
    """
    ours = {c["cancer"]: c for c in our_cancers}
    found = []
    for score in SCORES:
        cancer = SCORE_CANCER[score]
        if cancer not in ours:
            continue
        entry = {"score": score, "cancer": cancer, "value": None, "category": None,
                 "above_threshold": None, "our_band": band_of(ours[cancer]),
                 "our_risk": ours[cancer].get("risk"), "agreement": None,
                 **score_inputs(score, answers, sex, age, labs)}
        if entry["status"] == "computed":
            try:
                entry["value"], entry["category"], entry["above_threshold"] = _evaluate(
                    score, entry["inputs"])
            except ValueError as exc:  # an input the published model refuses
                entry.update(status="invalid_inputs", reason=str(exc))
            entry["agreement"] = _agreement(entry["above_threshold"], entry["our_band"])
        found.append(entry)
    return found
