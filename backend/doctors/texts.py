"""Words of the doctors' screens, printout and export, in the reader's language.

Codes from the services (follow-up statuses, established-score categories and reasons) become
sentences here; every string is an English msgid (pending in ``translations/pending/
doctors.json`` until merged into the catalogues). Answers in plain words come from the
questionnaire's own texts, so a doctor reads the question exactly as the resident did.
"""
from __future__ import annotations

from backend.i18n import translate
from backend.scoring.vocabulary import CANCER_NAMES, MARKER_NAMES, N_, RED_FLAG_TEXTS
from backend.questionnaires.types import format_number

# Red-flag symptoms as a doctor names them (the resident's texts speak to the resident).
DOCTOR_RED_FLAG_TEXTS = {
    "blood_or_mucus_stool": N_("blood or mucus in the stool"),
    "bowel_habit_change": N_("lasting change in bowel habits"),
    "coughing_blood": N_("coughing blood"),
    "cough_over_3_weeks": N_("cough for more than three weeks"),
    "difficulty_swallowing": N_("difficulty swallowing"),
    "vomiting_blood_or_black_stool": N_("vomiting blood or black stools"),
    "breast_lump_or_change": N_("breast lump, nipple discharge or skin change"),
    "jaundice": N_("jaundice (yellow skin or eyes)"),
    "weight_loss": N_("unintended weight loss"),
}
TIER_TEXTS = {1: N_("Urgent"), 2: N_("Screening recommended"), 3: N_("Other")}
REASON_TEXTS = {
    "red_flag": N_("Reported symptom: %(symptom)s"),
    "marker": N_("%(marker)s %(value)s (limit %(limit)s)"),
    "fit_positive": N_("Positive FIT"),
    "screening": N_("Screening recommended: %(cancer)s"),
}

FOLLOW_UP_TEXTS = {
    "contacted": N_("Contacted"), "booked": N_("Booked for screening"),
    "screened": N_("Screened"), "declined": N_("Declined"),
    "unreachable": N_("Could not be reached"), None: N_("No follow-up yet"),
}
FINDING_TEXTS = {"cancer_confirmed": N_("Cancer confirmed"),
                 "precancerous": N_("Precancerous lesion"), "benign": N_("Benign finding"),
                 "normal": N_("Normal")}
RESULT_TEXTS = {"normal": N_("Normal"), "abnormal": N_("Abnormal"),
                "cancer_found": N_("Cancer found")}

SCORE_NAMES = {
    "plcom2012": N_("PLCOm2012 (lung cancer, six-year risk, for people who have smoked)"),
    "bcrat": N_("BCRAT, the Gail model (breast cancer, five-year risk)"),
    "apcs": N_("Asia-Pacific Colorectal Screening score (APCS)"),
    "amap": N_("aMAP score (liver cancer in chronic liver disease)"),
}
SCORE_THRESHOLDS = {
    "plcom2012": N_("Published threshold: a six-year risk of 1.51 per cent or more is high."),
    "bcrat": N_("Published threshold: a five-year risk of 1.67 per cent or more is increased (a US "
                "convention)."),
    "apcs": N_("Published tiers: 0 to 1 average, 2 to 3 moderate, 4 to 7 high."),
    "amap": N_("Published groups: below 50 low, 50 to 60 medium, above 60 high."),
}
SCORE_CAVEATS = {
    "plcom2012": N_("Built on US trial volunteers aged 55 to 74 and not calibrated for mainland "
                    "China; it leaves out cooking fumes, air pollution and never-smokers."),
    "bcrat": N_("The Asian-American parameters are known to overestimate risk in women in "
                "China, about 1.8-fold in a meta-analysis."),
    "apcs": N_("Predicts advanced neoplasia found at colonoscopy now, in people without "
               "symptoms; its accuracy in mainland China is modest."),
    "amap": N_("Built on treated patients with chronic hepatitis; check the units of the "
               "laboratory values."),
}
CATEGORY_TEXTS = {
    "high": N_("High"), "below_threshold": N_("Below the threshold"),
    "increased": N_("Increased"), "average": N_("Average"), "moderate": N_("Moderate"),
    "low": N_("Low"), "medium": N_("Medium"),
}
STATUS_TEXTS = {
    "never_smoker": N_("Does not apply: the resident has never smoked. Many lung cancers in "
                       "China occur in never-smokers, so this is no reassurance."),
    "age_outside_model": N_("Does not apply at this age."),
    "no_chronic_liver_disease": N_("Does not apply: the score is for people with chronic "
                                   "hepatitis or other chronic liver disease."),
    "needs_lab_values": N_("Enter bilirubin, albumin and platelets to compute this score."),
    "missing_inputs": N_("Not computed: some answers the score needs are missing."),
    "invalid_inputs": N_("Not computed: some answers are outside what the score accepts."),
    "symptomatic": N_("Not for people with bowel symptoms: these need a doctor whatever the "
                      "score."),
}
AGREEMENT_NOTES = {
    "score_higher": N_("This score is above its published threshold, but our result for this "
                       "cancer is not high. Weigh the score's limits before acting on it."),
    "ours_higher": N_("Our result for this cancer is high (by a national guideline rule or our "
                      "model), but this score is below its threshold. The guideline's referral "
                      "still applies."),
}
# The export's columns: these, one per cancer (CSV_CANCER_HEADER) after "Highest risk", then
# CSV_HEADERS_AFTER.
CSV_HEADERS = (N_("Assessment"), N_("Date"), N_("Name"), N_("Phone"), N_("Age"), N_("Sex"),
               N_("Priority"), N_("Red-flag symptoms"), N_("High-risk cancers"),
               N_("Highest risk"))
CSV_CANCER_HEADER = N_("%(cancer)s: screening")
CSV_HEADERS_AFTER = (N_("Tumour markers above limit"), N_("Referral tests"), N_("Follow-up"),
                     N_("Last follow-up date"), N_("Follow-up note"), N_("Next contact"),
                     N_("Overdue"))
SEX_TEXTS = {"male": N_("Man"), "female": N_("Woman")}
YES_NO = {True: N_("Yes"), False: N_("No")}


def t(language: str, msgid: str) -> str:
    return translate(language, msgid)


def follow_up_text(language: str, status: str | None, result: str | None = None) -> str:
    text = t(language, FOLLOW_UP_TEXTS[status])
    # The language's own colon (Chinese screens take "：").
    return f"{text}{t(language, ': ')}{t(language, RESULT_TEXTS[result])}" if result else text


def red_flag_text(language: str, code: str) -> str:
    return t(language, DOCTOR_RED_FLAG_TEXTS.get(code) or RED_FLAG_TEXTS[code])


def marker_name(language: str, code: str) -> str:
    return t(language, MARKER_NAMES.get(code, code))


def tier_text(language: str, tier: int) -> str:
    return t(language, TIER_TEXTS[tier])


def reasons_text(language: str, reasons: list[dict]) -> list[dict]:
    """The queue row's "why", in a few words each: ``[{code, text}]``."""
    out = []
    for reason in reasons:
        code, template = reason["code"], t(language, REASON_TEXTS[reason["code"]])
        if code == "red_flag":
            text = template % {"symptom": red_flag_text(language, reason["flag"])}
        elif code == "marker":
            text = template % {"marker": marker_name(language, reason["marker"]),
                               "value": format_number(reason["value"]),
                               "limit": format_number(reason["upper_limit"])}
        elif code == "screening":
            text = template % {"cancer": cancer_name(language, reason["cancer"])}
        else:
            text = template
        out.append({"code": code, "text": text})
    return out


def cancer_name(language: str, cancer: str) -> str:
    return t(language, CANCER_NAMES[cancer])


def score_words(entry: dict, language: str) -> dict:
    """An established-score entry with its name, threshold, category, limits and note."""
    reason = entry["reason"] if entry["status"] == "not_applicable" else entry["status"]
    if entry["status"] == "computed" and entry["reason"] == "symptomatic":
        reason = "symptomatic"
    return {
        **entry, "name": t(language, SCORE_NAMES[entry["score"]]),
        "cancer_name": cancer_name(language, entry["cancer"]),
        "threshold": t(language, SCORE_THRESHOLDS[entry["score"]]),
        "category_text": t(language, CATEGORY_TEXTS[entry["category"]])
        if entry["category"] else None,
        "status_text": t(language, STATUS_TEXTS[reason]) if reason in STATUS_TEXTS else None,
        "caveat": t(language, SCORE_CAVEATS[entry["score"]]),
        "note": t(language, AGREEMENT_NOTES[entry["agreement"]])
        if entry["agreement"] in AGREEMENT_NOTES else None,
    }


def _answer_text(item: dict, value, language: str, centres: dict) -> str:
    if item.get("answerValueSet") == "#centres":
        return centres.get(value, value)
    options = {o["code"]: o["display"] for o in item.get("answerOption", ())}
    if options:
        values = value if isinstance(value, list) else [value]
        return "; ".join(t(language, options[v]) if v in options else str(v) for v in values)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        unit = f" {t(language, item['unit'])}" if item.get("unit") else ""
        return f"{format_number(value)}{unit}"
    return str(value)


def answers_in_words(definition, answers: dict, language: str, centres: dict) -> list[dict]:
    """``[{section, items: [{link_id, question, answer}]}]`` in questionnaire order."""
    sections = []
    for group in definition.raw["item"]:
        items = [{"link_id": item["linkId"], "question": t(language, item["text"]),
                  "answer": _answer_text(item, answers[item["linkId"]], language, centres)}
                 for item in _leaves(group) if item["linkId"] in answers]
        if items:
            sections.append({"section": t(language, group.get("text") or group.get("title", "")),
                             "items": items})
    return sections


def _leaves(group: dict):
    for item in group.get("item", ()):
        if item.get("type") == "group":
            yield from _leaves(item)
        else:
            yield item
