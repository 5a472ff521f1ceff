"""Complete, valid answer sets for the API and browser tests (ages relative to today).

For cancer-risk v2, the current version (v1 also asked hepatitis_b, fried_food and
h_pylori_test; v2 merged the first and last into hbsag_test and h_pylori and dropped fried
food, which no model or rule reads).
"""
from __future__ import annotations

from datetime import date


def woman_58(**changes) -> dict:
    """A never-smoking woman of 58 with a mother who had breast cancer."""
    answers = {
        "sex": "female", "birth_year": date.today().year - 58, "height_cm": 158, "weight_kg": 60,
        "centre": "DEMO-HC-01", "education": "junior_secondary",
        "smoking_status": "never", "passive_smoking": "no",
        "alcohol_frequency": "never",
        "vegetables": "daily", "fruit": "4_6_days", "pickled_food": "rarely",
        "processed_meat": "rarely", "salty_taste": "medium",
        "hot_food": "no", "cooking_fumes": "a_little", "exercise": "yes", "work_exposure": ["none"],
        "conditions": ["none"], "h_pylori": "dont_know",
        "stomach_conditions": ["none"], "bowel_conditions": ["none"], "bowel_history": ["none"],
        "previous_cancer": "no", "family_cancer": "yes", "family_cancers": ["breast"],
        "family_breast_relatives": ["parent"], "second_degree_breast_ovarian": "none",
        "brca": "dont_know", "menarche_age": 14, "menopause_status": "natural",
        "menopause_age": 51, "live_births": 1, "first_birth_age": 26, "breastfeeding_months": 10,
        "abortions": 0, "breast_biopsy": "no", "dense_breasts": "never_had", "hrt_type": "none",
        "current_symptoms": ["none"], "breast_symptoms": "no",
        "hbsag_test": "negative", "fit_test": "not_tested",
        "tumour_markers_done": "no", "share_with_doctor": "no",
    }
    return {**answers, **changes}


def man_62_smoker(**changes) -> dict:
    """A man of 62 who smokes 20 a day for 40 years (40 pack-years) and drinks beer."""
    answers = {
        "sex": "male", "birth_year": date.today().year - 62, "height_cm": 170, "weight_kg": 75,
        "centre": "DEMO-HC-02", "education": "senior_secondary",
        "smoking_status": "current", "smoking_start_age": 20, "cigarettes_per_day": 20,
        "smoking_years": 40, "alcohol_frequency": "weekly_or_more", "drinking_days_per_week": 3,
        "alcohol_types": ["beer"], "beer_per_day": 2, "drinking_years": 30,
        "vegetables": "4_6_days", "fruit": "1_3_days", "pickled_food": "1_3_days",
        "processed_meat": "1_3_days", "salty_taste": "salty",
        "hot_food": "yes", "cooking_fumes": "none", "exercise": "no", "work_exposure": ["none"],
        "conditions": ["none"], "h_pylori": "dont_know",
        "stomach_conditions": ["none"], "bowel_conditions": ["none"], "bowel_history": ["none"],
        "previous_cancer": "no", "family_cancer": "no", "brca": "no",
        "current_symptoms": ["none"], "hbsag_test": "negative", "fit_test": "negative",
        "tumour_markers_done": "no",
        "share_with_doctor": "yes", "contact_name": "王建国", "contact_phone": "13800138000",
    }
    return {**answers, **changes}


def submission(answers: dict, client_id: str, version: str = "2", **extra) -> dict:
    return {"client_id": client_id, "questionnaire_id": "cancer-risk",
            "questionnaire_version": version, "answers": answers, **extra}
