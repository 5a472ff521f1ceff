"""Reading and loading centres; the lists residents choose from and are referred to."""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from backend.centres.tables import HealthCentre, ScreeningCentre
from backend.extensions import db

DEMO_FILE = Path(__file__).with_name("demo_centres.json")


def list_health_centres(active_only: bool = True) -> list[HealthCentre]:
    """Community health centres, by district then name."""
    query = select(HealthCentre).order_by(HealthCentre.district, HealthCentre.code)
    if active_only:
        query = query.where(HealthCentre.active.is_(True))
    return list(db.session.scalars(query))


def health_centre(code: str | None) -> HealthCentre | None:
    return db.session.get(HealthCentre, code) if code else None


def active_screening_centres() -> list[ScreeningCentre]:
    """Every active screening centre, by district then code."""
    return list(db.session.scalars(select(ScreeningCentre).where(ScreeningCentre.active.is_(True))
                                   .order_by(ScreeningCentre.district, ScreeningCentre.code)))


def offering(centres: list[ScreeningCentre], tests) -> list[ScreeningCentre]:
    """The centres among ``centres`` that offer every one of ``tests``."""
    return [c for c in centres if set(tests) <= set(c.tests or ())]


def screening_centres_for(tests) -> list[ScreeningCentre]:
    """Active screening centres offering every one of ``tests``."""
    return offering(active_screening_centres(), tests)


def localised(centre, language: str, *fields: str) -> dict:
    """``{"code", field: text}`` picking the ``_zh`` or ``_en`` column for each field."""
    suffix = "zh" if language == "zh-CN" else "en"
    return {"code": centre.code, **{f: getattr(centre, f"{f}_{suffix}") for f in fields}}


def load_centres(data: dict) -> tuple[int, int]:
    """Insert or update centres from a ``{"health_centres": [...], "screening_centres": [...]}``."""
    for row in data.get("health_centres", []):
        db.session.merge(HealthCentre(**row))
    for row in data.get("screening_centres", []):
        db.session.merge(ScreeningCentre(**row))
    db.session.commit()
    return len(data.get("health_centres", [])), len(data.get("screening_centres", []))


def load_demo_centres() -> tuple[int, int]:
    """The demonstration city's centres (clearly named as demo data)."""
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    return load_centres({k: v for k, v in data.items() if not k.startswith("_")})
