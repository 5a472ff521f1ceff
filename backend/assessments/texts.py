"""Words for a stored result, in the reader's language.

Stored results hold codes (cancer, comparison, status, reason, test); this module is the one
place that turns them into sentences (it reads nothing: ``service.result_view`` hands it the
centres and articles), so a result reads the same in the resident's app, the doctor's screen
and a printout, in Chinese or English. Every string is a msgid in the catalogues.

Two rules keep words and numbers together: a risk is shown as whole people ("about 7 in
1,000", "fewer than 1 in 1,000"), never "0.7 in 1,000" or "0%", with a denominator large enough
that two risks the comparison calls different never print as the same number; and a comparison
word is only ever shown beside the two numbers it was computed from.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal

from backend.centres.service import localised, offering
from backend.i18n import BABEL_LOCALES, translate
from backend.scoring.guidelines import RULES_BY_ID
from backend.scoring.vocabulary import (CANCER_NAMES, COMPARISON_TEXTS, INTERVAL_TEXTS,
                                        LEVEL_TEXTS, MARKER_NAMES, N_, PRIORITY_TEXTS,
                                        REASON_TEXTS, RED_FLAG_CLINICS, RED_FLAG_TEXTS,
                                        STATUS_TEXTS, TEST_NAMES)

# What changing a habit would do. The figure is that of people without the habit (or, for
# smoking, of people who stopped less than 15 years ago): the benefit builds over years, so
# the texts never present it as the next five years' change.
WHAT_IF_TEXTS = {
    "smoking": N_("If you stop smoking: your risk falls over the years after you stop. People "
                  "who stopped less than 15 years ago have about %(people)s."),
    "current_smoking": N_("If you stop smoking: your risk falls over the years after you stop. "
                          "People like you who do not smoke have about %(people)s."),
    "heavy_drinking": N_("If you stop drinking alcohol: the benefit builds over years. People like "
                         "you who do not drink have about %(people)s."),
    "weekly_drinking": N_("If you stop drinking alcohol: the benefit builds over years. People "
                          "like you who do not drink every week have about %(people)s."),
    "cooking_fumes": N_("If you cut cooking fumes (range hood, less frying): the benefit builds "
                        "over years. People like you without heavy fumes have about %(people)s."),
    "obesity": N_("If you bring your body mass index below 28: the benefit builds over years. "
                  "People like you with a lower body mass index have about %(people)s."),
    "physically_inactive": N_("If you exercise 30 minutes at least three times a week: the "
                              "benefit builds over years. People like you who exercise have "
                              "about %(people)s."),
    "processed_meat": N_("If you eat processed meat less than 4 days a week: the benefit builds "
                         "over years. People like you who eat less have about %(people)s."),
    "pickled_food": N_("If you eat pickled vegetables less than 4 days a week: the benefit builds "
                       "over years. People like you who eat less have about %(people)s."),
    "hot_food": N_("If you let food and drinks cool before you have them: the benefit builds "
                   "over years. People like you who do so have about %(people)s."),
    "salty_diet": N_("If you eat less salt: the benefit builds over years. People like you who "
                     "eat less salt have about %(people)s."),
    "h_pylori": N_("If your H. pylori infection is treated and cleared: the benefit builds over "
                   "years. People like you without the infection have about %(people)s."),
}
PEOPLE_ABOUT = N_("about %(count)s in %(per)s")
PEOPLE_FEWER = N_("fewer than 1 in %(per)s")
PICTURE_TEXT = N_("Of people of your age and sex who answered like you, %(you)s may get this "
                  "cancer in the next 5 years. For people of your age and sex in general it is "
                  "%(average)s.")
MARKER_TEXT = N_("Above the laboratory's upper limit. This is not a diagnosis: please show the "
                 "result to your family doctor.")
NO_MODEL_TEXT = N_("No risk figure is computed for your age: the risk models cover ages 40 to 74. "
                   "The guideline checks below still apply.")
DISCLAIMER = N_("This is an estimate for people who answered like you, not a diagnosis. Most "
                "people whose result advises screening for a cancer do not get that cancer in "
                "the next five years, and a lower risk does not rule it out.")
RED_FLAG_HEADING = N_("See a doctor within the next few days")
RED_FLAG_MESSAGE = N_("You reported a symptom that needs a doctor. Please see a doctor within "
                      "the next few days; do not wait for screening. The doctor decides which "
                      "tests you need.")
CALL_120 = N_("Call 120 at once if you vomit or cough up a lot of blood, pass a lot of blood or "
              "black stool and feel faint, or have trouble breathing.")
ADVICE_TEXTS = {
    "hepatitis_care": N_("See a doctor for hepatitis care, and ask about liver checks."),
    "see_doctor": N_("See a doctor about your symptom first. The doctor decides which tests you "
                     "need, so no screening interval is given here."),
    "talk_to_doctor": N_("Talk to your family doctor about whether and when to screen."),
}
PLAN_TEXTS = {
    "recommended": N_("%(tests)s by %(date)s"),
    "see_doctor": N_("See a doctor within the next few days about your symptom"),
    "talk_to_doctor": N_("Talk to your family doctor"),
}
PLAN_NOTHING = N_("Nothing is needed now. Check again on %(date)s.")
PLAN_CHECK_AGAIN = N_("Check again on %(date)s, or sooner if your doctor says so.")
PER_STEPS = (1000, 10_000, 100_000)


class Words:
    """Translation, numbers and dates in one reader's language."""

    def __init__(self, language: str):
        self.language, self.locale = language, BABEL_LOCALES[language]
        chinese = language == "zh-CN"
        # Chinese lists take the enumeration comma and the full-width semicolon.
        self.and_list, self.semicolons = ("、", "；") if chinese else (", ", "; ")

    def __call__(self, msgid: str, **params) -> str:
        text = translate(self.language, msgid)
        return text % params if params else text

    def number(self, value: int) -> str:
        return _whole_number(value, self.locale)

    def date(self, iso: str) -> str:
        return _long_date(iso, self.locale)

    def people(self, risk: float, per: int) -> str:
        count = round(risk * per)
        if count < 1:
            return self(PEOPLE_FEWER, per=self.number(per))
        return self(PEOPLE_ABOUT, count=self.number(count), per=self.number(per))


def _utc(moment):
    """Stored times are UTC; SQLite hands them back without their zone, PostgreSQL with it:
    the same instant is written the same way whichever the database (and whether the row was
    just written or read back)."""
    if isinstance(moment, datetime) and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


@lru_cache(maxsize=4096)
def _long_date(iso: str, locale: str) -> str:
    """Babel's long date (every result names a few, the same for everyone on a given day:
    formatting each afresh was a tenth of the result's words)."""
    return format_date(date.fromisoformat(iso), format="long", locale=locale)


@lru_cache(maxsize=4096)
def _whole_number(value: int, locale: str) -> str:
    """Babel's formatting of a whole number (a result prints some thirty, mostly the same few:
    1,000 people, 3 of them …; Babel parses the locale again on every call)."""
    return format_decimal(value, locale=locale)


def people_per(risk: float, average: float, comparison: str) -> int:
    """The smallest denominator at which the two risks print as whole people that differ,
    when the comparison says they differ (so "higher" never stands beside two equal numbers)."""
    for per in PER_STEPS:
        if comparison == "about_average" or round(risk * per) != round(average * per):
            if max(round(risk * per), round(average * per)) >= 1 or per == PER_STEPS[-1]:
                return per
    return PER_STEPS[-1]


def _reason(reason: dict, t: Words, raised_by: list[dict]) -> dict:
    params = {}
    if "age" in reason:
        params["age"] = t.number(reason["age"])
        params["answers"] = t.semicolons.join(
            t(LEVEL_TEXTS[(r["factor"], r["level"])]) for r in raised_by[:2]) or t(N_("your age"))
    if "marker" in reason:
        params["marker"] = t(MARKER_NAMES.get(reason["marker"], reason["marker"]))
    if "symptom" in reason:
        params["symptom"] = t(RED_FLAG_TEXTS[reason["symptom"]])
    return dict(reason, text=t(REASON_TEXTS[reason["code"]], **params))


def _referral(referral: dict | None, t: Words, centres: list) -> dict | None:
    if referral is None:
        return None
    return {
        "tests": [{"code": code, "name": t(TEST_NAMES[code])} for code in referral["tests"]],
        "interval_months": referral["interval_months"],
        "interval": t(INTERVAL_TEXTS[referral["interval"]]),
        "due_by": referral["due_by"], "due_by_text": t.date(referral["due_by"]),
        "centres": [dict(localised(c, t.language, "name", "address", "hours"), phone=c.phone)
                    for c in offering(centres, referral["tests"])],
    }


def _picture(item: dict, t: Words) -> dict | None:
    """The comparison in words and whole people; None when no model risk was computed."""
    if item["risk"] is None:
        return None
    per = people_per(item["risk"], item["average_risk"], item["comparison"])
    you, average = t.people(item["risk"], per), t.people(item["average_risk"], per)
    return {"per": per, "you": round(item["risk"] * per), "average": round(item["average_risk"] * per),
            "you_text": you, "average_text": average,
            "text": t(PICTURE_TEXT, you=you, average=average)}


def _advice(item: dict, t: Words) -> str | None:
    if item["status"] in ("see_doctor", "talk_to_doctor"):
        codes = [r.get("advice") for r in item["reasons"] if r.get("advice")]
        return t(ADVICE_TEXTS[codes[0] if codes else item["status"]])
    return None


def _what_if(change: dict, item: dict, t: Words, per: int) -> dict:
    return dict(change, text=t(WHAT_IF_TEXTS[change["factor"]], people=t.people(change["risk"], per)))


def _cancer(item: dict, t: Words, centres: list) -> dict:
    picture = _picture(item, t)
    per = picture["per"] if picture else 1000
    return {
        **{k: item[k] for k in ("cancer", "risk", "average_risk", "relative_risk", "comparison",
                                "status")},
        "name": t(CANCER_NAMES[item["cancer"]]),
        "comparison_text": t(COMPARISON_TEXTS[item["comparison"]]) if item["comparison"] else None,
        "picture": picture,
        "no_model_reason": t(NO_MODEL_TEXT) if item.get("no_model_reason") else None,
        "status_text": t(STATUS_TEXTS[item["status"]]),
        "reasons": [_reason(r, t, item["raised_by"]) for r in item["reasons"]],
        "advice": _advice(item, t),
        "rules": [{"id": r, "text": t(RULES_BY_ID[r].text)} for r in item["rules"]],
        "raised_by": [dict(r, text=t(LEVEL_TEXTS[(r["factor"], r["level"])]))
                      for r in item["raised_by"]],
        "what_if": [_what_if(w, item, t, per) for w in item["what_if"]],
        "referral": _referral(item["referral"], t, centres),
    }


def _plan(cancers: list[dict], result: dict, t: Words) -> dict:
    """"What to do next": one line per cancer that needs action, then when to check again."""
    lines = []
    for c in cancers:
        if c["status"] == "recommended":
            tests = t.and_list.join(test["name"] for test in c["referral"]["tests"])
            lines.append({"cancer": c["cancer"], "status": c["status"], "name": c["name"],
                          "text": t(PLAN_TEXTS["recommended"], tests=tests,
                                    date=c["referral"]["due_by_text"])})
        elif c["status"] in PLAN_TEXTS:
            lines.append({"cancer": c["cancer"], "status": c["status"], "name": c["name"],
                          "text": t(PLAN_TEXTS[c["status"]])})
    due = result["next_assessment_due"]
    after = None
    if due:
        after = t(PLAN_CHECK_AGAIN if lines else PLAN_NOTHING, date=t.date(due))
    return {"actions": lines, "next": after}


def _marker(marker: dict, t: Words) -> dict:
    return {**marker, "name": t(MARKER_NAMES.get(marker["marker"], marker["marker"])),
            "cancer_names": [t(CANCER_NAMES[c]) for c in marker["cancers"]],
            "text": t(MARKER_TEXT)}


def _red_flags(result: dict, t: Words) -> list[dict]:
    return [{"code": c, "text": t(RED_FLAG_TEXTS[c]), "clinic": t(RED_FLAG_CLINICS[c])}
            for c in result["red_flags"]]


def _centre(centre, t: Words) -> dict | None:
    if centre is None:
        return None
    return dict(localised(centre, t.language, "name"), phone=centre.phone or None)


def result_in_words(row, language: str, centres: list, articles: list[dict],
                    health_centre=None) -> dict:
    """The stored result of ``row`` (an Assessment) in ``language``, ready for JSON.

    ``centres`` are the active screening centres (the referrals name those offering their
    tests); ``articles`` the published advice matched to the result, most relevant first;
    ``health_centre`` the community health centre the resident chose (its phone is shown
    beside the red flags).
    """
    result, t = row.result, Words(language)
    cancers = [_cancer(c, t, centres) for c in result["cancers"]]
    flagged = result["see_doctor_now"]
    return {
        "assessment_id": row.id,
        "created_at": _utc(row.created_at).isoformat(),
        "language": language,
        "questionnaire": {"id": row.questionnaire_id, "version": row.questionnaire_version},
        "model_version": row.model_version,
        "sex": result["sex"],
        "age": result["age"],
        "disclaimer": t(DISCLAIMER),
        "see_doctor_now": flagged,
        "red_flags": _red_flags(result, t),
        "red_flag_heading": t(RED_FLAG_HEADING) if flagged else None,
        "red_flag_message": t(RED_FLAG_MESSAGE) if flagged else None,
        "call_120": t(CALL_120) if flagged else None,
        "health_centre": _centre(health_centre, t),
        "tumour_markers_above_limit": [_marker(m, t) for m in result["tumour_markers_above_limit"]],
        "priority": result["priority"],
        "priority_text": t(PRIORITY_TEXTS[result["priority"]]),
        "cancers": cancers,
        "plan": _plan(cancers, result, t),
        "next_assessment": {"months": result["next_assessment_months"],
                            "due": result["next_assessment_due"]}
        if result["next_assessment_due"] else None,
        "shared_with_centre": row.centre_code if row.shared else None,
        "articles": articles,
    }
