"""The questionnaire file format: a FHIR R4 (4.0.1) ``Questionnaire``, and our working form.

The files under ``questionnaires/`` are valid FHIR R4. The app works on a simpler form of the
same content (``{code, display}`` options, ``help``/``unit``/``minValue`` … as plain keys: the
form the answer checks, the localiser and the PWA read). ``to_fhir`` and ``from_fhir`` convert
between the two without loss; a test proves ``to_fhir(from_fhir(file)) == file``.

What FHIR has a standard extension for uses it (minValue, maxValue, questionnaire-unit,
questionnaire-hidden, questionnaire-optionExclusive, help as a ``display`` child item with
itemControl ``help``). Every other key of the working form, including keys added later, becomes
an extension under ``EXTENSION_BASE`` named after the key, so a new field survives the round
trip without a change here. Options are ``valueCoding`` in a code system per item; the centres
are a contained ``ValueSet``. Pure: no Flask, no database.
"""
from __future__ import annotations

import base64
import json
from datetime import date

FHIR_VERSION = "4.0.1"
PROJECT_BASE = "https://zaoshai.example/fhir"
EXTENSION_BASE = f"{PROJECT_BASE}/StructureDefinition/"
CENTRE_SYSTEM = f"{PROJECT_BASE}/CodeSystem/health-centres"
PUBLISHER = "Zaoshai"
HL7 = "http://hl7.org/fhir/StructureDefinition/"
MIN_VALUE, MAX_VALUE = HL7 + "minValue", HL7 + "maxValue"
UNIT, HIDDEN = HL7 + "questionnaire-unit", HL7 + "questionnaire-hidden"
OPTION_EXCLUSIVE = HL7 + "questionnaire-optionExclusive"
ITEM_CONTROL = HL7 + "questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
UCUM = "http://unitsofmeasure.org"
UCUM_CODES = {"cm": "cm", "kg": "kg", "years": "a", "years old": "a", "months": "mo",
              "ng/mL": "ng/mL", "U/mL": "U/mL", "mIU/mL": "m[IU]/mL"}
# Our item types that FHIR does not have, and the FHIR type that carries their answer.
NATIVE_TYPES = {"birth_year": "integer", "tel": "string"}
ITEM_TYPE_KEY = "itemType"
CENTRES_REFERENCE = "#centres"
# Keys that FHIR's Questionnaire.item has with the same meaning in the working form.
ITEM_COPIED = ("linkId", "text", "required", "repeats", "maxLength", "enableBehavior",
               "answerValueSet", "code")
TOP_COPIED = ("resourceType", "id", "version", "status", "title", "description")
TOP_DERIVED = ("url", "publisher", "date", "language", "contained", "meta", "name")


class FhirFormatError(ValueError):
    """A FHIR questionnaire this project cannot read back (``where`` names the item)."""

    def __init__(self, where: str, problem: str):
        super().__init__(f"{where}: {problem}")
        self.where = where


def questionnaire_url(questionnaire_id: str) -> str:
    """The canonical URL of a questionnaire (``QuestionnaireResponse.questionnaire``)."""
    return f"{PROJECT_BASE}/Questionnaire/{questionnaire_id}"


def option_system(questionnaire_id: str, link_id: str) -> str:
    """The code system of one item's options (codes are unique per item, not overall)."""
    return f"{PROJECT_BASE}/CodeSystem/{questionnaire_id}/{link_id}"


def is_fhir(raw) -> bool:
    """Whether a questionnaire document is in the FHIR file form (it has a canonical url)."""
    return isinstance(raw, dict) and raw.get("resourceType") == "Questionnaire" and "url" in raw


# --- extension values: one value[x] per JSON type, so any new field survives ---------------

def _value(value) -> dict:
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, float):
        return {"valueDecimal": value}
    if isinstance(value, str):
        return {"valueString": value}
    data = base64.b64encode(json.dumps(value, ensure_ascii=False).encode()).decode()
    return {"valueAttachment": {"contentType": "application/json", "data": data}}


def _unvalue(extension: dict):
    for key in ("valueBoolean", "valueInteger", "valueDecimal", "valueString", "valueCode"):
        if key in extension:
            return extension[key]
    if "valueAttachment" in extension:
        return json.loads(base64.b64decode(extension["valueAttachment"]["data"]))
    raise FhirFormatError(extension.get("url", "?"), "extension without a readable value")


def _project_extension(key: str, value) -> dict:
    return {"url": EXTENSION_BASE + key, **_value(value)}


def _own_extensions(node: dict, where: str, known: dict) -> dict:
    """Working-form keys from ``node``'s extensions; ``known`` maps standard URLs to readers."""
    out = {}
    for extension in node.get("extension", ()):
        url = extension.get("url", "")
        if url in known:
            out.update(known[url](extension))
        elif url.startswith(EXTENSION_BASE):
            out[url[len(EXTENSION_BASE):]] = _unvalue(extension)
        else:
            raise FhirFormatError(where, f"unsupported extension {url}")
    return out


# --- working form -> FHIR -------------------------------------------------------------------

def _unit_extension(unit: str) -> dict:
    coding = {"display": unit}
    if unit in UCUM_CODES:
        coding = {"system": UCUM, "code": UCUM_CODES[unit], "display": unit}
    return {"url": UNIT, "valueCoding": coding}


def _help_item(link_id: str, text: str) -> dict:
    control = {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help"}]}
    return {"linkId": f"{link_id}-help", "type": "display", "text": text,
            "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": control}]}


def _option_to_fhir(option: dict, system: str) -> dict:
    out = {"valueCoding": {"system": system, "code": option["code"],
                           "display": option["display"]}}
    extensions = [{"url": OPTION_EXCLUSIVE, "valueBoolean": option["exclusive"]}
                  if key == "exclusive" else _project_extension(key, value)
                  for key, value in option.items() if key not in ("code", "display")]
    if extensions:
        out["extension"] = extensions
    return out


def _condition_to_fhir(condition: dict, systems: dict[str, str]) -> dict:
    out = {}
    for key, value in condition.items():
        if key == "answerCoding":
            out[key] = {"system": systems[condition["question"]], **value}
        elif key in ("question", "operator") or key.startswith("answer"):
            out[key] = value
        else:
            out.setdefault("extension", []).append(_project_extension(key, value))
    return out


def _item_extensions(item: dict) -> list[dict]:
    value_key = "valueDecimal" if item["type"] == "decimal" else "valueInteger"
    extensions = []
    if item["type"] in NATIVE_TYPES:
        extensions.append({"url": EXTENSION_BASE + ITEM_TYPE_KEY, "valueCode": item["type"]})
    for key, value in item.items():
        if key in ("minValue", "maxValue"):
            extensions.append({"url": MIN_VALUE if key == "minValue" else MAX_VALUE,
                               value_key: value})
        elif key == "unit":
            extensions.append(_unit_extension(value))
        elif key == "hidden":
            extensions.append({"url": HIDDEN, "valueBoolean": value})
        elif key == "help" and item["type"] == "display":
            extensions.append(_project_extension(key, value))  # display items have no children
        elif key not in ITEM_COPIED + ("type", "help", "item", "enableWhen", "answerOption"):
            extensions.append(_project_extension(key, value))
    return extensions


def _item_to_fhir(item: dict, qid: str, systems: dict[str, str]) -> dict:
    out = {key: item[key] for key in ("linkId", "text") if key in item}
    out["type"] = NATIVE_TYPES.get(item["type"], item["type"])
    out.update({key: item[key] for key in ITEM_COPIED[2:] if key in item})
    extensions = _item_extensions(item)
    if extensions:
        out["extension"] = extensions
    if "enableWhen" in item:
        out["enableWhen"] = [_condition_to_fhir(c, systems) for c in item["enableWhen"]]
    if "answerOption" in item:
        system = systems[item["linkId"]]
        out["answerOption"] = [_option_to_fhir(o, system) for o in item["answerOption"]]
    children = [_help_item(item["linkId"], item["help"])] if (
        "help" in item and item["type"] != "display") else []
    children += [_item_to_fhir(child, qid, systems) for child in item.get("item", ())]
    if children:
        out["item"] = children
    return out


def _systems(items: list[dict], qid: str, out: dict[str, str]) -> dict[str, str]:
    for item in items:
        out[item["linkId"]] = (CENTRE_SYSTEM if item.get("answerValueSet") == CENTRES_REFERENCE
                               else option_system(qid, item["linkId"]))
        _systems(item.get("item", ()), qid, out)
    return out


def centres_value_set() -> dict:
    """The contained ValueSet of community health centres (filled in by the API at run time)."""
    return {"resourceType": "ValueSet", "id": CENTRES_REFERENCE[1:], "status": "active",
            "compose": {"include": [{"system": CENTRE_SYSTEM}]}}


def to_fhir(native: dict, *, on: date | None = None) -> dict:
    """The FHIR R4 Questionnaire of a working-form document; ``on`` is its ``date``."""
    qid = native["id"]
    systems = _systems(native["item"], qid, {})
    out = {key: native[key] for key in TOP_COPIED[:2]}
    out.update({"url": questionnaire_url(qid), "version": native["version"]})
    out.update({key: native[key] for key in TOP_COPIED[3:5]})
    out.update({"date": (on or date.today()).isoformat(), "publisher": PUBLISHER,
                "language": "en"})
    if "description" in native:
        out["description"] = native["description"]
    extensions = [_project_extension(key, value) for key, value in native.items()
                  if key not in TOP_COPIED + ("item",)]
    if extensions:
        out["extension"] = extensions
    if any(s == CENTRE_SYSTEM for s in systems.values()):
        out["contained"] = [centres_value_set()]
    out["item"] = [_item_to_fhir(item, qid, systems) for item in native["item"]]
    return out


# --- FHIR -> working form -------------------------------------------------------------------

def _is_help(item: dict) -> bool:
    return item.get("type") == "display" and any(
        e.get("url") == ITEM_CONTROL and any(
            c.get("code") == "help" for c in e.get("valueCodeableConcept", {}).get("coding", ()))
        for e in item.get("extension", ()))


def _option_from_fhir(option: dict, where: str) -> dict:
    coding = option.get("valueCoding")
    if not isinstance(coding, dict) or "code" not in coding:
        raise FhirFormatError(where, "an answerOption without valueCoding.code")
    out = {"code": coding["code"], "display": coding.get("display", "")}
    out.update(_own_extensions(option, where, {
        OPTION_EXCLUSIVE: lambda e: {"exclusive": e["valueBoolean"]}}))
    return out


def _condition_from_fhir(condition: dict, where: str) -> dict:
    out = {}
    for key, value in condition.items():
        if key == "answerCoding":
            out[key] = {k: v for k, v in value.items() if k not in ("system", "display")}
        elif key != "extension":
            out[key] = value
    out.update(_own_extensions(condition, where, {}))
    return out


def _standard_item_readers() -> dict:
    def number(key):
        return lambda e: {key: e.get("valueInteger", e.get("valueDecimal"))}
    return {MIN_VALUE: number("minValue"), MAX_VALUE: number("maxValue"),
            UNIT: lambda e: {"unit": e["valueCoding"]["display"]},
            HIDDEN: lambda e: {"hidden": e["valueBoolean"]}}


def _item_from_fhir(item: dict) -> dict:
    where = f"item '{item.get('linkId', '?')}'"
    out = {key: item[key] for key in ("linkId", "type", "text") if key in item}
    out.update({key: item[key] for key in ITEM_COPIED[2:] if key in item})
    extra = _own_extensions(item, where, _standard_item_readers())
    if ITEM_TYPE_KEY in extra:
        out["type"] = extra.pop(ITEM_TYPE_KEY)
    out.update(extra)
    if "enableWhen" in item:
        out["enableWhen"] = [_condition_from_fhir(c, where) for c in item["enableWhen"]]
    if "answerOption" in item:
        out["answerOption"] = [_option_from_fhir(o, where) for o in item["answerOption"]]
    children = []
    for child in item.get("item", ()):
        if _is_help(child) and child.get("linkId") == f"{item['linkId']}-help":
            out["help"] = child["text"]
        else:
            children.append(_item_from_fhir(child))
    if children:
        out["item"] = children
    return out


def from_fhir(raw: dict) -> dict:
    """The working form of a FHIR Questionnaire file; raises ``FhirFormatError``."""
    if not is_fhir(raw):
        raise FhirFormatError("questionnaire", "not in the FHIR file form (no canonical url): "
                              "convert it with `flask questionnaires to-fhir`")
    out = {key: raw[key] for key in TOP_COPIED if key in raw}
    out.update(_own_extensions(raw, "questionnaire", {}))
    out["item"] = [_item_from_fhir(item) for item in raw.get("item", ())]
    return out


def parse_as_fhir_r4(resource: dict):
    """Parse with ``fhir.resources`` (the 6.4 line implements R4 4.0.1); raises on any error.

    Imported here, not at module level: only the converter, the FHIR feature and tests need it.
    """
    import fhir.resources
    from fhir.resources import construct_fhir_element

    if fhir.resources.__fhir_version__ != FHIR_VERSION:
        raise RuntimeError(f"fhir.resources implements FHIR {fhir.resources.__fhir_version__}, "
                           f"not {FHIR_VERSION}")
    return construct_fhir_element(resource["resourceType"], resource)
