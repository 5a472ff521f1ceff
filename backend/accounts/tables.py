"""Staff accounts, their server-side sessions, and the audit log of reads of residents' data."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (JSON, Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String,
                        Text, false)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.extensions import db

ROLES = ("doctor", "editor", "admin")


class User(db.Model):
    """A member of staff. Residents have no accounts: their access is the assessment token.

    A doctor belongs to exactly one community health centre (a check constraint says so);
    editors and admins belong to none. Accounts are deactivated, never deleted, so that the
    audit log and follow-up records keep pointing at someone.
    """

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('doctor', 'editor', 'admin')", name="ck_users_role"),
        CheckConstraint("(role = 'doctor') = (centre_code IS NOT NULL)", name="ck_users_centre"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    centre_code: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("health_centres.code"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    # A password an admin set (at creation or a reset) is one-time: until the account chooses
    # its own, it can do nothing else, so an admin cannot quietly act as a doctor. Who set it
    # is kept to tell the account's owner at sign-in (when: ``password_changed_at``).
    must_change_password: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                                       server_default=false())
    password_set_by: Mapped[str | None] = mapped_column(String(64))


class StaffSession(db.Model):
    """A signed-in browser. The cookie holds a random token; only its sha256 is stored here, so
    a copy of the database cannot be used to sign in. The CSRF token lives beside it."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True, nullable=False)
    csrf_token: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    address: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    user_agent: Mapped[str] = mapped_column(String(255), nullable=False, default="")

    user: Mapped[User] = relationship(lazy="joined")


class AuditRecord(db.Model):
    """Who read or changed what about a resident, when and from where.

    Holds ids and counts only, never a resident's answers, name or phone: the log itself must
    be safe to show to an admin. ``assessment_id`` has no foreign key so that the record of a
    read outlives the resident's erasure of the assessment.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    username: Mapped[str] = mapped_column(String(64), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    centre_code: Mapped[str | None] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    assessment_id: Mapped[str | None] = mapped_column(String(36), index=True)
    details: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    address: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    user_agent: Mapped[str] = mapped_column(Text, nullable=False, default="")


class AuditSubject(db.Model):
    """A resident an audited page or export listed: links a worklist page or a CSV export to
    each listed resident's trail (``list_records(assessment_id=…)``). No foreign key to the
    assessment, like ``AuditRecord.assessment_id``: the trail outlives an erasure."""

    __tablename__ = "audit_subjects"

    audit_id: Mapped[int] = mapped_column(
        ForeignKey("audit_log.id", ondelete="CASCADE"), primary_key=True)
    assessment_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)
