"""Registry linkage: ``flask outcomes import FILE`` reads the cancer registry's CSV.

The file has a header and three columns: ``identifier`` (the result number, i.e. the
assessment id a resident holds, or the pseudonymous Patient identifier of the FHIR export),
``cancer`` (our code, e.g. ``liver``, or an ICD-10 code such as ``C22.0``) and
``diagnosis_date`` (YYYY-MM-DD). Lines that cannot be read are reported as malformed, lines
naming nobody we know as unmatched, both with their line numbers (the header is line 1), and
nothing of either is stored. Importing is idempotent: a diagnosis already stored is not added
again, and the same file is recorded as one import.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import select

from backend.assessments.tables import Assessment
from backend.extensions import db
from backend.fhir.service import patient_identifier
from backend.outcomes.tables import RegistryDiagnosis, RegistryImport
from backend.scoring.vocabulary import CANCERS

COLUMNS = ("identifier", "cancer", "diagnosis_date")
# ICD-10 three-character categories of the five cancers (C15 oesophagus, C16 stomach).
ICD10 = {"C34": "lung", "C50": "breast", "C22": "liver", "C15": "upper_gi", "C16": "upper_gi",
         "C18": "colorectal", "C19": "colorectal", "C20": "colorectal"}
PSEUDONYM = re.compile(r"^[0-9a-f]{40}$")


class RegistryFileError(ValueError):
    """The file as a whole cannot be read (no header, wrong columns, not UTF-8)."""


@dataclass
class ImportReport:
    """What one import did, line by line where a line was refused."""

    lines: int = 0
    added: int = 0
    already: int = 0
    malformed: list[tuple[int, str]] = field(default_factory=list)
    unmatched: list[tuple[int, str]] = field(default_factory=list)
    repeated_file: bool = False


def cancer_code(value: str) -> str | None:
    """Our cancer code of a registry's code (ours or ICD-10), None if it is neither."""
    value = value.strip()
    if value in CANCERS:
        return value
    return ICD10.get(value.upper()[:3])


def _parse(number: int, row: list[str], complete_to: date):
    """``(identifier, cancer, date)`` of one line, or a string saying what is wrong."""
    if len(row) != len(COLUMNS):
        return f"expected {len(COLUMNS)} columns, found {len(row)}"
    identifier, cancer, when = (cell.strip() for cell in row)
    if not identifier:
        return "the identifier is empty"
    if (code := cancer_code(cancer)) is None:
        return f"unknown cancer {cancer!r} (one of {', '.join(CANCERS)} or an ICD-10 code)"
    try:
        diagnosed = date.fromisoformat(when)
    except ValueError:
        return f"diagnosis date {when!r} is not a date (YYYY-MM-DD)"
    if diagnosed > complete_to:
        return f"diagnosis date {diagnosed} is after the registry's completeness date {complete_to}"
    return identifier.lower(), code, diagnosed


def _read(text: str, complete_to: date, report: ImportReport) -> list[tuple[int, str, str, date]]:
    rows = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(rows, [])]
    if header != list(COLUMNS):
        raise RegistryFileError(f"line 1: the header must be {','.join(COLUMNS)}, "
                                f"not {','.join(header) or 'empty'}")
    parsed = []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line (often the last) is no line of data
        report.lines += 1
        line = _parse(number, row, complete_to)
        if isinstance(line, str):
            report.malformed.append((number, line))
        else:
            parsed.append((number, *line))
    return parsed


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def _pseudonym_index() -> dict[str, list[str]]:
    """Every assessment's export pseudonym (a resident may have several assessments)."""
    index: dict[str, list[str]] = {}
    for row in db.session.scalars(select(Assessment).execution_options(yield_per=500)):
        index.setdefault(patient_identifier(row), []).append(row.id)
    return index


def _link(parsed, report: ImportReport) -> list[tuple[str, str, date, str]]:
    """``(assessment_id, cancer, date, matched_by)`` for each matched line."""
    ids = [p[1] for p in parsed if _is_uuid(p[1])]
    known = set(db.session.scalars(select(Assessment.id).where(Assessment.id.in_(ids)))) if ids else set()
    pseudonyms = _pseudonym_index() if any(PSEUDONYM.match(p[1]) for p in parsed) else {}
    linked = []
    for number, identifier, cancer, diagnosed in parsed:
        if identifier in known:
            linked.append((identifier, cancer, diagnosed, "result_number"))
        elif identifier in pseudonyms:
            linked += [(a, cancer, diagnosed, "fhir_patient") for a in pseudonyms[identifier]]
        else:
            report.unmatched.append((number, f"no assessment has the identifier {identifier}"))
    return linked


def _existing(linked) -> set[tuple[str, str, date]]:
    ids = {a for a, *_ in linked}
    if not ids:
        return set()
    rows = db.session.execute(select(RegistryDiagnosis.assessment_id, RegistryDiagnosis.cancer,
                                     RegistryDiagnosis.diagnosed_on)
                              .where(RegistryDiagnosis.assessment_id.in_(ids)))
    return {tuple(r) for r in rows}


def _record(filename: str, digest: str, complete_to: date, report: ImportReport) -> RegistryImport:
    found = db.session.scalar(select(RegistryImport).where(RegistryImport.sha256 == digest))
    if found is not None:
        report.repeated_file = True
        return found
    entry = RegistryImport(sha256=digest, filename=filename[:255], complete_to=complete_to,
                           imported_at=datetime.now(timezone.utc), lines=report.lines, added=0)
    db.session.add(entry)
    db.session.flush()
    return entry


def import_registry(content: bytes, filename: str, complete_to: date) -> ImportReport:
    """Link and store the diagnoses of a registry file (see the module docstring)."""
    try:
        text = content.decode("utf-8-sig")  # Excel writes a BOM
    except UnicodeDecodeError:
        raise RegistryFileError("the file is not UTF-8 text") from None
    report = ImportReport()
    linked = _link(_read(text, complete_to, report), report)
    entry = _record(filename, hashlib.sha256(content).hexdigest(), complete_to, report)
    seen = _existing(linked)
    for assessment_id, cancer, diagnosed, matched_by in linked:
        if (assessment_id, cancer, diagnosed) in seen:
            report.already += 1
            continue
        seen.add((assessment_id, cancer, diagnosed))
        db.session.add(RegistryDiagnosis(assessment_id=assessment_id, cancer=cancer,
                                         diagnosed_on=diagnosed, matched_by=matched_by,
                                         import_id=entry.id))
        report.added += 1
    entry.added += report.added
    db.session.commit()
    return report


def complete_to() -> date | None:
    """The latest date up to which an imported registry file says it is complete."""
    return max(db.session.scalars(select(RegistryImport.complete_to)), default=None)
