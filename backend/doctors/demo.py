"""Demo staff accounts and demo residents for ``flask seed`` (``make run``).

Accounts: one admin, one editor and one doctor per demo centre, each with a random password
printed once, when the account is created (re-running creates and prints nothing). Residents:
a few invented people, marked as demo, who shared with the first demo centre, submitted
through the residents' own ``submit_assessment`` with fixed submission ids, so that running
the seed again finds them instead of adding more.
"""
from __future__ import annotations

import secrets
import uuid
from datetime import date

from backend.accounts import service as accounts
from backend.assessments.service import Submission, submit_assessment
from backend.centres.service import list_health_centres
from backend.errors import ConflictError, InvalidAnswersError

DEMO_NAMESPACE = uuid.UUID("6f1c2a53-8f0e-4c4b-9a55-0d3b7e6f2a10")


def _password() -> str:
    return secrets.token_urlsafe(12)


def _ensure(username: str, role: str, centre: str | None, name: str) -> tuple[str, str] | None:
    if accounts.find_user(username) is not None:
        return None
    password = _password()
    accounts.create_user(username, password, role, centre, name)
    return username, password


def seed_accounts() -> list[tuple[str, str, str]]:
    """``[(username, role, password)]`` of the accounts created now (empty when all exist)."""
    wanted = [("demo-admin", "admin", None, "Demo admin"),
              ("demo-editor", "editor", None, "Demo editor")]
    wanted += [(f"demo-doctor-{c.code.lower().removeprefix('demo-')}", "doctor", c.code,
                f"Demo doctor ({c.code})") for c in list_health_centres()
               if c.code.startswith("DEMO-")]
    created = []
    for username, role, centre, name in wanted:
        made = _ensure(username, role, centre, name)
        if made:
            created.append((made[0], role, made[1]))
    return created


def _base(sex: str, age: int, **answers) -> dict:
    common = {
        "sex": sex, "birth_year": date.today().year - age, "height_cm": 165, "weight_kg": 65,
        "centre": "DEMO-HC-01", "education": "senior_secondary", "smoking_status": "never",
        "passive_smoking": "no", "alcohol_frequency": "never", "vegetables": "daily",
        "fruit": "4_6_days", "pickled_food": "rarely", "processed_meat": "rarely",
        "salty_taste": "medium", "hot_food": "no",
        "cooking_fumes": "a_little", "exercise": "yes", "work_exposure": ["none"],
        "conditions": ["none"], "h_pylori": "dont_know",
        "stomach_conditions": ["none"], "bowel_conditions": ["none"], "bowel_history": ["none"],
        "previous_cancer": "no", "family_cancer": "no", "brca": "dont_know",
        "current_symptoms": ["none"], "hbsag_test": "negative", "fit_test": "not_tested",
        "tumour_markers_done": "no", "share_with_doctor": "yes",
    }
    if sex == "female":
        common.update(menarche_age=14, menopause_status="natural", menopause_age=50,
                      live_births=1, first_birth_age=25, breastfeeding_months=12, abortions=0,
                      breast_biopsy="no", dense_breasts="dont_know", hrt_type="none",
                      breast_symptoms="no", second_degree_breast_ovarian="none")
    return {**common, **answers}


DEMO_RESIDENTS = {
    "smoker": _base("male", 63, smoking_status="current", smoking_start_age=20,
                    cigarettes_per_day=20, smoking_years=42, contact_name="王建国（演示）",
                    contact_phone="13800000001"),
    "family-breast": _base("female", 56, family_cancer="yes", family_cancers=["breast"],
                           family_breast_relatives=["parent"], contact_name="李秀英（演示）",
                           contact_phone="13800000002"),
    "red-flag": _base("male", 58, current_symptoms=["blood_or_mucus_stool"],
                      contact_name="张伟（演示）", contact_phone="13800000003"),
    "hepatitis-b": _base("male", 52, hbsag_test="positive",
                         contact_name="刘洋（演示）", contact_phone="13800000004"),
}


def seed_residents() -> int:
    """Submit the demo residents; returns how many were new."""
    created = 0
    for key, answers in DEMO_RESIDENTS.items():
        submission = Submission(str(uuid.uuid5(DEMO_NAMESPACE, key)), "cancer-risk", "2", answers)
        try:
            _, new = submit_assessment(submission, "zh-CN")
        except (ConflictError, InvalidAnswersError):
            continue  # stored in an earlier year, or for an older questionnaire: keep that one
        created += new
    return created
