"""``flask assessments score-file IN OUT``: score a paper campaign's answers in one go.

Input: JSON Lines (one ``{linkId: value}`` object per line) or CSV (one column per linkId; a
multiple-choice answer as codes separated by ``;``). Each row goes through the same validation,
mapping and assessment as the API, without storing anything. Bad rows are reported with their
line number and reason and skipped; output rows keep the input order, one per good row.
Output format follows OUT's extension: ``.csv`` a summary row per resident, anything else
JSON Lines with the whole result.
"""
from __future__ import annotations

import csv
import sys
import json
from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from backend.centres.service import list_health_centres
from backend.errors import InvalidAnswersError
from backend.models_runtime import scoring_engine
from backend.questionnaires import service as questionnaires
from backend.scoring.pipeline import score_answers
from backend.scoring.vocabulary import CANCERS

assessments_cli = AppGroup("assessments", help="Batch work on assessments.")


def read_rows(path: Path, definition) -> list[tuple[int, dict | Exception]]:
    """(line number, answers or the reason the line could not be read)."""
    if path.suffix.lower() == ".csv":
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return [(n, _csv_answers(row, definition)) for n, row in enumerate(csv.DictReader(handle), 2)]
    rows = []
    with open(path, encoding="utf-8") as handle:
        for n, line in enumerate(handle, 1):
            if line.strip():
                rows.append((n, _json_answers(line)))
    return rows


def _json_answers(line: str) -> dict | Exception:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return ValueError(f"not valid JSON ({exc.msg})")
    return value if isinstance(value, dict) else ValueError("not a JSON object")


def _csv_answers(row: dict, definition) -> dict:
    items = definition.by_link
    answers = {}
    for link_id, raw in row.items():
        if raw is None or raw.strip() == "":
            continue
        repeats = items.get(link_id, {}).get("repeats")
        answers[link_id] = [v.strip() for v in raw.split(";") if v.strip()] if repeats else raw.strip()
    return answers


def score_row(answers: dict, definition, centres: list, today: date) -> dict:
    """The language-neutral result of one row (raises InvalidAnswersError); the same pipeline
    as the API, and nothing personal leaves this command (only the result is written)."""
    clean = questionnaires.validate(definition, answers, centre_codes={c.code for c in centres},
                                    today=today)
    high_incidence = frozenset(c.code for c in centres if c.high_incidence_upper_gi)
    return score_answers(clean, definition.personal_items, scoring_engine(), today,
                         high_incidence).result


def _summary_row(line: int, result: dict) -> dict:
    row = {"line": line, "sex": result["sex"], "age": result["age"],
           "red_flags": ";".join(result["red_flags"])}
    by_cancer = {c["cancer"]: c for c in result["cancers"]}
    for cancer in CANCERS:
        item = by_cancer.get(cancer, {})
        row[f"{cancer}_risk"] = "" if item.get("risk") is None else f"{item['risk']:.6f}"
        row[f"{cancer}_comparison"] = item.get("comparison") or ""
        row[f"{cancer}_screening"] = item.get("status", "")
        row[f"{cancer}_rules"] = ";".join(item.get("rules", []))
    return row


def _reason(error: Exception) -> str:
    if isinstance(error, InvalidAnswersError):
        return "; ".join(f"{k}: {v}" for k, v in (error.details or {}).items()) or error.message
    return str(error)


def write_results(out: Path, results: list[tuple[int, dict]]) -> None:
    if out.suffix.lower() == ".csv":
        fields = ["line", "sex", "age", "red_flags"] + [f"{c}_{k}" for c in CANCERS
                                                        for k in ("risk", "comparison", "screening", "rules")]
        with open(out, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.DictWriter(handle, fields)
            writer.writeheader()
            writer.writerows(_summary_row(line, result) for line, result in results)
        return
    with open(out, "w", encoding="utf-8") as handle:
        for line, result in results:
            handle.write(json.dumps({"line": line, **result}, ensure_ascii=False) + "\n")


@assessments_cli.command("score-file")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--questionnaire", default="cancer-risk", show_default=True)
@click.option("--version", "version", type=int, default=None, help="Default: the current one.")
def score_file(source: Path, out: Path, questionnaire: str, version: int | None):
    """Score every row of SOURCE (JSON Lines or CSV of answers) into OUT."""
    definition = questionnaires.definition_for(questionnaire, version)
    centres = list_health_centres()
    rows, results, errors, today = read_rows(source, definition), [], [], date.today()
    with force_locale("en"), click.progressbar(rows, label="Scoring", file=sys.stderr) as bar:
        for line, answers in bar:
            try:
                if isinstance(answers, Exception):
                    raise answers
                results.append((line, score_row(answers, definition, centres, today)))
            except (InvalidAnswersError, ValueError) as exc:
                errors.append((line, _reason(exc)))
    write_results(out, results)
    for line, reason in errors:
        click.echo(f"line {line}: skipped: {reason}", err=True)
    click.echo(f"{len(results)} scored, {len(errors)} skipped, written to {out}")


@assessments_cli.command("erase-expired")
def erase_expired_command():
    """Erase assessments older than RETENTION_MONTHS (what the privacy notice says); run daily."""
    from flask import current_app

    from backend.assessments.retention import erase_expired

    months = current_app.config["RETENTION_MONTHS"]
    click.echo(f"erased {erase_expired(months)} assessment(s) older than {months} months")
