"""``StaffBlueprint``: the one way a route is made staff-only, checked and documented alike.

Usage, in any feature's routes::

    blp = StaffBlueprint("doctors", __name__, description="…")

    @blp.route("/doctor/worklist")
    @blp.staff_only("doctor")           # below @blp.route, above the other smorest decorators
    @blp.response(200, WorklistSchema)
    def get_worklist(): ...

``staff_only`` applies ``login_required`` (401 without a session, 403 for another role or a
write without the session's ``X-CSRFToken``) and puts exactly those two answers, in the API's
one error shape, into the OpenAPI document. Object-level rules (which centre's residents) stay
in the services (``backend.accounts.permissions``).
"""
from __future__ import annotations

from backend.accounts.auth import login_required
from backend.blueprint import Blueprint
from backend.errors import ErrorSchema

UNAUTHORIZED = "Not signed in, or the session has expired"
FORBIDDEN = "Signed in with another role, or a write without the session's X-CSRFToken header"


class StaffBlueprint(Blueprint):
    """A flask-smorest Blueprint whose routes can require a signed-in member of staff."""

    def staff_only(self, *roles: str):
        """Decorator: a signed-in user with one of ``roles`` (any role when none is given)."""
        def decorator(view):
            view = login_required(*roles)(view)
            view = self.alt_response(403, schema=ErrorSchema, description=FORBIDDEN)(view)
            return self.alt_response(401, schema=ErrorSchema, description=UNAUTHORIZED)(view)
        return decorator
