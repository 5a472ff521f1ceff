"""``flask assessments score-file IN OUT``: score a paper campaign's answers in one go.

Input: JSON Lines (one ``{linkId: value}`` object per line) or CSV (one column per linkId; a
multiple-choice answer as codes separated by ``;``). Each row goes through the same validation,
mapping and assessment as the API, without storing anything. Bad rows are reported with their
line number and reason and skipped; output rows keep the input order, one per good row.
Output format follows OUT's extension: ``.csv`` a summary row per resident, anything else
JSON Lines with the whole result.

The file streams: rows are read in chunks, scored by a pool of worker processes (one per core
by default: the work is pure Python, so threads would share one core), and each chunk's output
is written as soon as every chunk before it is, so memory stays flat at any file size (a
bounded number of chunks is in flight) and a two-million-form campaign fits on a small machine.
"""
from __future__ import annotations

import csv
import gc
import io
import multiprocessing
import os
from collections import deque
from datetime import date
from itertools import islice
from pathlib import Path
from typing import NamedTuple

import click
import orjson
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale

from backend.centres.service import list_health_centres
from backend.errors import InvalidAnswersError
from backend.extensions import db
from backend.models_runtime import scoring_engine
from backend.questionnaires import service as questionnaires
from backend.scoring.pipeline import result_of
from backend.scoring.vocabulary import CANCERS

assessments_cli = AppGroup("assessments", help="Batch work on assessments.")

CHUNK_ROWS = 500  # big enough that handing a chunk to a worker costs little, small for memory
BLOCK_BYTES = 512 * 1024  # a JSON Lines chunk: about 500 rows, as many as a CSV chunk
SUMMARY_FIELDS = ["line", "sex", "age", "red_flags"] + [
    f"{c}_{k}" for c in CANCERS for k in ("risk", "comparison", "screening", "rules")]


class JsonBlock(NamedTuple):
    """Whole JSON lines as the file holds them, from line ``first_line`` on: the parent only
    cuts the file at a newline and counts newlines (C speed), the worker splits the lines.
    On two cores the parent's time is the workers' loss: it used to split and hand over
    every line as an object of its own."""

    first_line: int
    data: bytes

    def rows(self) -> list[tuple[int, bytes]]:
        """(line number, line with its newline) of each non-blank line, as ``open`` reads."""
        lines = self.data.split(b"\n")
        last = lines.pop()  # b"" after a final newline, else the file's last line
        rows = [(n, line + b"\n") for n, line in enumerate(lines, self.first_line) if line.strip()]
        if last.strip():
            rows.append((self.first_line + len(lines), last))
        return rows


def read_chunks(path: Path):
    """The file in chunks as the workers take them: JSON Lines as ``JsonBlock``s, CSV as lists
    of (line number, row as a dict) (a quoted CSV field may hold a newline: the csv module
    must read it)."""
    if path.suffix.lower() == ".csv":
        with open(path, newline="", encoding="utf-8-sig") as handle:
            yield from _chunks(enumerate(csv.DictReader(handle), 2), CHUNK_ROWS)
        return
    with open(path, "rb") as handle:
        line, rest = 1, b""
        while data := handle.read(BLOCK_BYTES):
            data = rest + data
            end = data.rfind(b"\n") + 1  # 0: no newline yet, a longer line: read on
            rest = data[end:]
            if end:
                yield JsonBlock(line, data[:end])
                line += data.count(b"\n", 0, end)
        if rest:
            yield JsonBlock(line, rest)


def _json_answers(line: bytes) -> dict:
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg})") from None
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


def _csv_answers(row: dict, definition) -> dict:
    items = definition.by_link
    answers = {}
    for link_id, raw in row.items():
        if raw is None or raw.strip() == "":
            continue
        repeats = items.get(link_id, {}).get("repeats")
        answers[link_id] = [v.strip() for v in raw.split(";") if v.strip()] if repeats else raw.strip()
    return answers


class Job:
    """What scoring a row needs, gathered once in the parent (workers inherit it on fork)."""

    def __init__(self, definition, centres: list, today: date, csv_out: bool):
        self.definition = definition
        self.centre_codes = frozenset(c.code for c in centres)
        self.high_incidence = frozenset(c.code for c in centres if c.high_incidence_upper_gi)
        self.engine = scoring_engine()
        self.today = today
        self.csv_out = csv_out

    def score(self, answers: dict) -> dict:
        """The language-neutral result of one row (raises InvalidAnswersError); the same
        pipeline as the API, and nothing personal leaves this command (only the result)."""
        clean = questionnaires.validate(self.definition, answers, centre_codes=self.centre_codes,
                                        today=self.today)
        return result_of(clean, self.engine, self.today, self.high_incidence)


def _summary_row(line: int, result: dict) -> list:
    row = [line, result["sex"], result["age"], ";".join(result["red_flags"])]
    by_cancer = {c["cancer"]: c for c in result["cancers"]}
    for cancer in CANCERS:
        item = by_cancer.get(cancer, {})
        row += ["" if item.get("risk") is None else f"{item['risk']:.6f}",
                item.get("comparison") or "", item.get("status", ""), ";".join(item.get("rules", []))]
    return row


def _reason(error: Exception) -> str:
    if isinstance(error, InvalidAnswersError):
        return "; ".join(f"{k}: {v}" for k, v in (error.details or {}).items()) or error.message
    return str(error)


def score_chunk(job: Job, chunk) -> tuple[bytes, int, list[tuple[int, str]]]:
    """(the chunk's output bytes, rows scored, [(line, reason) of each skipped row]) of a
    ``JsonBlock`` or a list of (line number, raw row)."""
    results, errors = [], []
    for line, raw in chunk.rows() if isinstance(chunk, JsonBlock) else chunk:
        try:
            answers = _json_answers(raw) if isinstance(raw, bytes) else _csv_answers(raw, job.definition)
            results.append((line, job.score(answers)))
        except (InvalidAnswersError, ValueError) as exc:
            errors.append((line, _reason(exc)))
    if job.csv_out:
        text = io.StringIO()
        csv.writer(text).writerows(_summary_row(line, result) for line, result in results)
        return text.getvalue().encode(), len(results), errors
    out = b"".join(orjson.dumps({"line": line, **result}) + b"\n" for line, result in results)
    return out, len(results), errors


# The worker side of the pool: the job and an app context (validation messages are gettext).
_WORKER: dict = {}


def _quiet_collector() -> None:
    """Everything alive now (the app, SQLAlchemy, the engine) lives as long as the process: out
    of the collector's sight. And no automatic collections: the scoring's short-lived dicts
    would start one every 700 allocations, each walking what survived so far (the scoring's
    cache too), about a fifth of a row's time; ``_collected`` runs one after each chunk."""
    gc.freeze()
    gc.disable()


def _collected(result):
    """``result``, after collecting what the chunk left in cycles (an exception's traceback):
    the chunk's garbage goes with it, so memory stays flat without automatic collections."""
    gc.collect(1)
    return result


def _start_worker(app, job: Job) -> None:
    _quiet_collector()
    context = app.app_context()
    context.push()
    locale = force_locale("en")
    locale.__enter__()
    _WORKER.update(job=job, context=context, locale=locale)


def _score_in_worker(chunk):
    return _collected(score_chunk(_WORKER["job"], chunk))


def _chunks(rows, size: int):
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _scored_chunks(job: Job, chunks, workers: int):
    """Each chunk's (output, scored, errors) in input order, scored by ``workers`` processes
    with at most two chunks per worker in flight (so memory does not grow with the file)."""
    if workers <= 1:
        _quiet_collector()  # as in a worker, and back on when the file is done
        try:
            yield from (_collected(score_chunk(job, chunk)) for chunk in chunks)
        finally:
            gc.enable()
        return
    db.session.remove()  # no pooled connection shared with the children (they never query)
    context = multiprocessing.get_context("fork")  # the verified engine is inherited, not reloaded
    with context.Pool(workers, _start_worker, (current_app._get_current_object(), job)) as pool:
        pending = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_score_in_worker, (chunk,)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


@assessments_cli.command("score-file")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--questionnaire", default="cancer-risk", show_default=True)
@click.option("--version", "version", type=int, default=None, help="Default: the current one.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Scoring processes. Default: one per core.")
def score_file(source: Path, out: Path, questionnaire: str, version: int | None,
               workers: int | None):
    """Score every row of SOURCE (JSON Lines or CSV of answers) into OUT."""
    definition = questionnaires.definition_for(questionnaire, version)
    csv_out = out.suffix.lower() == ".csv"
    job = Job(definition, list_health_centres(), date.today(), csv_out)
    scored = skipped = 0
    with force_locale("en"), open(out, "wb") as handle:
        if csv_out:  # UTF-8 with a BOM, so that spreadsheet programs read the Chinese right
            handle.write(",".join(SUMMARY_FIELDS).encode("utf-8-sig") + b"\r\n")
        for output, count, errors in _scored_chunks(job, read_chunks(source), workers or os.cpu_count() or 1):
            handle.write(output)
            scored += count
            skipped += len(errors)
            for line, reason in errors:
                click.echo(f"line {line}: skipped: {reason}", err=True)
    click.echo(f"{scored} scored, {skipped} skipped, written to {out}")


@assessments_cli.command("erase-expired")
def erase_expired_command():
    """Erase assessments older than RETENTION_MONTHS (what the privacy notice says); run daily."""
    from flask import current_app

    from backend.assessments.retention import erase_expired

    months = current_app.config["RETENTION_MONTHS"]
    click.echo(f"erased {erase_expired(months)} assessment(s) older than {months} months")
