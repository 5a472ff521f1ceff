"""Load questionnaire definitions and refuse broken ones before they reach a resident.

Files are FHIR R4 Questionnaires; ``load_definition`` reads one back into the working form
(``fhir_format.from_fhir``), checks that against ``questionnaires/format.schema.json`` and then
the rules a schema cannot express (unique linkIds, enableWhen targets that exist, precede and do not
form a cycle, unique option codes, operators that fit the target's type). Any failure raises
``DefinitionError`` naming the questionnaire and the item, so the app refuses to start.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import jsonschema

from backend.questionnaires.fhir_format import FhirFormatError, from_fhir
from backend.questionnaires.types import ITEM_TYPES, item_type

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIRECTORY = PROJECT_ROOT / "questionnaires"
SCHEMA_PATH = DEFAULT_DIRECTORY / "format.schema.json"


class DefinitionError(ValueError):
    """A questionnaire definition that breaks the format; ``link_id`` names the item."""

    def __init__(self, source: str, link_id: str | None, problem: str):
        where = f"{source}, item '{link_id}'" if link_id else source
        super().__init__(f"{where}: {problem}")
        self.link_id = link_id


class QuestionnaireNotFound(LookupError):
    """No questionnaire with that id (and version)."""


@dataclass(frozen=True)
class Definition:
    """A checked questionnaire: the working-form document plus lookups over its items."""

    id: str
    version: int
    raw: dict = field(repr=False)
    items: tuple[dict, ...] = field(repr=False)
    parents: dict[str, str | None] = field(repr=False)

    def __getitem__(self, key: str):
        """Top-level keys of the document (``definition["version"]``), as callers read JSON."""
        return self.raw[key]

    @cached_property  # read several times per submission; the definition never changes
    def by_link(self) -> dict[str, dict]:
        return {item["linkId"]: item for item in self.items}

    @property
    def title(self) -> str:
        return self.raw["title"]

    @cached_property
    def personal_items(self) -> frozenset[str]:
        """linkIds of identifying answers: stored encrypted apart, never logged."""
        return frozenset(i["linkId"] for i in self.items if i.get("personal"))

    @cached_property  # asked for by every validation
    def birth_year_item(self) -> str | None:
        return next((i["linkId"] for i in self.items if i["type"] == "birth_year"), None)


def _flatten(items: list[dict], parent: str | None, out: list, parents: dict) -> None:
    for item in items:
        out.append(item)
        parents.setdefault(item["linkId"], parent)
        _flatten(item.get("item", ()), item["linkId"], out, parents)


@lru_cache(maxsize=1)
def _schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _check_schema(raw, source: str) -> None:
    errors = list(_schema_validator().iter_errors(raw))
    if not errors:
        return
    # a plain error ("'slider' is not one of …") says more than a failed combinator
    plain = [e for e in errors if e.validator not in ("not", "oneOf", "anyOf", "allOf", "if")]
    error = jsonschema.exceptions.best_match(plain or errors)
    node, link_id = raw, None
    for step in error.absolute_path:
        node = node[step]
        if isinstance(node, dict) and isinstance(node.get("linkId"), str):
            link_id = node["linkId"]
    path = "/".join(str(p) for p in error.absolute_path)
    message = error.message if len(error.message) < 200 else error.message[:200] + " …"
    raise DefinitionError(source, link_id, f"{message} (at /{path})")


def _check_unique(items: list[dict], source: str) -> None:
    seen = set()
    for item in items:
        if item["linkId"] in seen:
            raise DefinitionError(source, item["linkId"], "duplicate linkId")
        seen.add(item["linkId"])
        codes = [option["code"] for option in item.get("answerOption", ())]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise DefinitionError(source, item["linkId"],
                                  f"duplicate option code(s) {', '.join(duplicates)}")


def _dependencies(items: list[dict], parents: dict) -> dict[str, set[str]]:
    """Each item's enableWhen targets plus its parent group (a hidden group hides its items)."""
    graph = {}
    for item in items:
        targets = {condition["question"] for condition in item.get("enableWhen", ())}
        if parents[item["linkId"]]:
            targets.add(parents[item["linkId"]])
        graph[item["linkId"]] = targets
    return graph


def _check_targets_exist(items: list[dict], source: str) -> None:
    known = {item["linkId"] for item in items}
    for item in items:
        for condition in item.get("enableWhen", ()):
            if condition["question"] not in known:
                raise DefinitionError(source, item["linkId"],
                                      f"enableWhen refers to unknown item '{condition['question']}'")


def _check_no_cycle(graph: dict[str, set[str]], source: str) -> None:
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "active"
        for target in sorted(graph[node]):
            if state.get(target) == "active":
                cycle = path[path.index(target):] + [node, target] if target in path else [
                    node, target]
                raise DefinitionError(source, node, "enableWhen cycle: " + " -> ".join(
                    dict.fromkeys(cycle)) + f" -> {target}")
            if target not in state:
                visit(target, path + [node])
        state[node] = "done"

    for node in graph:
        if node not in state:
            visit(node, [])


def _check_conditions(items: list[dict], source: str) -> None:
    position = {item["linkId"]: index for index, item in enumerate(items)}
    by_link = {item["linkId"]: item for item in items}
    for item in items:
        conditions = item.get("enableWhen", ())
        if len(conditions) > 1 and "enableBehavior" not in item:
            raise DefinitionError(source, item["linkId"],
                                  "enableBehavior (any/all) is required with several enableWhen")
        for condition in conditions:
            target = by_link[condition["question"]]
            if position[target["linkId"]] >= position[item["linkId"]]:
                raise DefinitionError(source, item["linkId"],
                                      f"enableWhen target '{target['linkId']}' must come before it")
            _check_operator(item["linkId"], condition, target, source)


def _check_operator(link_id: str, condition: dict, target: dict, source: str) -> None:
    kind = item_type(target)
    operator = condition["operator"]
    answer_key = next(key for key in condition if key.startswith("answer"))
    if operator not in kind.operators:
        raise DefinitionError(source, link_id, f"operator '{operator}' does not fit "
                              f"'{target['linkId']}' of type {target['type']}")
    expected = {"answerBoolean"} if operator == "exists" else kind.answer_keys
    if answer_key not in expected:
        raise DefinitionError(source, link_id, f"{answer_key} does not fit operator "
                              f"'{operator}' on '{target['linkId']}'")
    if answer_key == "answerCoding" and "answerOption" in target:
        codes = {option["code"] for option in target["answerOption"]}
        if condition["answerCoding"]["code"] not in codes:
            raise DefinitionError(source, link_id, f"'{condition['answerCoding']['code']}' "
                                  f"is not an option of '{target['linkId']}'")


def _check_items(items: list[dict], source: str) -> None:
    birth_years = [item for item in items if item["type"] == "birth_year"]
    if len(birth_years) > 1:
        raise DefinitionError(source, birth_years[1]["linkId"], "only one birth_year item")
    for item in items:
        if item["type"] not in ITEM_TYPES:
            raise DefinitionError(source, item["linkId"], f"unknown type {item['type']}")
        if item.get("minValue", 0) > item.get("maxValue", item.get("minValue", 0)):
            raise DefinitionError(source, item["linkId"], "minValue is above maxValue")
        if (item.get("notAfterAge") or "minAge" in item) and not birth_years:
            raise DefinitionError(source, item["linkId"], "needs a birth_year item")
        if any(o.get("exclusive") for o in item.get("answerOption", ())) and not item.get(
                "repeats"):
            raise DefinitionError(source, item["linkId"], "exclusive options need repeats")


def parse_definition(raw, source: str = "<questionnaire>") -> Definition:
    """Check a questionnaire document (already parsed JSON) and return its ``Definition``."""
    _check_schema(raw, source)
    source = f"{raw['id']} v{raw['version']}"
    items: list[dict] = []
    parents: dict[str, str | None] = {}
    _flatten(raw["item"], None, items, parents)
    _check_unique(items, source)
    _check_items(items, source)
    _check_targets_exist(items, source)
    _check_no_cycle(_dependencies(items, parents), source)
    _check_conditions(items, source)
    return Definition(raw["id"], int(raw["version"]), raw, tuple(items), parents)


def load_definition(path) -> Definition:
    """Load and check one definition file; raises ``DefinitionError`` naming the item."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DefinitionError(str(path), None, f"cannot read: {exc}") from None
    try:
        native = from_fhir(raw)
    except (FhirFormatError, KeyError, TypeError) as exc:
        raise DefinitionError(str(path), None, f"not a questionnaire file: {exc}") from None
    definition = parse_definition(native, str(path))
    if path.parent.name != definition.id or path.stem != f"v{definition.version}":
        raise DefinitionError(str(path), None, f"must be stored as {definition.id}/"
                              f"v{definition.version}.json")
    return definition


def load_questionnaires(directory=DEFAULT_DIRECTORY) -> dict[str, dict[int, Definition]]:
    """Every ``<id>/v<N>.json`` under ``directory``: ``{id: {version: Definition}}``."""
    catalogue: dict[str, dict[int, Definition]] = {}
    for path in sorted(Path(directory).glob("*/v*.json")):
        definition = load_definition(path)
        catalogue.setdefault(definition.id, {})[definition.version] = definition
    return catalogue


@lru_cache(maxsize=4)
def _cached_catalogue(directory: str) -> dict[str, dict[int, Definition]]:
    return load_questionnaires(directory)


def get_questionnaire(questionnaire_id: str, version: int | None = None, *,
                      directory=DEFAULT_DIRECTORY) -> Definition:
    """The current (highest) version, or the given one; raises ``QuestionnaireNotFound``."""
    versions = _cached_catalogue(str(directory)).get(questionnaire_id)
    if not versions or (version is not None and version not in versions):
        raise QuestionnaireNotFound(questionnaire_id if version is None
                                    else f"{questionnaire_id} v{version}")
    return versions[max(versions) if version is None else version]


def questionnaire_ids(directory=DEFAULT_DIRECTORY) -> list[str]:
    """The ids of every questionnaire under ``directory``."""
    return sorted(_cached_catalogue(str(directory)))
