"""``Staff``: the acting member of staff as services see it (no Flask, no database row)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Staff:
    """Who acts, and from where. Routes build it (``auth.current_user()``); services take it.

    ``address`` and ``user_agent`` are what the audit log records as "from where".
    """

    id: int
    username: str
    role: str
    centre_code: str | None = None
    display_name: str = ""
    address: str = ""
    user_agent: str = ""

    @property
    def is_doctor(self) -> bool:
        return self.role == "doctor"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_editor(self) -> bool:
        return self.role == "editor"


def staff_from_user(user, address: str = "", user_agent: str = "") -> Staff:
    """A ``Staff`` from a ``User`` row and the request's origin."""
    return Staff(id=user.id, username=user.username, role=user.role,
                 centre_code=user.centre_code, display_name=user.display_name,
                 address=address[:64], user_agent=user_agent[:255])
