"""Staff accounts: create, list, change; sign-in and password change (centres: backend.centres).

Services take the acting ``Staff`` (or, for sign-in, the submitted credentials and the origin)
and never read ``request``. Sessions live in ``backend.accounts.sessions``.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backend.accounts import audit, sessions
from backend.accounts.passwords import (hash_password, needs_rehash, password_problem,
                                        verify_password)
from backend.accounts.permissions import require_role
from backend.accounts.staff import Staff, staff_from_user
from backend.accounts.tables import ROLES, User
from backend.centres.service import update_health_centre
from backend.centres.tables import HealthCentre
from backend.errors import invalid as _invalid
from backend.errors import ConflictError, NotFoundError, UnauthorizedError
from backend.extensions import db

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def normalise_username(username: str) -> str:
    """Usernames are compared lower-case and without surrounding spaces."""
    return (username or "").strip().lower()


def _check_role_and_centre(role: str, centre_code: str | None) -> None:
    if role not in ROLES:
        raise _invalid("role", _("Choose doctor, editor or admin."))
    if role == "doctor":
        if not centre_code or db.session.get(HealthCentre, centre_code) is None:
            raise _invalid("centre", _("A doctor needs an existing community health centre."))
    elif centre_code:
        raise _invalid("centre", _("Only doctors belong to a centre."))


def create_user(username: str, password: str, role: str, centre_code: str | None = None,
                display_name: str = "", set_by: Staff | None = None) -> User:
    """A new account. Raises InvalidFieldsError (422) and ConflictError (username taken).

    With ``set_by`` (an admin on screen) the password is one-time and the creation is audited;
    the command line's accounts (the operator's, at installation) keep theirs.
    """
    username = normalise_username(username)
    if not USERNAME.match(username):
        raise _invalid("username", _("Use 3 to 64 lower-case letters, digits, dots, dashes or "
                                     "underscores."))
    _check_role_and_centre(role, centre_code)
    problem = password_problem(password, username)
    if problem:
        raise _invalid("password", problem)
    now = _now()
    user = User(username=username, password_hash=hash_password(password), role=role,
                centre_code=centre_code if role == "doctor" else None,
                display_name=display_name or username, active=True, created_at=now,
                password_changed_at=now, must_change_password=set_by is not None,
                password_set_by=set_by.username if set_by else None)
    db.session.add(user)
    try:
        db.session.flush()
        if set_by is not None:
            audit.record(set_by, "account.create", user_id=user.id, account=user.username,
                         role=role, centre=user.centre_code)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ConflictError(_("This username is already taken.")) from None
    return user


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == normalise_username(username)))


def sign_in(username: str, password: str, address: str, user_agent: str):
    """``(staff, cookie_token, csrf_token)`` for the right password of an active account.

    Raises UnauthorizedError with one message whatever was wrong (unknown user, wrong
    password, deactivated), so that a caller cannot find out which usernames exist.
    """
    user = find_user(username)
    ok = verify_password(user.password_hash if user else None, password or "")
    staff = staff_from_user(user, address, user_agent) if user else None
    if not ok or not user.active:
        audit.record_sign_in(staff, username, address, user_agent, ok=False)
        raise UnauthorizedError(_("The username or password is not right."))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    token, csrf = sessions.open_session(user, address, user_agent)
    audit.record_sign_in(staff, username, address, user_agent, ok=True)
    return staff, token, csrf


def password_notice(user: User) -> dict | None:
    """For the account's owner: the admin who set the current one-time password, and when."""
    if not user.must_change_password:
        return None
    admin = find_user(user.password_set_by) if user.password_set_by else None
    return {"set_by": admin.display_name if admin else user.password_set_by,
            "set_by_username": user.password_set_by, "set_at": user.password_changed_at}


def change_password(staff: Staff, current: str, new: str, keep_session_token: str) -> None:
    """Change the acting user's own password; every other session of theirs is ended."""
    user = db.session.get(User, staff.id)
    if not verify_password(user.password_hash, current or ""):
        raise _invalid("current_password", _("The current password is not right."))
    problem = password_problem(new, user.username)
    if problem:
        raise _invalid("new_password", problem)
    if verify_password(user.password_hash, new):
        raise _invalid("new_password", _("Choose a new password, not the current one."))
    user.password_hash, user.password_changed_at = hash_password(new), _now()
    user.must_change_password, user.password_set_by = False, None
    sessions.end_other_sessions(user.id, keep_session_token)
    audit.record(staff, "auth.password_change")
    db.session.commit()


def list_users(actor: Staff) -> list[User]:
    """Every account, for admins."""
    require_role(actor, "admin")
    return list(db.session.scalars(select(User).order_by(User.role, User.username)))


def admin_create_user(actor: Staff, data: dict) -> User:
    """An admin creates an account (the same checks as the command line)."""
    require_role(actor, "admin")
    return create_user(data["username"], data["password"], data["role"], data.get("centre"),
                       data.get("display_name") or "", set_by=actor)


def update_user(actor: Staff, user_id: int, changes: dict) -> User:
    """An admin changes an account: active, display name, centre, or sets a new password.

    Every change is audited. A password set here is one-time (the owner must replace it at
    the next sign-in and is told who set it); setting it or deactivating the account ends
    all its sessions at once.
    """
    require_role(actor, "admin")
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFoundError(_("There is no such account."))
    about = {"user_id": user.id, "account": user.username}
    if "centre" in changes and changes["centre"] != user.centre_code:
        _check_role_and_centre(user.role, changes["centre"])
        audit.record(actor, "account.move", **about, centre_from=user.centre_code,
                     centre_to=changes["centre"])
        user.centre_code = changes["centre"]
    if "display_name" in changes and changes["display_name"] != user.display_name:
        audit.record(actor, "account.rename", **about)
        user.display_name = changes["display_name"]
    if changes.get("password"):
        problem = password_problem(changes["password"], user.username)
        if problem:
            raise _invalid("password", problem)
        user.password_hash, user.password_changed_at = hash_password(changes["password"]), _now()
        user.must_change_password, user.password_set_by = True, actor.username
        sessions.end_other_sessions(user.id, None)
        audit.record(actor, "account.password_reset", **about)
    if "active" in changes and changes["active"] != user.active:
        if user.id == actor.id and not changes["active"]:
            raise ConflictError(_("You cannot deactivate your own account."))
        user.active = changes["active"]
        audit.record(actor, "account.reactivate" if user.active else "account.deactivate",
                     **about)
        if not user.active:
            sessions.end_other_sessions(user.id, None)
    db.session.commit()
    return user


def admin_update_centre(actor: Staff, code: str, changes: dict):
    """An admin edits or deactivates a health centre; audited with the fields changed (no
    values: only names and codes live in the log)."""
    require_role(actor, "admin")
    centre, changed = update_health_centre(code, changes)
    if changed:
        deactivated = "active" in changed and not centre.active
        audit.record(actor, "centre.deactivate" if deactivated else "centre.update",
                     code=code, fields=",".join(sorted(changed)))
        db.session.commit()
    return centre
