"""Submitting, reading and erasing assessments.

A submission is validated against the questionnaire it names, scored by the pure pipeline the
batch command shares (``backend.scoring.pipeline``), and stored in one transaction with the
questionnaire and model versions that produced it, the factor levels it was scored from and
its per-cancer index rows (the doctors' list filters on them). The phone's ``client_id`` makes a retry
return the stored row: the unique constraint, not a read-then-write, decides, so twenty
simultaneous retries still leave one row. The common case (a new submission) costs no
look-up: the insert is tried first and a duplicate is found only when the constraint says so.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from types import SimpleNamespace
from base64 import urlsafe_b64encode
from datetime import date, datetime, timezone

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from backend.assessments import programme, queue, texts
from backend.assessments.tables import Assessment, AssessmentCancer, QueueItem, cancer_index
from backend.centres.service import (cached_health_centre, cached_health_centres,
                                     cached_screening_centres)
from backend.content.reading import articles_for_result
from backend.encryption import decrypt_text, encrypt_text
from backend.errors import ConflictError, InvalidAnswersError, NotFoundError, UnauthorizedError
from backend.extensions import db
from backend.models_runtime import scoring_engine
from backend.questionnaires import service as questionnaires
from backend.scoring.pipeline import ScoredAnswers, score_answers


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


def _encrypt(value: str | None) -> str | None:
    return encrypt_text(value)


def decrypt(value: str | None) -> str | None:
    """Plain text of an encrypted contact field (for the resident's own centre's doctors);
    any of the data keys (ZAOSHAI_DATA_KEYS) reads it, so rotation can happen live."""
    return decrypt_text(value)


@dataclass(frozen=True)
class Submission:
    """What a phone (or a doctor at the desk) sends: the answers to one questionnaire version.

    ``client_id`` is made once per assessment by the sender; ``assisted_by`` is the doctor who
    entered it with the resident, who consented at ``assisted_consent_at``.
    """

    client_id: str
    questionnaire_id: str
    questionnaire_version: str
    answers: dict
    assisted_by: int | None = None
    assisted_consent_at: datetime | None = None

    @property
    def request_hash(self) -> str:
        canonical = {"questionnaire_id": self.questionnaire_id,
                     "questionnaire_version": self.questionnaire_version, "answers": self.answers}
        return _sha256(json.dumps(canonical, sort_keys=True, ensure_ascii=False, default=str))


def _definition(submission: Submission):
    """The questionnaire version the answers were written for; 404 unknown, 409 not current."""
    current = questionnaires.current_definition(submission.questionnaire_id)
    if str(submission.questionnaire_version) != str(current["version"]):
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


def _score(submission: Submission, definition, today: date) -> ScoredAnswers:
    centres = cached_health_centres()
    clean = questionnaires.validate(definition, submission.answers,
                                    centre_codes={c.code for c in centres}, today=today)
    high_incidence = frozenset(c.code for c in centres if c.high_incidence_upper_gi)
    return score_answers(clean, definition.personal_items, scoring_engine(), today, high_incidence)


@dataclass(frozen=True)
class NewAssessment:
    """A scored submission as the rows it is stored in, written with Core statements (the
    ORM's unit of work was a third of a submission's time, for rows nothing reads back).

    ``row`` is a read-only view of the assessment's columns with the attributes the result's
    words, the audit and the callers read (``id``, ``result``, ``client_id`` …), like a stored
    ``Assessment``.
    """

    values: dict  # the assessments row
    cancers: list[dict]  # its assessment_cancers rows
    queue_item: dict | None  # its queue_items row, when shared with a centre

    @property
    def row(self) -> SimpleNamespace:
        return SimpleNamespace(**self.values)


_EMPTY_ROW = {column.key: None for column in Assessment.__table__.columns}


def _new_assessment(submission: Submission, definition, language: str,
                    today: date) -> NewAssessment:
    scored = _score(submission, definition, today)
    result = scored.result
    shared = scored.wants_to_share and scored.centre_code is not None
    values = dict(
        _EMPTY_ROW, id=str(uuid.uuid4()), client_id=submission.client_id,
        request_hash=submission.request_hash, token_hash=_sha256(access_token(submission.client_id)),
        created_at=datetime.now(timezone.utc), language=language,
        questionnaire_id=definition["id"], questionnaire_version=str(definition["version"]),
        model_version=" ".join(sorted(set(result["model_versions"].values()))),
        sex=scored.profile.sex, age=scored.profile.age, centre_code=scored.centre_code,
        shared=shared,
        contact_name_enc=_encrypt(scored.personal.get("contact_name")) if shared else None,
        contact_phone_enc=_encrypt(scored.personal.get("contact_phone")) if shared else None,
        answers=scored.answers, factors=scored.profile.factors, result=result,
        red_flag=result["see_doctor_now"],
        high_risk=any(c["status"] == "recommended" for c in result["cancers"]),
        top_risk=max((c["risk"] for c in result["cancers"] if c["risk"] is not None), default=None),
        priority=result["priority"],
        assisted_by=submission.assisted_by, assisted_consent_at=submission.assisted_consent_at)
    cancers = [dict(cancer_index(c), assessment_id=values["id"]) for c in result["cancers"]]
    # the doctors' queue row, written with it
    item = queue.queue_item(SimpleNamespace(**values), scored.personal) if shared else None
    return NewAssessment(values, cancers, item)


# Built once: SQLAlchemy memoises a statement's cache key on the statement object, so a new
# insert() per submission computed it again each time.
_INSERT_ASSESSMENT = insert(Assessment.__table__)
_INSERT_CANCERS = insert(AssessmentCancer.__table__)
_INSERT_QUEUE_ITEM = insert(QueueItem.__table__)


def _store(new: NewAssessment) -> None:
    """Write ``new``'s rows and the month's counts in one transaction (commits)."""
    connection = db.session.connection()
    connection.execute(_INSERT_ASSESSMENT, new.values)
    connection.execute(_INSERT_CANCERS, new.cancers)
    if new.queue_item is not None:
        queue.supersede_earlier(connection, new.queue_item)
        connection.execute(_INSERT_QUEUE_ITEM, new.queue_item)
    programme.add(programme.submission_counts(new.values, new.cancers), connection)
    db.session.commit()


def submit_assessment(submission: Submission, language: str,
                      today: date | None = None) -> tuple[Assessment | SimpleNamespace, bool]:
    """Store a new assessment, or return the one this ``client_id`` already made.

    Returns ``(assessment, created)``: a stored ``Assessment`` for a retry, the new row's
    read-only view (``NewAssessment.row``) otherwise. Raises NotFoundError (unknown
    questionnaire), ConflictError (old version, or a client_id reused for other answers) and
    InvalidAnswersError (422, a message per item).
    """
    try:
        new = _new_assessment(submission, _definition(submission), language, today or date.today())
    except (ConflictError, InvalidAnswersError):
        # A retry of a submission stored before the questionnaire or centres changed still
        # gets its stored result; anyone else gets the error.
        existing = _existing(submission.client_id, submission.request_hash)
        if existing is None:
            raise
        return existing, False
    try:
        _store(new)
    except IntegrityError:
        # The unique client_id decides: a retry, or a simultaneous twin, finds the stored row.
        db.session.rollback()
        return _existing(submission.client_id, submission.request_hash), False
    return new.row, True


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


def result_view(row: Assessment, language: str) -> dict:
    """The stored result of ``row`` in ``language``, with the screening centres its referrals
    point to and the published articles matched to it (on the factor levels it was scored from)."""
    result = row.result
    centres = cached_screening_centres() if any(c["referral"] for c in result["cancers"]) else []
    articles = articles_for_result(result, row.factors or {}, language)
    return texts.result_in_words(row, language, centres, articles,
                                 cached_health_centre(row.centre_code))
