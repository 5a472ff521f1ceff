"""Registry diagnoses linked to assessments, the imports they came in, and model activations.

A registry diagnosis is stored once: ``(assessment_id, cancer, diagnosed_on)`` is unique, so
importing the same file again (or an overlapping one) adds nothing. An import is recorded
once per file content (its sha256), with the date up to which the registry says it is
complete: follow-up is counted up to the latest such date.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend.assessments import tables as _assessments  # noqa: F401  (assessments: the FK target)
from backend.extensions import db


class RegistryImport(db.Model):
    """One registry file imported (its content hash is unique: the same file is one import)."""

    __tablename__ = "registry_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    complete_to: Mapped[date] = mapped_column(Date, nullable=False)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    lines: Mapped[int] = mapped_column(Integer, nullable=False)
    added: Mapped[int] = mapped_column(Integer, nullable=False)


class RegistryDiagnosis(db.Model):
    """A cancer the registry recorded for the resident of an assessment."""

    __tablename__ = "registry_diagnoses"
    __table_args__ = (UniqueConstraint("assessment_id", "cancer", "diagnosed_on",
                                       name="uq_registry_diagnoses"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True, nullable=False)
    cancer: Mapped[str] = mapped_column(String(16), nullable=False)
    diagnosed_on: Mapped[date] = mapped_column(Date, nullable=False)
    # How the line named the resident: "result_number" or "fhir_patient".
    matched_by: Mapped[str] = mapped_column(String(16), nullable=False)
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("registry_imports.id", ondelete="SET NULL"))


class ModelActivation(db.Model):
    """Who switched serving to which model version of a cancer, and when (history kept)."""

    __tablename__ = "model_activations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    cancer: Mapped[str] = mapped_column(String(16), nullable=False)
    version: Mapped[str] = mapped_column(String(64), nullable=False)
    activated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    activated_by: Mapped[str] = mapped_column(String(200), nullable=False)
