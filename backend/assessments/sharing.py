"""A resident's change of mind about sharing, after the answers were sent.

Stopping takes the assessment off the doctors' worklist (``shared`` false) and erases the name
and phone number, which were given only so that the doctor could call; the result itself is
kept for the resident, who can still read or erase it. Records already written by the doctor
(follow-ups, lab values) stay with the assessment but are no longer shown on any list: its
row of the action queue goes, with the keyed hashes of the contact details.
"""
from __future__ import annotations

from datetime import datetime, timezone

from backend.assessments.queue import withdraw
from backend.assessments.service import read_assessment
from backend.assessments.tables import Assessment
from backend.extensions import db


def stop_sharing(assessment_id: str, token: str | None) -> Assessment:
    """Stop sharing the resident's own assessment (401 without its token, 404 if gone).

    Idempotent: stopping again changes nothing.
    """
    row = read_assessment(assessment_id, token)
    if row.shared:
        row.shared = False
        row.contact_name_enc = row.contact_phone_enc = None
        row.sharing_stopped_at = datetime.now(timezone.utc)
        withdraw(row)
        db.session.commit()
    return row
