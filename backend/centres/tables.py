"""Tables of community health centres and screening centres."""
from __future__ import annotations

from sqlalchemy import JSON, Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend import stamps
from backend.extensions import db


class HealthCentre(db.Model):
    """A community health centre: residents share their result with its family doctors."""

    __tablename__ = "health_centres"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    district: Mapped[str] = mapped_column(String(100), default="")
    # Deployment setting from the county registry (guidelines.md: oesophagus > 15/100,000,
    # stomach > 20/100,000): residents of such an area are high risk for upper-GI cancer.
    high_incidence_upper_gi: Mapped[bool] = mapped_column(Boolean, default=False)
    # Shown to residents beside a red-flag symptom and on the doctors' printouts.
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ScreeningCentre(db.Model):
    """A hospital or clinic where residents can have a screening test."""

    __tablename__ = "screening_centres"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    address_zh: Mapped[str] = mapped_column(Text, default="")
    address_en: Mapped[str] = mapped_column(Text, default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    tests: Mapped[list] = mapped_column(JSON, default=list)
    phone: Mapped[str] = mapped_column(String(40), default="")
    hours_zh: Mapped[str] = mapped_column(String(200), default="")
    hours_en: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


# Each worker keeps the centre lists for submissions (backend.centres.service.cached_*).
stamps.watch("centres", HealthCentre, ScreeningCentre)
