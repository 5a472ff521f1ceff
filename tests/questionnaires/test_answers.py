"""Validating answers: full valid sets, every error with its message in Chinese and English."""
from datetime import date

import pytest
from flask import Flask
from flask_babel import Babel, force_locale

from backend.errors import InvalidAnswersError
from backend.questionnaires.answers import validate_answers
from backend.questionnaires.definition import get_questionnaire
from backend.scoring.engine import Engine
from backend.scoring.pipeline import score_answers
from backend.translate_cli import TRANSLATIONS, compile_catalogues

TODAY = date(2026, 5, 1)
CENTRES = {"C001", "C002"}
DEFINITION = get_questionnaire("cancer-risk", 1)


@pytest.fixture(scope="module")
def app():
    compile_catalogues()
    app = Flask(__name__)
    app.config.update(BABEL_DEFAULT_LOCALE="zh_Hans_CN",
                      BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS))
    Babel(app)
    with app.app_context():
        yield app


COMMON = {
    "height_cm": 160, "weight_kg": 58.5, "centre": "C001", "education": "junior_secondary",
    "vegetables": "daily", "fruit": "4_6_days", "pickled_food": "1_3_days",
    "processed_meat": "rarely", "fried_food": "rarely", "salty_taste": "medium",
    "hot_food": "no", "cooking_fumes": "a_little", "exercise": "yes", "work_exposure": ["none"],
    "conditions": ["none"], "hepatitis_b": "no", "h_pylori": "dont_know",
    "stomach_conditions": ["none"], "bowel_conditions": ["none"], "bowel_history": ["none"],
    "previous_cancer": "no", "family_cancer": "no", "brca": "dont_know",
    "current_symptoms": ["none"], "hbsag_test": "negative", "fit_test": "negative",
    "h_pylori_test": "not_tested", "tumour_markers_done": "no", "share_with_doctor": "no",
}


def woman_58():
    return {**COMMON, "sex": "female", "birth_year": 1968, "smoking_status": "never",
            "passive_smoking": "yes", "alcohol_frequency": "never", "family_cancer": "yes",
            "family_cancers": ["breast"], "family_breast_relatives": ["parent"],
            "second_degree_breast_ovarian": "none", "menarche_age": 12,
            "menopause_status": "natural", "menopause_age": 52, "live_births": 1,
            "first_birth_age": 27, "breastfeeding_months": 8, "abortions": 1,
            "breast_biopsy": "yes", "atypical_hyperplasia": "dont_know", "dense_breasts": "no",
            "hrt_type": "none", "breast_symptoms": "no", "tumour_markers_done": "yes",
            "marker_ca15_3_value": 31.5, "marker_ca15_3_limit": 25, "share_with_doctor": "yes",
            "contact_name": "李秀英", "contact_phone": "139-1234-5678"}


def man_62_smoker():
    return {**COMMON, "sex": "male", "birth_year": 1964, "height_cm": 172, "weight_kg": 85,
            "smoking_status": "current", "smoking_start_age": 18, "cigarettes_per_day": 20,
            "smoking_years": 44, "alcohol_frequency": "weekly_or_more",
            "drinking_days_per_week": 5, "alcohol_types": ["baijiu", "beer"],
            "baijiu_per_day": 2, "beer_per_day": 1, "drinking_years": 40,
            "hepatitis_b": "dont_know", "hbsag_test": "not_tested",
            "current_symptoms": ["cough_over_3_weeks"]}


def validate(answers, centres=CENTRES):
    return validate_answers(DEFINITION, answers, centre_codes=centres, today=TODAY)


def test_full_answers_of_a_woman_of_58(app):
    cleaned = validate(woman_58())
    assert cleaned["contact_phone"] == "13912345678"
    assert cleaned["marker_ca15_3_limit"] == 25.0
    scored = score_answers(cleaned, DEFINITION.personal_items, Engine.from_directory(), TODAY)
    assert scored.personal == {"contact_name": "李秀英", "contact_phone": "13912345678"}
    assert "contact_name" not in scored.answers and scored.answers["sex"] == "female"


def test_full_answers_of_a_man_of_62_who_smokes(app):
    cleaned = validate(man_62_smoker())
    assert cleaned["smoking_years"] == 44 and cleaned["alcohol_types"] == ["baijiu", "beer"]
    assert "contact_phone" not in cleaned


def test_answers_to_disabled_items_are_dropped(app):
    answers = {**man_62_smoker(), "menarche_age": 13, "passive_smoking": "yes",
               "quit_years": 3, "breast_symptoms": "yes", "contact_name": "张三",
               "marker_psa_limit": 4}
    cleaned = validate(answers)
    for link_id in ("menarche_age", "passive_smoking", "quit_years", "breast_symptoms",
                    "contact_name", "marker_psa_limit"):
        assert link_id not in cleaned


def test_tumour_markers_are_asked_from_45_only(app):
    young = {**man_62_smoker(), "birth_year": 1990, "smoking_years": 10,
             "drinking_years": 10, "tumour_markers_done": "yes", "marker_afp_value": 3}
    assert "tumour_markers_done" not in validate(young)
    assert "marker_afp_value" not in validate(young)


def test_numbers_as_strings_and_integral_floats_are_accepted(app):
    cleaned = validate({**man_62_smoker(), "height_cm": "172", "cigarettes_per_day": 20.0})
    assert cleaned["height_cm"] == 172 and isinstance(cleaned["cigarettes_per_day"], int)


ERRORS = [
    ("wrong type", {"height_cm": "tall"}, "height_cm",
     "请输入 120 到 220 之间的整数。", "Enter a whole number between 120 and 220."),
    ("fraction for a whole number", {"cigarettes_per_day": 2.5}, "cigarettes_per_day",
     "请输入 1 到 100 之间的整数。", "Enter a whole number between 1 and 100."),
    ("out of range", {"weight_kg": 250}, "weight_kg",
     "请输入 30 到 200 之间的数字。", "Enter a number between 30 and 200."),
    ("birth year out of range", {"birth_year": 1940}, "birth_year",
     "请输入您的出生年份，在 1952 到 2008 之间。",
     "Enter the year you were born, between 1952 and 2008."),
    ("unknown option", {"salty_taste": "very"}, "salty_taste",
     "请从选项中选一项。", "Choose one of the options."),
    ("unknown option in a list", {"work_exposure": ["plutonium"]}, "work_exposure",
     "请从选项中选一项或多项。", "Choose one or more of the options."),
    ("exclusive option with others", {"conditions": ["none", "diabetes"]}, "conditions",
     "“以上都没有”不能和其他选项同时选。",
     "\"None of these\" cannot be chosen together with other answers."),
    ("unknown centre", {"centre": "C999"}, "centre",
     "请从选项中选一项。", "Choose one of the options."),
    ("unknown item", {"favourite_colour": "red"}, "favourite_colour",
     "问卷里没有这个问题。", "This question is not in the questionnaire."),
    ("required missing", {"smoking_status": None}, "smoking_status",
     "请回答这个问题。", "Please answer this question."),
    ("required missing when enabled", {"quit_years": None, "smoking_status": "former"},
     "quit_years", "请回答这个问题。", "Please answer this question."),
    ("years beyond age", {"smoking_years": 63}, "smoking_years",
     "这个数不能大于您的年龄（62 岁）。", "This cannot be more than your age (62)."),
    ("bad phone", {"share_with_doctor": "yes", "contact_name": "王", "contact_phone": "2345"},
     "contact_phone", "请输入以 1 开头的 11 位手机号码。",
     "Enter an 11-digit mobile number starting with 1."),
    ("phone too short", {"share_with_doctor": "yes", "contact_name": "王",
                         "contact_phone": "1380013800"}, "contact_phone",
     "请输入以 1 开头的 11 位手机号码。", "Enter an 11-digit mobile number starting with 1."),
    ("name too long", {"share_with_doctor": "yes", "contact_name": "王" * 51,
                       "contact_phone": "13800138000"}, "contact_name",
     "请输入文字，最多 50 个字。", "Enter text of at most 50 characters."),
    ("answer to a group", {"smoking": "yes"}, "smoking",
     "这一项不需要回答。", "This item does not take an answer."),
]


@pytest.mark.parametrize("change, link_id, chinese, english",
                         [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_each_error_has_a_message_in_both_languages(app, change, link_id, chinese, english):
    answers = {**man_62_smoker(), **change}
    for locale, expected in (("zh_Hans_CN", chinese), ("en", english)):
        with force_locale(locale), pytest.raises(InvalidAnswersError) as caught:
            validate(answers)
        assert caught.value.details == {link_id: expected}


def test_all_errors_are_reported_at_once(app):
    answers = {**woman_58(), "height_cm": 50, "fruit": "hourly", "extra": 1}
    del answers["sex"]
    with force_locale("zh_Hans_CN"), pytest.raises(InvalidAnswersError) as caught:
        validate(answers)
    assert set(caught.value.details) == {"height_cm", "fruit", "extra", "sex"}
    assert caught.value.message == "有些回答需要核对，请查看标出的问题。"


def test_answers_must_be_an_object(app):
    with force_locale("en"), pytest.raises(InvalidAnswersError, match="object"):
        validate(["sex", "male"])


def test_an_enabled_group_still_hides_items_whose_condition_fails(app):
    answers = {**woman_58(), "menopause_status": "still_menstruating"}
    assert "menopause_age" not in validate(answers)
