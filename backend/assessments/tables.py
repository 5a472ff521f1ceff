"""The assessments table (one row per submission, with the versions that produced its result)
and its per-cancer index rows, written with it in one transaction."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import false as sa_false
from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.accounts import tables as _accounts  # noqa: F401  (users: assisted_by's target)
from backend.encryption import EncryptedJSON
from backend.extensions import db
from backend.scoring.assess import band_of
from backend.scoring.vocabulary import BAND_RANK, CANCERS


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
    # The result's priority tier (backend.scoring.assess.priority: 1 urgent, 2 screening
    # recommended, 3 the rest), kept for every assessment, shared or not: model monitoring's
    # detection yield by tier reads it (backend.outcomes.monitoring). The doctors' queue orders
    # by ``QueueItem.tier``, which a doctor's tumour marker can raise.
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
        return cls(**cancer_index(cancer_result))


def cancer_index(cancer_result: dict) -> dict:
    """The columns of ``AssessmentCancer`` for one cancer of a result, less the assessment's id."""
    band = band_of(cancer_result)
    return {"cancer": cancer_result["cancer"], "band": band, "band_rank": BAND_RANK[band],
            "risk": cancer_result["risk"], "high": cancer_result["status"] == "recommended"}


class QueueItem(db.Model):
    """The action queue's row of a shared assessment: its tier, its follow-up state and what
    the doctors filter on.

    Written with a shared submission (``backend.assessments.queue``) and kept up to date when
    they change (follow-up, tumour marker: ``backend.doctors.queue.refresh``). Every filter of
    the queue is a column here with its own composite index (``_queue_index``) ending in the
    queue's order ``(is_open, tier, waiting_since, assessment_id)``: a page is an index range
    read in order, never a sort of the centre, and keyset pagination follows it.
    ``waiting_since``: since when the resident has waited for the next action (the submission,
    or the planned next contact). ``due_on``: the date by which they should be contacted
    (overdue after it).
    """

    __tablename__ = "queue_items"

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
    # The latest follow-up (follow_ups.id; records are append-only, so the highest): a page
    # joins it by key instead of grouping every follow-up of the centre.
    last_follow_up_id: Mapped[int | None] = mapped_column(Integer)
    # Copied from the result (which never changes) for the filters: a red-flag symptom, the
    # highest band of any cancer, and each cancer's band (vocabulary.BAND_RANK; null: the
    # cancer does not apply to this resident).
    red_flag: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                           server_default=sa_false())
    top_band: Mapped[int | None] = mapped_column(Integer)
    band_lung: Mapped[int | None] = mapped_column(Integer)
    band_breast: Mapped[int | None] = mapped_column(Integer)
    band_liver: Mapped[int | None] = mapped_column(Integer)
    band_upper_gi: Mapped[int | None] = mapped_column(Integer)
    band_colorectal: Mapped[int | None] = mapped_column(Integer)


def band_column(cancer: str):
    """The queue column holding ``cancer``'s band."""
    return getattr(QueueItem, f"band_{cancer}")


def queue_bands(cancers: list[dict]) -> dict:
    """The band columns of a result's cancers: each cancer's band rank and the highest
    (``backend.scoring.assess.band_of``)."""
    ranks = {f"band_{c['cancer']}": BAND_RANK[band_of(c)] for c in cancers}
    return {**ranks, "top_band": max(ranks.values(), default=None)}


def _queue_index(name: str, *leading: str, trailing: tuple[str, ...] = ()) -> Index:
    """An index of the queue: equality on ``leading`` (after the centre and the person's
    current submission), then the queue's order, so that a page is read in order from the
    index and the next one starts after the last key (keyset), whatever the depth.
    ``is_open`` descends: ``state=all`` lists the open items first, then the closed ones, from
    the same index. ``trailing`` columns (after the unique id, so the order is unchanged) let
    a filter on them be checked in the index, without reading the row."""
    c = QueueItem.__table__.c
    return Index(name, c.centre_code, c.is_current, *(c[n] for n in leading), c.is_open.desc(),
                 c.tier, c.waiting_since, c.assessment_id, *(c[n] for n in trailing))


def _plain_index(name: str, *columns: str) -> Index:
    return Index(name, *(QueueItem.__table__.c[n] for n in columns))


QUEUE_INDEXES = (
    # Overdue or not (a date compared with today) is checked on the index's due_on.
    _queue_index("ix_queue_items_queue", trailing=("due_on",)),
    _queue_index("ix_queue_items_status", "status"),
    _queue_index("ix_queue_items_red_flag", "red_flag"),
    _queue_index("ix_queue_items_band", "top_band"),
    *(_queue_index(f"ix_queue_items_band_{cancer}", f"band_{cancer}") for cancer in CANCERS),
    # Overdue (open, due before today) is a range of dates: counted from its own index.
    _plain_index("ix_queue_items_due", "centre_code", "is_current", "is_open", "due_on"),
    # a shared submission supersedes the person's current row through it (migration 0019)
    _plain_index("ix_queue_items_person", "centre_code", "person_key", "is_current"),
    _plain_index("ix_queue_items_phone", "centre_code", "phone_key"),
    _plain_index("ix_queue_items_name", "centre_code", "name_key"),
)


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
