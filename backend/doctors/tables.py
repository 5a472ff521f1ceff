"""Follow-up records, aMAP laboratory values, and the per-cancer index the worklist sorts by.

Follow-ups and lab values are append-only: a new record is added, none is ever changed or
deleted (history kept), except with the whole assessment when the resident erases it (the
foreign keys cascade, in SQLite too: ``PRAGMA foreign_keys=ON`` in ``backend.extensions``).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, CheckConstraint, Date, DateTime, Float, ForeignKey, Index,
                        Integer, String, Text, event, insert, update)
from sqlalchemy.orm import Mapped, mapped_column

from backend.assessments.tables import Assessment
from backend.extensions import db

FOLLOW_UP_STATUSES = ("contacted", "booked", "screened", "declined", "unreachable")
SCREENING_RESULTS = ("normal", "abnormal", "cancer_found")
# A screening outcome's coded finding, worst first, and the follow-up result it amounts to.
FINDINGS = ("cancer_confirmed", "precancerous", "benign", "normal")
FINDING_RESULT = {"cancer_confirmed": "cancer_found", "precancerous": "abnormal",
                  "benign": "abnormal", "normal": "normal"}
BAND_RANK = {"average": 0, "raised": 1, "high": 2}


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


class QueueItem(db.Model):
    """The action queue's row of a shared assessment: its tier and its follow-up state.

    Kept up to date when they change (submission, follow-up, tumour marker; see
    ``backend.doctors.queue.refresh``), so that one composite index
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


class AssessmentCancer(db.Model):
    """Each cancer's band and risk of an assessment, so that SQL can filter and sort by cancer
    on SQLite and PostgreSQL alike (the stored result is a JSON list)."""

    __tablename__ = "assessment_cancers"

    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    cancer: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)
    band: Mapped[str] = mapped_column(String(8), nullable=False)
    band_rank: Mapped[int] = mapped_column(Integer, nullable=False)
    risk: Mapped[float | None] = mapped_column(Float)
    high: Mapped[bool] = mapped_column(Boolean, nullable=False)


def index_rows(assessment_id: str, result: dict) -> list[dict]:
    """The ``assessment_cancers`` rows of one stored result."""
    return [{"assessment_id": assessment_id, "cancer": c["cancer"], "band": c["band"],
             "band_rank": BAND_RANK[c["band"]], "risk": c["risk"], "high": c["band"] == "high"}
            for c in result.get("cancers", [])]


@event.listens_for(Assessment, "after_insert")
def _index_new_assessment(_mapper, connection, target) -> None:
    """Written in the submission's own transaction, so the index never lags or outlives it."""
    rows = index_rows(target.id, target.result)
    if rows:
        connection.execute(insert(AssessmentCancer), rows)
    if target.shared and target.centre_code:
        from backend.doctors.queue import new_item

        item = new_item(target)
        if item["person_key"]:  # a new submission of the same person supersedes the others
            connection.execute(update(QueueItem).where(
                QueueItem.centre_code == item["centre_code"],
                QueueItem.person_key == item["person_key"]).values(is_current=False))
        connection.execute(insert(QueueItem), [item])
