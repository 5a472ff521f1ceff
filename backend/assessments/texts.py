"""Words for a stored result, in the reader's language.

Stored results hold codes (cancer, band, factor level, rule, test); this module is the one
place that turns them into sentences, so a result reads the same in the resident's app, the
doctor's screen and a printout, in Chinese or English. Every string is a msgid in the catalogues.
"""
from __future__ import annotations

from backend.centres.service import active_screening_centres, localised, offering
from backend.content.reading import articles_for_result
from backend.i18n import N_, translate
from backend.scoring.guidelines import RULES_BY_ID

CANCER_NAMES = {
    "lung": N_("Lung cancer"), "breast": N_("Breast cancer"), "liver": N_("Liver cancer"),
    "upper_gi": N_("Oesophageal and stomach cancer"), "colorectal": N_("Bowel (colorectal) cancer"),
}
BAND_NAMES = {"average": N_("Average"), "raised": N_("Raised"), "high": N_("High")}
BAND_TEXTS = {
    "average": N_("Your risk is close to that of most people of your age and sex."),
    "raised": N_("Your risk is higher than that of most people of your age and sex."),
    "high": N_("Your risk is high. A screening test is recommended."),
}
TEST_NAMES = {
    "ldct": N_("Low-dose CT scan of the chest"), "breast_ultrasound": N_("Breast ultrasound"),
    "mammography": N_("Mammography (breast X-ray)"),
    "liver_ultrasound_afp": N_("Liver ultrasound and AFP blood test"),
    "upper_endoscopy": N_("Gastroscopy (upper endoscopy)"), "colonoscopy": N_("Colonoscopy"),
    "fit": N_("FIT stool test for hidden blood"),
}
RED_FLAG_TEXTS = {
    "blood_or_mucus_stool": N_("Blood or mucus in your stool"),
    "bowel_habit_change": N_("A lasting change in your bowel habits"),
    "coughing_blood": N_("Coughing up blood"),
    "cough_over_3_weeks": N_("A cough lasting more than three weeks"),
    "difficulty_swallowing": N_("Difficulty swallowing"),
    "vomiting_blood_or_black_stool": N_("Vomiting blood, or black stools"),
    "breast_lump_or_change": N_("A new breast lump, nipple discharge or skin change"),
    "jaundice": N_("Yellowing of the skin or eyes"),
    "weight_loss": N_("Losing weight without trying"),
}
MARKER_NAMES = {"CA19_9": "CA19-9", "CA15_3": "CA15-3", "BHCG": "β-HCG",
                "FERRITIN": N_("Ferritin"), "FPSA": N_("Free PSA")}
LEVEL_TEXTS = {
    ("smoking", "former_quit_15y_or_more"): N_("You used to smoke (quit 15 or more years ago)"),
    ("smoking", "former_quit_under_15y"): N_("You used to smoke (quit less than 15 years ago)"),
    ("smoking", "current_under_20_pack_years"): N_("You smoke"),
    ("smoking", "current_20_to_29_pack_years"): N_("You smoke (20 to 29 pack-years)"),
    ("smoking", "current_30_pack_years_or_more"): N_("You smoke (30 pack-years or more)"),
    ("passive_smoking_20y", "yes"): N_("Many years of second-hand smoke"),
    ("cooking_fumes", "yes"): N_("A lot of cooking oil fumes in your kitchen"),
    ("copd", "yes"): N_("COPD, emphysema or chronic bronchitis"),
    ("tuberculosis_history", "yes"): N_("Past tuberculosis"),
    ("occupational_exposure", "yes"): N_("Work with asbestos, silica, coal smoke or similar"),
    ("family_history_lung", "yes"): N_("Lung cancer in a close relative"),
    ("family_history_breast", "yes"): N_("Breast or ovarian cancer in a close relative"),
    ("early_menarche", "yes"): N_("First period at 12 or younger"),
    ("late_menopause", "yes"): N_("Menopause after 50"),
    ("late_or_no_first_birth", "yes"): N_("No birth, or a first birth at 30 or later"),
    ("no_breastfeeding", "yes"): N_("Breastfed for less than 4 months in all"),
    ("benign_breast_biopsy", "yes"): N_("A past breast biopsy or operation"),
    ("combined_hrt", "yes"): N_("Combined hormone replacement therapy"),
    ("obesity", "yes"): N_("Body mass index 28 or more"),
    ("hbv", "yes"): N_("Hepatitis B infection"),
    ("hcv", "yes"): N_("Hepatitis C infection"),
    ("cirrhosis", "yes"): N_("Liver cirrhosis"),
    ("heavy_drinking", "moderate"): N_("Drinking alcohol every week"),
    ("heavy_drinking", "heavy"): N_("Heavy drinking"),
    ("heavy_drinking", "yes"): N_("Heavy drinking"),
    ("diabetes", "yes"): N_("Diabetes"),
    ("family_history_liver", "yes"): N_("Liver cancer in a close relative"),
    ("current_smoking", "yes"): N_("You smoke"),
    ("h_pylori", "yes"): N_("H. pylori infection"),
    ("precancerous_lesion", "yes"): N_("A stomach or oesophagus condition that can lead to cancer"),
    ("family_history_upper_gi", "yes"): N_("Oesophageal or stomach cancer in a close relative"),
    ("pickled_food", "yes"): N_("Pickled vegetables 4 or more days a week"),
    ("hot_food", "yes"): N_("Scalding-hot food or drinks"),
    ("salty_diet", "yes"): N_("Salty food"),
    ("family_history_colorectal", "yes"): N_("Bowel cancer in a close relative"),
    ("polyp_or_colitis_history", "yes"): N_("Bowel polyps or chronic colitis"),
    ("bowel_history_two_or_more", "yes"): N_("Two or more long-standing bowel or gallbladder problems"),
    ("ever_smoking", "yes"): N_("You smoke or used to smoke"),
    ("weekly_drinking", "yes"): N_("Drinking alcohol every week"),
    ("processed_meat", "yes"): N_("Processed meat 4 or more days a week"),
    ("physically_inactive", "yes"): N_("Less than 30 minutes of exercise three times a week"),
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


def render_result(row, language: str) -> dict:
    """The stored result of ``row`` (an Assessment) in ``language``, ready for JSON."""
    result = row.result
    t = lambda msgid: translate(language, msgid)  # noqa: E731
    centres = active_screening_centres() if any(c["referral"] for c in result["cancers"]) else []
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
        # Published advice matched to this result, in this language, most relevant first.
        "articles": articles_for_result(row, language),
    }
