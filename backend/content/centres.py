"""Editors keep the list of screening centres that referrals point residents to.

The table is ``backend.centres.tables.ScreeningCentre``; residents read it through
``backend.centres`` (active centres only), editors see and change every centre here. A centre
is never deleted, only made inactive, so that older results still name it.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend.centres.tables import ScreeningCentre
from backend.errors import ConflictError, NotFoundError
from backend.extensions import db

FIELDS = ("name_zh", "name_en", "address_zh", "address_en", "district", "tests", "phone",
          "hours_zh", "hours_en", "active")


def describe(centre: ScreeningCentre) -> dict:
    """A centre as editors see it: both languages side by side."""
    return {"code": centre.code, **{field: getattr(centre, field) for field in FIELDS}}


def list_all() -> list[ScreeningCentre]:
    """Every screening centre, active or not, by district then code."""
    return list(db.session.scalars(select(ScreeningCentre)
                                   .order_by(ScreeningCentre.district, ScreeningCentre.code)))


def create_screening_centre(data: dict) -> ScreeningCentre:
    """A new centre; 409 if the code is taken."""
    centre = ScreeningCentre(code=data["code"], **{field: data[field] for field in FIELDS})
    db.session.add(centre)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ConflictError(_("A screening centre with this code already exists.")) from None
    return centre


def update_screening_centre(code: str, data: dict) -> ScreeningCentre:
    """Replace every editable field of centre ``code``; 404 if there is none."""
    centre = db.session.get(ScreeningCentre, code)
    if centre is None:
        raise NotFoundError(_("No screening centre with this code."))
    for field in FIELDS:
        setattr(centre, field, data[field])
    db.session.commit()
    return centre
