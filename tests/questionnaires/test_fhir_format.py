"""The questionnaire files are valid FHIR R4 and read back into the working form without loss."""
import copy
import json
from datetime import date

import fhir.resources
import pytest

from backend.questionnaires.cli import convert_file
from backend.questionnaires.definition import DEFAULT_DIRECTORY, DefinitionError, load_definition
from backend.questionnaires.fhir_format import (CENTRE_SYSTEM, EXTENSION_BASE, OPTION_EXCLUSIVE,
                                                FhirFormatError, from_fhir, parse_as_fhir_r4,
                                                to_fhir)

FILES = sorted(DEFAULT_DIRECTORY.glob("*/v*.json"))


def read(path):
    return json.loads(path.read_text(encoding="utf-8"))


def walk(items):
    for item in items:
        yield item
        yield from walk(item.get("item", ()))


def test_the_library_is_the_release_that_implements_r4():
    assert fhir.resources.__fhir_version__ == "4.0.1"


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_questionnaire_file_parses_as_fhir_r4(path):
    parsed = parse_as_fhir_r4(read(path))
    assert parsed.resource_type == "Questionnaire" and parsed.url and parsed.date


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_file_round_trips_through_the_working_form(path):
    raw = read(path)
    assert to_fhir(from_fhir(raw), on=date.fromisoformat(raw["date"])) == raw


def test_the_parser_really_fails_on_a_broken_resource():
    raw = read(FILES[0])
    raw["item"][0]["item"][0]["answerOption"][0] = {"code": "male", "display": "Man"}
    with pytest.raises(ValueError, match="valueCoding"):
        parse_as_fhir_r4(raw)


def test_standard_extensions_and_codes_are_used():
    raw = read(DEFAULT_DIRECTORY / "cancer-risk" / "v1.json")
    by_link = {item["linkId"]: item for item in walk(raw["item"])}
    urls = {e["url"] for item in by_link.values() for e in item.get("extension", ())}
    assert {"http://hl7.org/fhir/StructureDefinition/minValue",
            "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"} <= urls
    assert by_link["birth_year-help"]["type"] == "display"
    assert by_link["marker_afp_value"]["code"][0]["system"] == "http://loinc.org"
    assert any(e["url"] == OPTION_EXCLUSIVE for o in by_link["conditions"]["answerOption"]
               for e in o.get("extension", ()))
    assert raw["contained"][0]["compose"]["include"][0]["system"] == CENTRE_SYSTEM
    assert {raw[k] for k in ("publisher", "language")} == {"Zaoshai", "en"}


def test_a_new_field_anywhere_survives_as_a_project_extension():
    native = from_fhir(read(DEFAULT_DIRECTORY / "cancer-risk" / "v1.json"))
    native["screen_group"] = {"about": 1}
    first = native["item"][0]["item"][0]
    first["section"] = "About you"
    first["weight"] = 1.5
    first["answerOption"][0]["keep"] = [1, "two"]
    fhir = to_fhir(native)
    parse_as_fhir_r4(fhir)
    assert fhir["item"][0]["item"][0]["extension"][0] == {
        "url": EXTENSION_BASE + "section", "valueString": "About you"}
    assert from_fhir(fhir) == native


def test_an_unknown_foreign_extension_is_refused():
    raw = read(DEFAULT_DIRECTORY / "cancer-risk" / "v1.json")
    raw["item"][0]["extension"] = [{"url": "http://example.org/x", "valueString": "?"}]
    with pytest.raises(FhirFormatError, match="item 'about'.*http://example.org/x"):
        from_fhir(raw)


def test_the_loader_refuses_a_file_in_the_working_form(tmp_path):
    (tmp_path / "cancer-risk").mkdir()
    path = tmp_path / "cancer-risk" / "v1.json"
    path.write_text(json.dumps(from_fhir(read(DEFAULT_DIRECTORY / "cancer-risk" / "v1.json"))))
    with pytest.raises(DefinitionError, match="to-fhir"):
        load_definition(path)


def test_to_fhir_command_converts_checks_and_copies_codes(tmp_path, app):
    old = DEFAULT_DIRECTORY / "cancer-risk" / "v1.json"
    native = from_fhir(read(old))
    for item in walk(native["item"]):
        item.pop("code", None)
    native["version"] = "2"
    source, target = tmp_path / "v2-working.json", tmp_path / "v2.json"
    source.write_text(json.dumps(native))
    result = app.test_cli_runner().invoke(args=["questionnaires", "to-fhir", str(source), str(target),
                                 "--date", "2026-12-01", "--codes-from", str(old)])
    assert result.exit_code == 0, result.output
    written = read(target)
    assert written["version"] == "2" and written["date"] == "2026-12-01"
    assert from_fhir(written)["item"] == from_fhir(read(old))["item"]


def test_to_fhir_command_refuses_a_broken_input(tmp_path):
    native = from_fhir(read(DEFAULT_DIRECTORY / "cancer-risk" / "v1.json"))
    broken = copy.deepcopy(native)
    broken["item"][0]["item"][0]["type"] = "slider"
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(json.dumps(broken))
    with pytest.raises(Exception, match="slider"):
        convert_file(source, target, date.today())
    assert not target.exists()
