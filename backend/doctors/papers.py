"""Papers people use: a one-page referral letter (转诊单) per referral, the resident's one-page
printout, and a short phone script for the first call. Built from the stored result in the
request's language; the printing itself is the browser's (A4 print CSS in the staff app).

* A **referral letter** per cancer with a referral (or one for a reported warning sign): the
  resident, the centre and the doctor who refers, the reason, the test, where (the active
  screening centres offering it, with address, phone and hours) and by when.
* The **printout** fits one A4 page: the centre's name and phone, one line per cancer, any
  tumour marker above its limit (the resident's own answer and the values the doctor
  entered, latest first), what to do next, and the short result code with its QR code (the
  same code the residents' app gives; lookups are rate-limited) instead of the 36-character
  number and the 43-character token.
* The **phone script** is a few sentences for the first call, with the blanks filled in.

Reading the papers shows a resident's data, so it is audited like opening the detail.
"""
from __future__ import annotations

from datetime import date

from backend.accounts import audit
from backend.accounts.staff import Staff
from backend.assessments.service import decrypt, result_view
from backend.assessments.short_code import short_code_view
from backend.assessments.texts import Words
from backend.doctors import records, texts
from backend.extensions import db
from backend.scoring.vocabulary import N_

LETTER_TITLE = N_("Referral letter")
RED_FLAG_LETTER = N_("Please see a doctor about a warning sign")
AS_SOON_AS_POSSIBLE = N_("As soon as possible")
ANY_CLINIC = N_("A hospital outpatient clinic: %(clinic)s")
NOT_A_DIAGNOSIS = N_("This letter is based on a risk questionnaire. It is not a diagnosis.")
SCRIPT = (
    N_("Hello, is this %(resident)s? I am %(doctor)s, a family doctor at %(centre)s."),
    N_("You filled in the cancer risk check and chose to share it with us, so I am calling "
       "about your result."),
    N_("It is not a diagnosis. %(reason)s"),
    N_("What I suggest: %(action)s"),
    N_("Is that possible for you? I can write a referral letter and help you book."),
    N_("If I cannot reach you, I will try again. You can call us on %(phone)s."),
)
NO_REASON = N_("Your answers show nothing that needs a test now; I am calling to check in.")
NO_ACTION = N_("keep your healthy habits and do the check again next year.")


def _latest_markers_above(row_id: str, language: str) -> list[dict]:
    """The doctor's entries above their limit, the latest per marker."""
    seen, above = set(), []
    for marker in reversed(records.markers_of(row_id)):  # newest first
        view = records.marker_view(marker, language)
        if marker.marker not in seen:
            seen.add(marker.marker)
            if view["above_limit"]:
                above.append(view)
    return above


def _letters(view: dict, language: str) -> list[dict]:
    t = lambda msgid, **p: texts.t(language, msgid) % p if p else texts.t(language, msgid)  # noqa: E731
    letters = [{
        "id": c["cancer"], "cancer": c["cancer"], "title": t(LETTER_TITLE), "name": c["name"],
        # The guideline's high-risk criteria in neutral words (the reasons speak to the
        # resident); without any, the result's own first reason.
        "reason": Words(language).semicolons.join(r["text"] for r in c["rules"])
        or "".join(r["text"] for r in c["reasons"][:1]) or c["status_text"],
        "status_text": c["status_text"],
        "tests": [test["name"] for test in c["referral"]["tests"]],
        "interval": c["referral"]["interval"], "by_when": c["referral"]["due_by_text"],
        "where": c["referral"]["centres"],
    } for c in view["cancers"] if c.get("referral")]
    if view["red_flags"]:
        letters.insert(0, {
            "id": "red_flag", "cancer": None, "title": t(RED_FLAG_LETTER), "name": None,
            "reason": t(texts.REASON_TEXTS["red_flag"], symptom=Words(language).and_list.join(
                texts.red_flag_text(language, f["code"]) for f in view["red_flags"])),
            "status_text": view["red_flag_message"], "tests": [], "interval": None,
            "by_when": t(AS_SOON_AS_POSSIBLE),
            "where": [{"name": t(ANY_CLINIC, clinic=f["clinic"])} for f in view["red_flags"]],
        })
    return letters


def _script(view: dict, resident: str, staff: Staff, centre: dict, language: str) -> list[str]:
    t = lambda msgid, **p: texts.t(language, msgid) % p  # noqa: E731
    first = next((c for c in view["cancers"] if c["status"] in ("see_doctor", "recommended")),
                 None)
    if view["red_flags"]:
        reason = view["red_flag_message"]
    elif first:
        reason = "".join(r["text"] for r in first["reasons"][:1]) or first["status_text"]
    else:
        reason = texts.t(language, NO_REASON)
    actions = view["plan"]["actions"]
    action = actions[0]["text"] if actions else texts.t(language, NO_ACTION)
    values = {"resident": resident or "—", "doctor": staff.display_name or staff.username,
              "centre": centre.get("name") or "—", "reason": reason, "action": action,
              "phone": centre.get("phone") or "—"}
    return [t(line, **values) for line in SCRIPT]


def papers(staff: Staff, assessment_id: str, language: str, base_url: str) -> dict:
    """The letters, the printout and the phone script of one resident (403 role, 404 not
    theirs). Audited."""
    row = records.resident_assessment(staff, assessment_id)
    view = result_view(row, language)
    centre = view["health_centre"] or {}
    resident = decrypt(row.contact_name_enc) or ""
    code = short_code_view(row, base_url)
    paper = {
        "issued_on": date.today().isoformat(),
        "resident": {"name": resident, "phone": decrypt(row.contact_phone_enc) or "",
                     "sex": texts.t(language, texts.SEX_TEXTS[row.sex]), "age": row.age},
        "centre": {"name": centre.get("name"), "phone": centre.get("phone")},
        "doctor": staff.display_name or staff.username,
        "not_a_diagnosis": texts.t(language, NOT_A_DIAGNOSIS),
        "letters": _letters(view, language),
        "printout": {
            "created_at": view["created_at"], "disclaimer": view["disclaimer"],
            "red_flags": view["red_flags"], "red_flag_message": view["red_flag_message"],
            "cancers": [{"cancer": c["cancer"], "name": c["name"],
                         "comparison_text": c["comparison_text"], "status": c["status"],
                         "status_text": c["status_text"]} for c in view["cancers"]],
            "markers_reported": view["tumour_markers_above_limit"],
            "markers_measured": _latest_markers_above(row.id, language),
            "plan": view["plan"], "short_code": code,
        },
        "phone_script": _script(view, resident, staff, centre, language),
    }
    audit.record(staff, "papers.read", row.id)
    db.session.commit()
    return paper
