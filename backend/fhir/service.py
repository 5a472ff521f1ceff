"""FHIR in and out: what the FHIR routes and the bulk export call. No ``request`` here.

* ``submit_questionnaire_response``: a QuestionnaireResponse becomes the native submission and
  goes through ``assessments.service.submit_assessment`` (same checks, same result, same row).
* ``bundle_for_doctor``: a resident's Bundle for a doctor of the centre they shared with
  (404 otherwise, audited like any read), with name and phone.
* ``export_centre``: a centre's shared assessments since a date as FHIR Bulk Data NDJSON, one
  file per resource type, streamed row by row, audited.

Ids are pseudonymous: an HMAC of the assessment id (resources) and of the resident's mobile
number, sex and birth year (Patient), with ``FHIR_PSEUDONYM_KEY`` (derived from ``SECRET_KEY``
when unset), so repeats of one resident link across Bundles and exports.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timezone
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import func, select

from backend.accounts import audit
from backend.accounts.permissions import require_resident_access
from backend.accounts.staff import Staff
from backend.assessments import service as assessments
from backend.assessments.schemas import AssessmentCreateSchema
from backend.assessments.tables import Assessment
from backend.scoring.vocabulary import CANCER_NAMES, TEST_NAMES
from backend.centres.service import active_screening_centres, offering
from backend.errors import InvalidFhirResourceError
from backend.extensions import db
from backend.fhir import bundle as fhir_bundle
from backend.fhir.response import ResponseFormatError, to_submission
from backend.questionnaires import service as questionnaires
from backend.questionnaires.fhir_format import parse_as_fhir_r4

RESOURCE_TYPES = ("Patient", "QuestionnaireResponse", "Observation", "RiskAssessment",
                  "ServiceRequest")
EXPORT_BATCH = 200


def _key() -> bytes:
    configured = current_app.config.get("FHIR_PSEUDONYM_KEY")
    if configured:
        return configured.encode()
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"fhir-pseudonym-key", hashlib.sha256).digest()


def pseudonym(kind: str, value: str) -> str:
    """A stable pseudonymous id (40 hex digits) of ``value``; not reversible without the key."""
    return hmac.new(_key(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:40]


def _patient_pseudonym(row: Assessment, phone: str | None) -> str:
    if phone:
        birth_year = row.answers.get("birth_year", "")
        return pseudonym("resident", f"{''.join(ch for ch in phone if ch.isdigit())[-11:]}"
                                     f"|{row.sex}|{birth_year}")
    return pseudonym("assessment-resident", row.id)


def patient_identifier(row: Assessment) -> str:
    """The pseudonymous identifier the export gives the resident of ``row`` (Patient.identifier):
    what a registry that received the export can send back to name them."""
    phone = assessments.decrypt(row.contact_phone_enc) if row.shared else None
    return _patient_pseudonym(row, phone)


def _facts(row: Assessment, contact: dict | None, centres: list) -> fhir_bundle.AssessmentFacts:
    definition = questionnaires.definition_for(row.questionnaire_id,
                                               int(row.questionnaire_version))
    phone = assessments.decrypt(row.contact_phone_enc) if row.shared else None
    return fhir_bundle.AssessmentFacts(
        # 32 hex digits (128 bits) leave room in FHIR's 64-character ids for the suffixes
        id=pseudonym("assessment", row.id)[:32], created_at=row.created_at, language=row.language,
        sex=row.sex, answers=row.answers, result=row.result, definition=definition,
        patient_id=_patient_pseudonym(row, phone), contact=contact,
        cancer_names=CANCER_NAMES, test_names=TEST_NAMES,
        centres_for=lambda tests: [(c.code, c.name_zh) for c in offering(centres, tests)])


def bundle_for_doctor(staff: Staff, assessment_id: str) -> dict:
    """The resident's Bundle with name and phone (403 role, 404 not shared with staff's centre)."""
    row = require_resident_access(staff, db.session.get(Assessment, assessment_id))
    contact = {"name": assessments.decrypt(row.contact_name_enc),
               "phone": assessments.decrypt(row.contact_phone_enc)}
    body = fhir_bundle.bundle(_facts(row, contact, active_screening_centres()),
                              datetime.now(timezone.utc))
    audit.record(staff, "fhir.read", row.id)
    db.session.commit()
    return body


def _invalid(details: dict) -> InvalidFhirResourceError:
    return InvalidFhirResourceError(
        _("This is not a FHIR R4 QuestionnaireResponse for one of our questionnaires."), details)


def _fhir_errors(exc: ValueError) -> dict:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        return {".".join(str(p) for p in e["loc"]) or "resource": e["msg"] for e in errors()}
    return {"resource": str(exc)}


def submission_from_fhir(body) -> dict:
    """The native submission of a QuestionnaireResponse body; raises InvalidFhirResourceError."""
    if not isinstance(body, dict) or body.get("resourceType") != "QuestionnaireResponse":
        raise _invalid({"resourceType": "must be QuestionnaireResponse"})
    try:
        parse_as_fhir_r4(body)
    except (ValueError, TypeError) as exc:
        raise _invalid(_fhir_errors(exc)) from None
    try:
        submission = to_submission(body, questionnaires.current_definition)
    except ResponseFormatError as exc:
        raise _invalid({exc.field: exc.problem}) from None
    try:
        return AssessmentCreateSchema().load(submission)
    except ValidationError as exc:
        raise _invalid({"answers": exc.messages}) from None


def submit_questionnaire_response(body, language: str):
    """Store the assessment of a QuestionnaireResponse: ``(row, created, language)``.

    Raises what ``submit_assessment`` raises (404, 409, 422 per item) and
    InvalidFhirResourceError (422) for a resource we cannot read.
    """
    payload = submission_from_fhir(body)
    language = payload.get("language") or language
    submission = assessments.Submission(str(payload["client_id"]), payload["questionnaire_id"],
                                        payload["questionnaire_version"], payload["answers"])
    row, created = assessments.submit_assessment(submission, language)
    return row, created, language


# --- bulk export ----------------------------------------------------------------------------

def _export_query(centre_code: str, since: datetime):
    """Shared assessments of the centre since ``since``: only residents who consented."""
    return (select(Assessment).where(Assessment.centre_code == centre_code,
                                     Assessment.shared.is_(True),
                                     Assessment.created_at >= since)
            .order_by(Assessment.created_at, Assessment.id))


def count_exportable(centre_code: str, since: datetime) -> int:
    """How many assessments ``export_centre`` will write (for the progress bar)."""
    query = _export_query(centre_code, since).order_by(None)
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def _manifest(out: Path, counts: dict, request: str, at: datetime) -> None:
    """A Bulk Data completion manifest beside the files (what a $export status would return)."""
    output = [{"type": kind, "url": f"{kind}.ndjson", "count": counts[kind]}
              for kind in RESOURCE_TYPES]
    manifest = {"transactionTime": at.isoformat(), "request": request,
                "requiresAccessToken": False, "output": output, "error": []}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def export_centre(centre_code: str, since: datetime, out: Path, actor: Staff,
                  advance=lambda n: None) -> dict:
    """Write the centre's NDJSON files into ``out``; returns the summary (also audited).

    Rows are streamed in batches (``yield_per``), never the whole centre in memory; each
    resident's Patient is written once however many assessments they have.
    """
    out.mkdir(parents=True, exist_ok=True)
    at = datetime.now(timezone.utc)
    counts = dict.fromkeys(RESOURCE_TYPES, 0)
    patients: set[str] = set()
    assessments_written, written_ids = 0, []
    centres = active_screening_centres()
    files = {kind: open(out / f"{kind}.ndjson", "w", encoding="utf-8") for kind in RESOURCE_TYPES}
    try:
        rows = db.session.scalars(_export_query(centre_code, since)
                                  .execution_options(yield_per=EXPORT_BATCH))
        for row in rows:
            for resource in fhir_bundle.resources(_facts(row, None, centres)):
                kind = resource["resourceType"]
                if kind == "Patient":
                    if resource["id"] in patients:
                        continue
                    patients.add(resource["id"])
                files[kind].write(json.dumps(resource, ensure_ascii=False) + "\n")
                counts[kind] += 1
            assessments_written += 1
            written_ids.append(row.id)
            advance(1)
    finally:
        for handle in files.values():
            handle.close()
    request = f"export fhir --centre {centre_code} --since {since.date().isoformat()}"
    _manifest(out, counts, request, at)
    summary = {"centre": centre_code, "since": since.date().isoformat(),
               "assessments": assessments_written, "residents": len(patients),
               "resources": counts}
    # In each exported resident's trail, like a CSV export (the ids, in bulk chunks).
    audit.record_listing(actor, "export.fhir", written_ids, **summary)
    db.session.commit()
    return summary
