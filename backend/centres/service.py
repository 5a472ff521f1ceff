"""Every read and write of centres: the health centres residents share with, and the screening
centres referrals point to.

Admins add health centres (screen and command line); editors keep the screening centres.
A centre is never deleted, only made inactive, so that older results still name it. Role checks
are the callers' (``backend.accounts.blueprint``); nothing here reads ``request``.
"""
from __future__ import annotations

import json
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend import stamps
from backend.centres.tables import HealthCentre, ScreeningCentre
from backend.errors import ConflictError, InvalidFieldsError, NotFoundError
from backend.extensions import db

DEMO_FILE = Path(__file__).with_name("demo_centres.json")


def list_health_centres(active_only: bool = True) -> list[HealthCentre]:
    """Community health centres, by district then name."""
    query = select(HealthCentre).order_by(HealthCentre.district, HealthCentre.code)
    if active_only:
        query = query.where(HealthCentre.active.is_(True))
    return list(db.session.scalars(query))


def find_health_centre(code: str | None) -> HealthCentre | None:
    """The health centre with this code (active or not), or None."""
    return db.session.get(HealthCentre, code) if code else None


def active_screening_centres() -> list[ScreeningCentre]:
    """Every active screening centre, by district then code."""
    return list(db.session.scalars(select(ScreeningCentre).where(ScreeningCentre.active.is_(True))
                                   .order_by(ScreeningCentre.district, ScreeningCentre.code)))


def _all_centres() -> tuple[tuple, tuple]:
    """Plain copies of every health centre and of the active screening centres."""
    health = tuple(stamps.snapshot(c) for c in list_health_centres(active_only=False))
    return health, tuple(stamps.snapshot(c) for c in active_screening_centres())


_centres_cache = stamps.StampedCache("centres", _all_centres)


def cached_health_centres() -> list:
    """``list_health_centres()`` as plain copies from this worker's cache (current: the cache
    follows the database's stamp, see backend.stamps); for the submission path."""
    return [c for c in _centres_cache.get()[0] if c.active]


def cached_health_centre(code: str | None):
    """``find_health_centre(code)`` from the cache."""
    return next((c for c in _centres_cache.get()[0] if c.code == code), None) if code else None


def cached_screening_centres() -> list:
    """``active_screening_centres()`` from the cache."""
    return list(_centres_cache.get()[1])


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


def add_health_centre(data: dict) -> HealthCentre:
    """A new community health centre; 409 if the code exists."""
    if db.session.get(HealthCentre, data["code"]) is not None:
        raise ConflictError(_("A centre with this code already exists."))
    centre = HealthCentre(code=data["code"], name_zh=data["name_zh"], name_en=data["name_en"],
                          district=data.get("district") or "",
                          high_incidence_upper_gi=bool(data.get("high_incidence_upper_gi")),
                          phone=data.get("phone") or "", active=True)
    db.session.add(centre)
    db.session.commit()
    return centre


HEALTH_FIELDS = ("name_zh", "name_en", "district", "phone", "high_incidence_upper_gi", "active")


def update_health_centre(code: str, changes: dict) -> tuple[HealthCentre, dict]:
    """Change the given fields of health centre ``code``; returns it and ``{field: (old,
    new)}`` of what changed. 404 if there is none. Inactive: residents can no longer choose
    it; its residents, doctors and records stay."""
    centre = db.session.get(HealthCentre, code)
    if centre is None:
        raise NotFoundError(_("No community health centre with this code."))
    changed = {}
    for field in HEALTH_FIELDS:
        if field in changes and changes[field] != getattr(centre, field):
            changed[field] = (getattr(centre, field), changes[field])
            setattr(centre, field, changes[field])
    db.session.commit()
    return centre, changed


def _check_active_screening_centre(data: dict) -> None:
    """An active screening centre is where referrals send residents: it needs an address
    (in either language), a phone and at least one test. An inactive one may be incomplete."""
    if not data.get("active", True):
        return
    problems = {}
    if not ((data.get("address_zh") or "").strip() or (data.get("address_en") or "").strip()):
        problems["address_zh"] = [_("An active screening centre needs an address.")]
    if not (data.get("phone") or "").strip():
        problems["phone"] = [_("An active screening centre needs a phone number.")]
    if not data.get("tests"):
        problems["tests"] = [_("An active screening centre needs at least one test.")]
    if problems:
        raise InvalidFieldsError(_("Residents are referred to active centres: fill in the "
                                   "marked fields, or save the centre as inactive."), problems)


SCREENING_FIELDS = ("name_zh", "name_en", "address_zh", "address_en", "district", "tests", "phone",
                    "hours_zh", "hours_en", "active")


def describe_screening_centre(centre: ScreeningCentre) -> dict:
    """A screening centre as editors see it: both languages side by side."""
    return {"code": centre.code, **{field: getattr(centre, field) for field in SCREENING_FIELDS}}


def all_screening_centres() -> list[ScreeningCentre]:
    """Every screening centre, active or not, by district then code."""
    return list(db.session.scalars(select(ScreeningCentre)
                                   .order_by(ScreeningCentre.district, ScreeningCentre.code)))


def create_screening_centre(data: dict) -> ScreeningCentre:
    """A new screening centre; 409 if the code is taken, 422 if active and incomplete."""
    _check_active_screening_centre(data)
    centre = ScreeningCentre(code=data["code"], **{f: data[f] for f in SCREENING_FIELDS})
    db.session.add(centre)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ConflictError(_("A screening centre with this code already exists.")) from None
    return centre


def update_screening_centre(code: str, data: dict) -> ScreeningCentre:
    """Replace every editable field of screening centre ``code``; 404 if there is none, 422
    if active and incomplete."""
    centre = db.session.get(ScreeningCentre, code)
    if centre is None:
        raise NotFoundError(_("No screening centre with this code."))
    _check_active_screening_centre(data)
    for field in SCREENING_FIELDS:
        setattr(centre, field, data[field])
    db.session.commit()
    return centre
