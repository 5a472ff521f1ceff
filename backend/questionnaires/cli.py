"""``flask questionnaires to-fhir IN OUT``: turn a working-form questionnaire into its file.

The app reads only the FHIR R4 form (``backend.questionnaires.fhir_format``). Authors may still
write a new version in the simpler working form and convert it: the command checks the input
with the same rules as the loader, converts it, parses the result as FHIR R4 with
``fhir.resources`` and writes it only when all of that passed. ``--codes-from`` copies standard
item codes (LOINC) from an earlier version's file for items with the same linkId.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup

from backend.questionnaires.definition import DefinitionError, parse_definition
from backend.questionnaires.fhir_format import from_fhir, parse_as_fhir_r4, to_fhir

questionnaires_cli = AppGroup("questionnaires", help="Questionnaire files.")


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{path}: cannot read: {exc}") from None


def _codes_by_link(items: list[dict], out: dict) -> dict:
    for item in items:
        if "code" in item:
            out[item["linkId"]] = item["code"]
        _codes_by_link(item.get("item", ()), out)
    return out


def _add_codes(items: list[dict], codes: dict) -> None:
    for item in items:
        if "code" not in item and item["linkId"] in codes:
            item["code"] = codes[item["linkId"]]
        _add_codes(item.get("item", ()), codes)


def convert_file(source: Path, target: Path, on: date, codes_from: Path | None = None) -> dict:
    """Check ``source`` (working form), convert, parse as FHIR R4, write ``target``."""
    native = _read_json(source)
    if codes_from is not None:
        _add_codes(native.get("item", []), _codes_by_link(
            from_fhir(_read_json(codes_from))["item"], {}))
    try:
        parse_definition(native, str(source))
    except DefinitionError as exc:
        raise click.ClickException(str(exc)) from None
    fhir = to_fhir(native, on=on)
    if from_fhir(fhir) != native:  # a field the converter lost: never write that file
        raise click.ClickException(f"{source}: the conversion does not read back the same")
    try:
        parse_as_fhir_r4(fhir)
    except ValueError as exc:
        raise click.ClickException(f"{source}: not valid FHIR R4: {exc}") from None
    target.write_text(json.dumps(fhir, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return fhir


@questionnaires_cli.command("to-fhir")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The questionnaire's publication date (default: today).")
@click.option("--codes-from", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="An earlier version's FHIR file to copy item codes from.")
def to_fhir_command(source, target, on, codes_from):
    """Convert SOURCE (working form) to the FHIR R4 questionnaire file TARGET."""
    fhir = convert_file(source, target, on.date() if on else date.today(), codes_from)
    click.echo(f"{target}: FHIR R4 Questionnaire {fhir['id']} v{fhir['version']}, "
               f"{sum(1 for _ in _walk(fhir['item']))} items")


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.get("item", ()))
