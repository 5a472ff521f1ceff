"""Follow-up records, aMAP laboratory values, and the per-cancer index the worklist sorts by.

Follow-ups and lab values are append-only: a new record is added, none is ever changed or
deleted (history kept), except with the whole assessment when the resident erases it (the
foreign keys cascade, in SQLite too: ``PRAGMA foreign_keys=ON`` in ``backend.extensions``).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, CheckConstraint, Date, DateTime, Float, ForeignKey, Integer,
                        String, Text)
from sqlalchemy.orm import Mapped, mapped_column

from backend.extensions import db

FOLLOW_UP_STATUSES = ("contacted", "booked", "screened", "declined", "unreachable")
SCREENING_RESULTS = ("normal", "abnormal", "cancer_found")
# A screening outcome's coded finding, worst first, and the follow-up result it amounts to.
FINDINGS = ("cancer_confirmed", "precancerous", "benign", "normal")
FINDING_RESULT = {"cancer_confirmed": "cancer_found", "precancerous": "abnormal",
                  "benign": "abnormal", "normal": "normal"}


class FollowUp(db.Model):
    """One step of a doctor's follow-up of a resident; the latest is the current status."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        CheckConstraint("status IN ('contacted', 'booked', 'screened', 'declined', "
                        "'unreachable')", name="ck_follow_ups_status"),
        CheckConstraint("(status = 'screened') = (result IS NOT NULL)",
                        name="ck_follow_ups_result"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    result: Mapped[str | None] = mapped_column(String(16))
    cancer: Mapped[str | None] = mapped_column(String(16))
    event_date: Mapped[date] = mapped_column(Date, nullable=False)
    # When to contact the resident next (None: no further contact planned; the item is closed).
    next_contact: Mapped[date | None] = mapped_column(Date)
    # A doctor's note is health data: Fernet-encrypted like residents' contact details.
    note_enc: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by_name: Mapped[str] = mapped_column(String(200), nullable=False)


class LabValues(db.Model):
    """Bilirubin, albumin and platelets a doctor entered for the aMAP score."""

    __tablename__ = "lab_values"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True, nullable=False)
    bilirubin_umol_l: Mapped[float] = mapped_column(Float, nullable=False)
    albumin_g_l: Mapped[float] = mapped_column(Float, nullable=False)
    platelets_10e9_l: Mapped[float] = mapped_column(Float, nullable=False)
    measured_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by_name: Mapped[str] = mapped_column(String(200), nullable=False)


class ScreeningOutcome(db.Model):
    """One cancer's screening outcome of a "screened" follow-up: test, date, coded finding."""

    __tablename__ = "screening_outcomes"
    __table_args__ = (
        CheckConstraint("finding IN ('cancer_confirmed', 'precancerous', 'benign', 'normal')",
                        name="ck_screening_outcomes_finding"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    follow_up_id: Mapped[int] = mapped_column(
        ForeignKey("follow_ups.id", ondelete="CASCADE"), index=True, nullable=False)
    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True, nullable=False)
    cancer: Mapped[str] = mapped_column(String(16), nullable=False)
    test: Mapped[str] = mapped_column(String(32), nullable=False)
    test_date: Mapped[date] = mapped_column(Date, nullable=False)
    finding: Mapped[str] = mapped_column(String(16), nullable=False)


class TumourMarker(db.Model):
    """A tumour-marker result the doctor entered (append-only: every value is kept)."""

    __tablename__ = "tumour_markers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True, nullable=False)
    marker: Mapped[str] = mapped_column(String(16), nullable=False)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    upper_limit: Mapped[float | None] = mapped_column(Float)
    measured_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by_name: Mapped[str] = mapped_column(String(200), nullable=False)
