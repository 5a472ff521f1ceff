"""Object-level access rules, checked in the services (routes only say who must be signed in).

The rules, and what a breach answers:

* a wrong role for the endpoint: 403 (``require_role``);
* a doctor asking for a resident who did not share with **their** centre (another centre's,
  or nobody's): 404, exactly as if the assessment did not exist, so that ids cannot be probed
  (``require_resident_access``);
* a doctor asking for another centre's figures: 403 (``centre_scope``): the centre's
  existence is public, only the figures are not.

Editors and admins never see residents' answers: no rule below lets them reach one.
"""
from __future__ import annotations

from flask_babel import gettext as _

from backend.accounts.staff import Staff
from backend.errors import ForbiddenError, NotFoundError


def require_role(staff: Staff, *roles: str) -> None:
    """403 unless the acting user has one of ``roles``."""
    if staff is None or staff.role not in roles:
        raise ForbiddenError(_("Your account does not have access to this."))


def can_read_resident(staff: Staff, assessment) -> bool:
    """Only a doctor of the centre the resident chose to share with."""
    return (staff.is_doctor and assessment is not None and bool(assessment.shared)
            and assessment.centre_code is not None
            and assessment.centre_code == staff.centre_code)


def require_resident_access(staff: Staff, assessment):
    """The assessment, if ``staff`` may read it; otherwise 403 (role) or 404 (not theirs)."""
    require_role(staff, "doctor")
    if not can_read_resident(staff, assessment):
        raise NotFoundError(_("No assessment with this id. It may have been deleted."))
    return assessment


def centre_scope(staff: Staff, requested: str | None) -> str | None:
    """The centre whose figures ``staff`` gets: a doctor's own, or (admin) any or all (None)."""
    require_role(staff, "doctor", "admin")
    if staff.is_doctor:
        if requested and requested != staff.centre_code:
            raise ForbiddenError(_("Doctors see the figures of their own centre only."))
        return staff.centre_code
    return requested or None
