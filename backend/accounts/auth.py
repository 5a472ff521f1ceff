"""What other features use to protect their routes: ``login_required`` and ``current_user``.

Usage, in any feature's routes::

    from backend.accounts.auth import current_user, login_required

    @blp.route("/content/articles", methods=["POST"])
    @login_required("editor", "admin")      # below @blp.route, above the smorest decorators
    def create(payload):
        return service.create_article(payload, current_user())

* No session cookie, or an expired one: 401. Signed in with another role: 403.
* ``POST``/``PUT``/``PATCH``/``DELETE`` also need the session's CSRF token in the
  ``X-CSRFToken`` header (the sign-in response and ``GET /api/v1/auth/me`` give it): 403
  without it. The check lives here, so every route that acts on a signed-in user's behalf has
  it, and the residents' token-based routes (no cookie involved) do not.
* ``current_user()`` is the acting ``Staff`` (id, username, role, centre_code, display_name,
  address, user_agent) or None; pass it to services, which never read ``request``.
"""
from __future__ import annotations

from functools import wraps

from flask import current_app, g, request
from flask_babel import gettext as _

from backend.accounts import sessions
from backend.accounts.staff import Staff, staff_from_user
from backend.errors import ForbiddenError, PasswordChangeRequiredError, UnauthorizedError

SESSION_COOKIE = "zaoshai_session"
CSRF_HEADER = "X-CSRFToken"
COOKIE_PATH = "/api/"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# All an account with a one-time password (set by an admin) may do: see who it is, choose its
# own password, sign out. Everything else is 403 ``password_change_required`` until then.
ONE_TIME_PASSWORD_ENDPOINTS = frozenset({"auth.me", "auth.change_password", "auth.logout"})


def client_address() -> str:
    """The client's address (ProxyFix has already applied ``TRUSTED_PROXIES``)."""
    return request.remote_addr or ""


def session_token() -> str | None:
    return request.cookies.get(SESSION_COOKIE)


def _session():
    if "staff_session" not in g:
        g.staff_session = sessions.session_for(session_token())
    return g.staff_session


def current_user() -> Staff | None:
    """The signed-in member of staff making this request, or None."""
    row = _session()
    if row is None:
        return None
    return staff_from_user(row.user, client_address(), request.headers.get("User-Agent", ""))


def current_csrf_token() -> str | None:
    row = _session()
    return row.csrf_token if row else None


def require_user(*roles: str) -> Staff:
    """The acting user, after the checks ``login_required`` documents (raises 401/403)."""
    row = _session()
    if row is None:
        raise UnauthorizedError(_("Please sign in."))
    if request.method not in SAFE_METHODS and not sessions.csrf_matches(
            row, request.headers.get(CSRF_HEADER)):
        raise ForbiddenError(_("The security token of this page is missing or out of date. "
                               "Reload the page and try again."))
    if row.user.must_change_password and request.endpoint not in ONE_TIME_PASSWORD_ENDPOINTS:
        raise PasswordChangeRequiredError(_("An administrator set your password. Choose your "
                                            "own password before you go on."))
    staff = current_user()
    if roles and staff.role not in roles:
        raise ForbiddenError(_("Your account does not have access to this."))
    return staff


def login_required(*roles: str):
    """Decorator: a signed-in user (with one of ``roles`` if given); CSRF for writes."""
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            require_user(*roles)
            return view(*args, **kwargs)
        wrapper._zaoshai_security = "staff"  # the OpenAPI security (backend/openapi.py)
        return wrapper
    return decorator


def set_session_cookie(response, token: str) -> None:
    """HttpOnly (no script reads it), SameSite=Lax, Secure outside development and tests."""
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="Lax", path=COOKIE_PATH,
                        secure=current_app.config["SESSION_COOKIE_SECURE"],
                        max_age=current_app.config["STAFF_SESSION_MAX_HOURS"] * 3600)


def clear_session_cookie(response) -> None:
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH, httponly=True, samesite="Lax",
                           secure=current_app.config["SESSION_COOKIE_SECURE"])
