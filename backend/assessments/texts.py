"""Words for a stored result, in the reader's language.

Stored results hold codes (cancer, band, factor level, rule, test); this module is the one
place that turns them into sentences (it reads nothing: ``service.result_view`` hands it the
centres and articles), so a result reads the same in the resident's app, the
doctor's screen and a printout, in Chinese or English. Every string is a msgid in the catalogues.
"""
from __future__ import annotations

from backend.centres.service import localised, offering
from backend.i18n import translate
from backend.scoring.guidelines import RULES_BY_ID
from backend.scoring.vocabulary import (BAND_NAMES, CANCER_NAMES, LEVEL_TEXTS, MARKER_NAMES, N_,
                                        RED_FLAG_TEXTS, TEST_NAMES)

BAND_TEXTS = {
    "average": N_("Your risk is close to that of most people of your age and sex."),
    "raised": N_("Your risk is higher than that of most people of your age and sex."),
    "high": N_("Your risk is high. A screening test is recommended."),
}
WHAT_IF_TEXTS = {
    "smoking": N_("If you stop smoking"), "current_smoking": N_("If you stop smoking"),
    "heavy_drinking": N_("If you stop drinking alcohol"),
    "weekly_drinking": N_("If you stop drinking alcohol"),
    "cooking_fumes": N_("If you cut cooking fumes (range hood, less frying)"),
    "obesity": N_("If you bring your body mass index below 28"),
    "physically_inactive": N_("If you exercise 30 minutes at least three times a week"),
    "processed_meat": N_("If you eat processed meat less than 4 days a week"),
    "pickled_food": N_("If you eat pickled vegetables less than 4 days a week"),
    "hot_food": N_("If you let food and drinks cool before you have them"),
    "salty_diet": N_("If you eat less salt"),
    "h_pylori": N_("If your H. pylori infection is treated and cleared"),
}


MARKER_TEXT = N_("Above the laboratory's upper limit. This is not a diagnosis: please show the "
                 "result to your family doctor.")
NO_MODEL_TEXT = N_("The risk models cover ages 40 to 74, so no risk figure is given for your age. "
                   "The guideline checks below still apply.")
DISCLAIMER = N_("This is an estimate for people who answered like you, not a diagnosis. Most "
                "people at high risk never get cancer, and a low risk does not rule it out.")
RED_FLAG_MESSAGE = N_("You reported a symptom that needs a doctor. Please see a doctor soon; do "
                      "not wait for screening.")


def _marker(marker: dict, t) -> dict:
    return {**marker, "name": t(MARKER_NAMES.get(marker["marker"], marker["marker"])),
            "cancer_names": [t(CANCER_NAMES[c]) for c in marker["cancers"]],
            "text": t(MARKER_TEXT)}


def _referral(referral: dict | None, language: str, centres: list) -> dict | None:
    if referral is None:
        return None
    t = lambda msgid: translate(language, msgid)  # noqa: E731
    return {
        "tests": [{"code": code, "name": t(TEST_NAMES[code])} for code in referral["tests"]],
        "interval_months": referral["interval_months"],
        "interval": t(referral["interval_text"]),
        "centres": [dict(localised(c, language, "name", "address", "hours"), phone=c.phone)
                    for c in offering(centres, referral["tests"])],
    }


def _cancer(item: dict, language: str, centres: list) -> dict:
    t = lambda msgid: translate(language, msgid)  # noqa: E731
    return {
        **{k: item[k] for k in ("cancer", "risk", "average_risk", "relative_risk", "band",
                                "model_band")},
        "name": t(CANCER_NAMES[item["cancer"]]),
        "band_label": t(BAND_NAMES[item["band"]]),
        "band_text": t(BAND_TEXTS[item["band"]]),
        "no_model_reason": t(NO_MODEL_TEXT) if item.get("no_model_reason") else None,
        "rules": [{"id": r, "text": t(RULES_BY_ID[r].text)} for r in item["rules"]],
        "raised_by": [dict(r, text=t(LEVEL_TEXTS[(r["factor"], r["level"])]))
                      for r in item["raised_by"]],
        "what_if": [dict(w, text=t(WHAT_IF_TEXTS[w["factor"]])) for w in item["what_if"]],
        "referral": _referral(item["referral"], language, centres),
    }


def result_in_words(row, language: str, centres: list, articles: list[dict]) -> dict:
    """The stored result of ``row`` (an Assessment) in ``language``, ready for JSON.

    ``centres`` are the active screening centres (the referrals name those offering their
    tests); ``articles`` the published advice matched to the result, most relevant first.
    """
    result = row.result
    t = lambda msgid: translate(language, msgid)  # noqa: E731
    return {
        "assessment_id": row.id,
        "created_at": row.created_at.isoformat(),
        "language": language,
        "questionnaire": {"id": row.questionnaire_id, "version": row.questionnaire_version},
        "model_version": row.model_version,
        "sex": result["sex"],
        "age": result["age"],
        "disclaimer": t(DISCLAIMER),
        "see_doctor_now": result["see_doctor_now"],
        "red_flags": [{"code": c, "text": t(RED_FLAG_TEXTS[c])} for c in result["red_flags"]],
        "red_flag_message": t(RED_FLAG_MESSAGE) if result["see_doctor_now"] else None,
        "tumour_markers_above_limit": [_marker(m, t) for m in result["tumour_markers_above_limit"]],
        "cancers": [_cancer(c, language, centres) for c in result["cancers"]],
        "next_assessment": {"months": result["next_assessment_months"],
                            "due": result["next_assessment_due"]}
        if result["next_assessment_due"] else None,
        "shared_with_centre": row.centre_code if row.shared else None,
        "articles": articles,
    }
