"""The questionnaire definition: the shipped one loads, broken ones are refused by name."""
import copy
import json

import jsonschema
import pytest

from backend.questionnaires.definition import (DEFAULT_DIRECTORY, SCHEMA_PATH, DefinitionError,
                                               QuestionnaireNotFound, get_questionnaire,
                                               load_definition, load_questionnaires,
                                               parse_definition)
from backend.questionnaires.fhir_format import from_fhir, to_fhir
from backend.questionnaires.types import ITEM_TYPES

V1 = DEFAULT_DIRECTORY / "cancer-risk" / "v1.json"


@pytest.fixture
def raw():
    """v1 in the working form (the file itself is FHIR)."""
    return from_fhir(json.loads(V1.read_text(encoding="utf-8")))


def find(node, link_id):
    for item in node["item"]:
        if item["linkId"] == link_id:
            return item
        if "item" in item:
            found = find(item, link_id)
            if found:
                return found
    return None


def test_v1_is_valid_against_the_format_schema(raw):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(raw)


def test_v1_loads_with_its_rules():
    definition = load_definition(V1)
    assert (definition.id, definition.version) == ("cancer-risk", 1)
    assert definition.personal_items == {"contact_name", "contact_phone"}
    assert definition.birth_year_item == "birth_year"
    assert {item["type"] for item in definition.items} <= set(ITEM_TYPES)


def test_get_questionnaire_current_and_given_version():
    assert get_questionnaire("cancer-risk").version == 2
    assert get_questionnaire("cancer-risk", 1)["id"] == "cancer-risk"  # kept for stored results
    with pytest.raises(QuestionnaireNotFound):
        get_questionnaire("cancer-risk", 99)
    with pytest.raises(QuestionnaireNotFound):
        get_questionnaire("nope")


def test_highest_version_is_current(tmp_path, raw):
    (tmp_path / "cancer-risk").mkdir()
    (tmp_path / "cancer-risk" / "v1.json").write_text(json.dumps(to_fhir(raw)))
    raw["version"] = "2"
    (tmp_path / "cancer-risk" / "v2.json").write_text(json.dumps(to_fhir(raw)))
    assert sorted(load_questionnaires(tmp_path)["cancer-risk"]) == [1, 2]
    assert get_questionnaire("cancer-risk", directory=tmp_path).version == 2


def test_file_name_must_match_id_and_version(tmp_path, raw):
    (tmp_path / "cancer-risk").mkdir()
    path = tmp_path / "cancer-risk" / "v3.json"
    path.write_text(json.dumps(to_fhir(raw)))
    with pytest.raises(DefinitionError, match="v1.json"):
        load_definition(path)


def broken(raw, change):
    raw = copy.deepcopy(raw)
    change(raw)
    return raw


def missing_target(raw):
    find(raw, "quit_years")["enableWhen"][0]["question"] = "no_such_item"


def cycle(raw):
    find(raw, "smoking_status")["enableWhen"] = [
        {"question": "quit_years", "operator": "exists", "answerBoolean": True}]


def duplicate(raw):
    find(raw, "fruit")["linkId"] = "vegetables"


def bad_operator(raw):
    find(raw, "quit_years")["enableWhen"][0]["operator"] = ">"


def wrong_answer_type(raw):
    find(raw, "first_birth_age")["enableWhen"][0] = {
        "question": "live_births", "operator": ">", "answerCoding": {"code": "yes"}}


def unknown_option(raw):
    find(raw, "quit_years")["enableWhen"][0]["answerCoding"]["code"] = "sometimes"


def target_after(raw):
    find(raw, "sex")["enableWhen"] = [
        {"question": "education", "operator": "exists", "answerBoolean": True}]


def duplicate_code(raw):
    find(raw, "fruit")["answerOption"][1]["code"] = "daily"


def schema_error(raw):
    find(raw, "height_cm")["type"] = "slider"


def several_conditions_without_behavior(raw):
    del find(raw, "marker_psa_limit")["enableBehavior"]


@pytest.mark.parametrize("change, link_id, words", [
    (missing_target, "quit_years", "unknown item 'no_such_item'"),
    (cycle, "quit_years", "enableWhen cycle: smoking_status -> quit_years"),
    (duplicate, "vegetables", "duplicate linkId"),
    (bad_operator, "quit_years", "operator '>'"),
    (wrong_answer_type, "first_birth_age", "answerCoding"),
    (unknown_option, "quit_years", "'sometimes' is not an option"),
    (target_after, "sex", "must come before"),
    (duplicate_code, "fruit", "duplicate option code"),
    (schema_error, "height_cm", "slider"),
    (several_conditions_without_behavior, "marker_psa_limit", "enableBehavior"),
])
def test_broken_definitions_are_refused_naming_the_item(raw, change, link_id, words):
    with pytest.raises(DefinitionError) as caught:
        parse_definition(broken(raw, change))
    assert caught.value.link_id == link_id
    assert f"item '{link_id}'" in str(caught.value)
    assert words in str(caught.value)


def test_every_enable_when_target_precedes(raw):
    definition = parse_definition(raw)
    order = [item["linkId"] for item in definition.items]
    for item in definition.items:
        for condition in item.get("enableWhen", ()):
            assert order.index(condition["question"]) < order.index(item["linkId"])
