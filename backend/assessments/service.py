"""Submitting, reading and erasing assessments.

A submission is validated against the questionnaire it names, turned into a profile (the pure
mapping shared with the batch command), assessed, and stored in one transaction with the
questionnaire and model versions that produced it. The phone's ``client_id`` makes a retry
return the stored row: the unique constraint, not a read-then-write, decides, so twenty
simultaneous retries still leave one row. The common case (a new submission) costs no
look-up: the insert is tried first and a duplicate is found only when the constraint says so.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from base64 import urlsafe_b64encode
from datetime import date, datetime, timezone

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from backend.assessments.tables import Assessment
from backend.centres.service import list_health_centres
from backend.encryption import decrypt_text, encrypt_text
from backend.errors import ConflictError, InvalidAnswersError, NotFoundError, UnauthorizedError
from backend.extensions import db
from backend.models_runtime import scoring_engine
from backend.questionnaires import service as questionnaires
from backend.scoring.assess import assess
from backend.scoring.features import answers_to_profile, split_personal


def _engine():
    return scoring_engine()


def access_token(client_id: str) -> str:
    """The resident's token, derived from the phone's secret client_id and our key.

    Derived rather than random so that a phone which lost the first response gets the same
    token on its retry; only its sha256 is stored.
    """
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"assessment-token:{client_id}".encode(), hashlib.sha256).digest()
    return urlsafe_b64encode(digest).decode().rstrip("=")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _request_hash(payload: dict) -> str:
    canonical = {k: payload[k] for k in ("questionnaire_id", "questionnaire_version", "answers")}
    return _sha256(json.dumps(canonical, sort_keys=True, ensure_ascii=False, default=str))


def _encrypt(value: str | None) -> str | None:
    return encrypt_text(value)


def decrypt(value: str | None) -> str | None:
    """Plain text of an encrypted contact field (for the resident's own centre's doctors);
    any of the data keys (ZAOSHAI_DATA_KEYS) reads it, so rotation can happen live."""
    return decrypt_text(value)


def _definition(payload: dict):
    """The questionnaire version the answers were written for; 404 unknown, 409 not current."""
    current = questionnaires.current_definition(payload["questionnaire_id"])
    if str(payload["questionnaire_version"]) != str(current["version"]):
        raise ConflictError(
            _("This questionnaire has been updated (version %(current)s). Please reload it and "
              "check your answers; nothing was saved.", current=current["version"]),
            {"current_version": current["version"]})
    return current


def _existing(client_id: str, request_hash: str) -> Assessment | None:
    row = db.session.scalar(db.select(Assessment).where(Assessment.client_id == client_id))
    if row is not None and row.request_hash != request_hash:
        raise ConflictError(_("This submission id was already used for different answers. "
                              "Start a new assessment to submit again."))
    return row


def _new_row(payload: dict, definition, language: str, today: date) -> Assessment:
    centres = {c.code: c for c in list_health_centres()}
    clean = questionnaires.validate(definition, payload["answers"], centre_codes=set(centres),
                                    today=today)
    profile = answers_to_profile(clean, today)
    answers, personal = split_personal(definition, clean)
    centre = centres.get(profile.facts.get("centre_code"))
    result = assess(profile, _engine(), today,
                    high_incidence_area=bool(centre and centre.high_incidence_upper_gi))
    shared = bool(profile.facts.get("share_with_doctor")) and centre is not None
    risks = [c["risk"] for c in result["cancers"] if c["risk"] is not None]
    return Assessment(
        id=str(uuid.uuid4()), client_id=str(payload["client_id"]),
        request_hash=_request_hash(payload), token_hash=_sha256(access_token(str(payload["client_id"]))),
        created_at=datetime.now(timezone.utc), language=language,
        questionnaire_id=definition["id"], questionnaire_version=str(definition["version"]),
        model_version=" ".join(sorted(set(_engine().versions().values()))),
        sex=profile.sex, age=profile.age, centre_code=centre.code if centre else None,
        shared=shared,
        contact_name_enc=_encrypt(personal.get("contact_name")) if shared else None,
        contact_phone_enc=_encrypt(personal.get("contact_phone")) if shared else None,
        answers=answers, result=result, red_flag=result["see_doctor_now"],
        high_risk=any(c["band"] == "high" for c in result["cancers"]),
        top_risk=max(risks) if risks else None,
        next_due=date.fromisoformat(result["next_assessment_due"]) if result["next_assessment_due"] else None,
    )


def submit_assessment(payload: dict, language: str, today: date | None = None) -> tuple[Assessment, bool]:
    """Store a new assessment, or return the one this ``client_id`` already made.

    Returns ``(assessment, created)``. Raises NotFoundError (unknown questionnaire),
    ConflictError (old version, or a client_id reused for other answers) and
    InvalidAnswersError (422, a message per item).
    """
    client_id, request_hash = str(payload["client_id"]), _request_hash(payload)
    try:
        row = _new_row(payload, _definition(payload), language, today or date.today())
    except (ConflictError, InvalidAnswersError):
        # A retry of a submission stored before the questionnaire or centres changed still
        # gets its stored result; anyone else gets the error.
        existing = _existing(client_id, request_hash)
        if existing is None:
            raise
        return existing, False
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        # The unique client_id decides: a retry, or a simultaneous twin, finds the stored row.
        db.session.rollback()
        return _existing(client_id, request_hash), False
    return row, True


def _authorised(assessment_id: str, token: str | None) -> Assessment:
    row = db.session.get(Assessment, assessment_id)
    if row is None:
        raise NotFoundError(_("No assessment with this id. It may have been deleted."))
    if not token or not hmac.compare_digest(_sha256(token), row.token_hash):
        raise UnauthorizedError(_("Your access token is missing or does not match this "
                                  "assessment."))
    return row


def read_assessment(assessment_id: str, token: str | None) -> Assessment:
    """The resident's own assessment (401 without the right token, 404 if gone)."""
    return _authorised(assessment_id, token)


def delete_assessment(assessment_id: str, token: str | None) -> None:
    """Erase the assessment and everything stored with it."""
    row = _authorised(assessment_id, token)
    db.session.delete(row)
    db.session.commit()
