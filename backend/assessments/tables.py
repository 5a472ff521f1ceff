"""The assessments table (one row per submission, with the versions that produced its result)
and its per-cancer index rows, written with it in one transaction."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.accounts import tables as _accounts  # noqa: F401  (users: assisted_by's target)
from backend.encryption import EncryptedJSON
from backend.extensions import db
from backend.scoring.assess import band_of
from backend.scoring.vocabulary import BAND_RANK


class Assessment(db.Model):
    """A resident's submitted questionnaire and its stored result.

    ``client_id`` is made by the phone and unique: a retry after lost signal finds the row it
    already created instead of adding one. Name and phone (only given when the resident agrees
    to share) are Fernet-encrypted and kept out of ``answers``.
    """

    __tablename__ = "assessments"
    # The doctors' queue: one centre's shared residents by priority, longest waiting first.
    __table_args__ = (Index("ix_assessments_queue", "centre_code", "shared", "priority",
                            "created_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36), unique=True, nullable=False)
    request_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    language: Mapped[str] = mapped_column(String(8), nullable=False)
    questionnaire_id: Mapped[str] = mapped_column(String(64), nullable=False)
    questionnaire_version: Mapped[str] = mapped_column(String(16), nullable=False)
    # The distinct model versions of its cancers, joined by spaces (the result has them by cancer).
    model_version: Mapped[str] = mapped_column(String(255), nullable=False)
    sex: Mapped[str] = mapped_column(String(8), nullable=False)
    age: Mapped[int] = mapped_column(Integer, nullable=False)
    centre_code: Mapped[str | None] = mapped_column(String(32), index=True)
    shared: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False, index=True)
    contact_name_enc: Mapped[str | None] = mapped_column(Text)
    contact_phone_enc: Mapped[str | None] = mapped_column(Text)
    # Health data: encrypted at rest with the data keys (backend/encryption.py).
    answers: Mapped[dict] = mapped_column(EncryptedJSON, nullable=False)
    # The factor levels the result was scored from ({cancer: {factor: level or None}}): advice
    # is matched on them, so a later change of the answers -> factors mapping cannot change
    # what an old result shows. Health data too, so encrypted like the answers.
    factors: Mapped[dict | None] = mapped_column(EncryptedJSON)
    result: Mapped[dict] = mapped_column(EncryptedJSON, nullable=False)
    # Denormalised from the result so that a doctor's worklist can sort and filter in SQL.
    red_flag: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    high_risk: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    top_risk: Mapped[float | None] = mapped_column(Float)
    # The doctors' list's one order (backend.scoring.assess.priority): 1 urgent (a red flag, a
    # tumour marker above its limit, a positive FIT), 2 screening recommended, 3 the rest.
    priority: Mapped[int] = mapped_column(Integer, default=3, server_default="3", nullable=False)
    # Assisted assessment: the doctor who entered it with the resident at the centre, and when
    # the resident consented to that (backend.doctors.assisted). Null for the resident's own.
    assisted_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL", name="fk_assessments_assisted_by_users"))
    assisted_consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The resident stopped sharing after sending (backend.assessments.sharing): off the
    # worklist, contact details erased, the result itself kept for them.
    sharing_stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Written with the assessment (one transaction, so the index never lags or outlives it).
    cancers: Mapped[list["AssessmentCancer"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True)
    queue_item: Mapped["QueueItem | None"] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, uselist=False)


class AssessmentCancer(db.Model):
    """Each cancer's screening status and risk of an assessment, so that SQL can filter and sort
    by cancer on SQLite and PostgreSQL alike (the stored result is a JSON list).

    ``band`` is what the doctors' filter offers: "high" screening recommended (or a symptom
    pointing at this cancer), "raised" a risk higher than the same-age average, "average"
    otherwise; ``high`` is true when screening is recommended.
    """

    __tablename__ = "assessment_cancers"

    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    cancer: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)
    band: Mapped[str] = mapped_column(String(8), nullable=False)
    band_rank: Mapped[int] = mapped_column(Integer, nullable=False)
    risk: Mapped[float | None] = mapped_column(Float)
    high: Mapped[bool] = mapped_column(Boolean, nullable=False)

    @classmethod
    def of(cls, cancer_result: dict) -> "AssessmentCancer":
        """The index row of one cancer of a result (``backend.scoring.assess``)."""
        band = band_of(cancer_result)
        return cls(cancer=cancer_result["cancer"], band=band, band_rank=BAND_RANK[band],
                   risk=cancer_result["risk"], high=cancer_result["status"] == "recommended")


class QueueItem(db.Model):
    """The action queue's row of a shared assessment: its tier and its follow-up state.

    Written with a shared submission (``backend.assessments.queue``) and kept up to date when
    they change (follow-up, tumour marker: ``backend.doctors.queue.refresh``), so that one composite index
    ``(centre_code, is_open, tier, waiting_since, assessment_id)`` serves the queue's filter
    and order, and keyset pagination can follow it. ``waiting_since``: since when the resident
    has waited for the next action (the submission, or the planned next contact).
    ``due_on``: the date by which they should be contacted (overdue after it).
    """

    __tablename__ = "queue_items"
    __table_args__ = (
        Index("ix_queue_items_queue", "centre_code", "is_current", "is_open", "tier",
              "waiting_since", "assessment_id"),
        Index("ix_queue_items_person", "centre_code", "person_key"),
        Index("ix_queue_items_phone", "centre_code", "phone_key"),
        Index("ix_queue_items_name", "centre_code", "name_key"),
    )

    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    centre_code: Mapped[str] = mapped_column(String(32), nullable=False)
    is_open: Mapped[bool] = mapped_column(Boolean, nullable=False)
    tier: Mapped[int] = mapped_column(Integer, nullable=False)
    waiting_since: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # One person, several submissions: keyed hashes (HMAC with a key derived from the data
    # key) of the contact details, never the details themselves. ``person_key``: name, phone,
    # birth year and centre; the queue shows only a person's latest submission
    # (``is_current``), the detail shows the earlier ones beside it.
    person_key: Mapped[str | None] = mapped_column(String(64))
    phone_key: Mapped[str | None] = mapped_column(String(64))
    name_key: Mapped[str | None] = mapped_column(String(64))
    is_current: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)


class ShortCode(db.Model):
    """The short code that opens an assessment on another phone (backend.assessments.short_code).

    Only the code's sha256 is stored; the code itself is derived again from the assessment's
    ``client_id`` and ``attempt``. Erased with its assessment (foreign key cascade).
    """

    __tablename__ = "assessment_short_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), unique=True, nullable=False)
    attempt: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class ProgrammeCount(db.Model):
    """The programme's monthly counts per centre, kept apart from any resident.

    Written as events happen (an assessment stored; a resident's first follow-up; their first
    screening and its result), in the month each happened (China time), in the same
    transaction. Nothing here points to an assessment, so a resident's erasure takes their
    answers, contact details and the centre's follow-up records, and the counts of past months
    stay as they were. ``cancer`` is "" for the measures that are not per cancer (so that the
    key has no NULL in it).
    """

    __tablename__ = "programme_counts"

    centre_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "YYYY-MM"
    measure: Mapped[str] = mapped_column(String(24), primary_key=True)
    cancer: Mapped[str] = mapped_column(String(16), primary_key=True, default="")
    n: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
