"""Assisted assessment: a doctor fills the questionnaire with a resident at the centre.

The resident must have agreed (``resident_consented``), which is stored with the time. The
assessment goes through the residents' own ``submit_assessment``: the same validation,
scoring, token and deletion right; it is shared with the doctor's centre (that is what the
resident agreed to at the desk). The response carries the resident's access token once, to
print for them: it is their only key to read or erase the result later.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from flask_babel import gettext as _

from backend.accounts import audit
from backend.errors import invalid
from backend.accounts.permissions import require_role
from backend.accounts.staff import Staff
from backend.assessments.service import Submission, access_token, submit_assessment
from backend.errors import ConflictError
from backend.extensions import db


def submit_assisted(staff: Staff, payload: dict, language: str):
    """``(assessment, created, access token)``; 422 without consent, 409 someone else's id."""
    require_role(staff, "doctor")
    if payload.get("resident_consented") is not True:
        raise invalid("resident_consented", _("Ask the resident first, and record that they "
                                              "agreed."))
    client_id = str(payload.get("client_id") or uuid.uuid4())
    submission = Submission(
        client_id, payload["questionnaire_id"], payload["questionnaire_version"],
        dict(payload["answers"], centre=staff.centre_code, share_with_doctor="yes"),
        assisted_by=staff.id, assisted_consent_at=datetime.now(timezone.utc))
    row, created = submit_assessment(submission, language)
    if not created and row.assisted_by != staff.id:
        raise ConflictError(_("This submission id was already used. Start a new assessment."))
    audit.record(staff, "assisted.create", row.id)
    db.session.commit()
    return row, created, access_token(client_id)
