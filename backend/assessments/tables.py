"""The assessments table: one row per submission, with the versions that produced its result."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.accounts import tables as _accounts  # noqa: F401  (users: assisted_by's target)
from backend.extensions import db


class Assessment(db.Model):
    """A resident's submitted questionnaire and its stored result.

    ``client_id`` is made by the phone and unique: a retry after lost signal finds the row it
    already created instead of adding one. Name and phone (only given when the resident agrees
    to share) are Fernet-encrypted and kept out of ``answers``.
    """

    __tablename__ = "assessments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36), unique=True, nullable=False)
    request_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    language: Mapped[str] = mapped_column(String(8), nullable=False)
    questionnaire_id: Mapped[str] = mapped_column(String(64), nullable=False)
    questionnaire_version: Mapped[str] = mapped_column(String(16), nullable=False)
    model_version: Mapped[str] = mapped_column(String(64), nullable=False)
    sex: Mapped[str] = mapped_column(String(8), nullable=False)
    age: Mapped[int] = mapped_column(Integer, nullable=False)
    centre_code: Mapped[str | None] = mapped_column(String(32), index=True)
    shared: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False, index=True)
    contact_name_enc: Mapped[str | None] = mapped_column(Text)
    contact_phone_enc: Mapped[str | None] = mapped_column(Text)
    answers: Mapped[dict] = mapped_column(JSON, nullable=False)
    result: Mapped[dict] = mapped_column(JSON, nullable=False)
    # Denormalised from the result so that a doctor's worklist can sort and filter in SQL.
    red_flag: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    high_risk: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    top_risk: Mapped[float | None] = mapped_column(Float)
    next_due: Mapped[date | None] = mapped_column(Date)
    # Assisted assessment: the doctor who entered it with the resident at the centre, and when
    # the resident consented to that (backend.doctors.assisted). Null for the resident's own.
    assisted_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL", name="fk_assessments_assisted_by_users"))
    assisted_consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The resident stopped sharing after sending (backend.assessments.sharing): off the
    # worklist, contact details erased, the result itself kept for them.
    sharing_stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


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
