"""Sign-in, sign-out and password change (``auth``), and the admin screens (``admin``)."""
from __future__ import annotations

from datetime import date

from flask import Response, jsonify, request

from backend.accounts import audit, service, sessions
from backend.accounts.auth import (clear_session_cookie, client_address, current_csrf_token,
                                   current_user, require_user, session_token,
                                   set_session_cookie)
from backend.accounts.blueprint import StaffBlueprint
from backend.accounts.schemas import (AuditFilterSchema, AuditPageSchema, AuditQuerySchema,
                                      CentreAdminSchema, CentreUpdateSchema,
                                      CentreCreateSchema, LoginSchema, MeSchema,
                                      PasswordChangeSchema, UserCreateSchema, UserSchema,
                                      UserUpdateSchema)
from backend.accounts.throttle import throttled_password_change, throttled_sign_in
from backend.centres import service as centres
from backend.extensions import db

blp = StaffBlueprint("auth", __name__, description="Staff sign-in (residents have no accounts)")
admin_blp = StaffBlueprint("admin", __name__, description="Accounts, centres and the audit log "
                           "(admins)")


@blp.route("/auth/login", methods=["POST"])
@blp.arguments(LoginSchema)
@blp.response(200, MeSchema)
@blp.alt_response(401, description="Wrong username or password")
@blp.alt_response(429, description="Too many failed sign-ins for this account from here")
def login(payload):
    """Sign in: sets the HttpOnly session cookie and returns the CSRF token."""
    staff, token, csrf = throttled_sign_in(payload["username"], lambda: service.sign_in(
        payload["username"], payload["password"], client_address(),
        request.headers.get("User-Agent", "")))
    sessions.end_session(session_token())  # a browser holds one session at a time
    user = service.find_user(staff.username)
    response = jsonify(MeSchema().dump({"user": user, "csrf_token": csrf,
                                        "password_notice": service.password_notice(user)}))
    set_session_cookie(response, token)
    return response


@blp.route("/auth/logout", methods=["POST"])
@blp.response(204)
def logout():
    """Sign out: ends this session (403 without the CSRF token while it is live)."""
    if sessions.session_for(session_token()) is not None:
        require_user()
        sessions.end_session(session_token())
    response = jsonify()
    response.status_code = 204
    clear_session_cookie(response)
    return response


@blp.route("/auth/me")
@blp.staff_only()
@blp.response(200, MeSchema)
def me():
    """The signed-in account and the session's CSRF token (after a page reload)."""
    user = service.find_user(current_user().username)
    return {"user": user, "csrf_token": current_csrf_token(),
            "password_notice": service.password_notice(user)}


@blp.route("/auth/password", methods=["POST"])
@blp.staff_only()
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
@blp.alt_response(429, description="Too many wrong current passwords for this account")
def change_password(payload):
    """Change your own password (and replace a one-time one an admin set); your other
    sessions are signed out."""
    staff = current_user()
    throttled_password_change(
        staff.id, lambda: service.change_password(staff, payload["current_password"],
                                                  payload["new_password"], session_token()),
        wrong_current=lambda exc: "current_password" in (exc.details or {}))


@admin_blp.route("/admin/accounts")
@admin_blp.staff_only("admin")
@admin_blp.response(200, UserSchema(many=True))
def list_accounts():
    """Every staff account."""
    return service.list_users(current_user())


@admin_blp.route("/admin/accounts", methods=["POST"])
@admin_blp.staff_only("admin")
@admin_blp.arguments(UserCreateSchema)
@admin_blp.response(201, UserSchema)
def create_account(payload):
    """Create a doctor (with a centre), editor or admin account; its password is one-time."""
    return service.admin_create_user(current_user(), payload)


@admin_blp.route("/admin/accounts/<int:user_id>", methods=["PATCH"])
@admin_blp.staff_only("admin")
@admin_blp.arguments(UserUpdateSchema)
@admin_blp.response(200, UserSchema)
def update_account(payload, user_id):
    """Deactivate or reactivate, rename, move a doctor, or set a new (one-time) password."""
    return service.update_user(current_user(), user_id, payload)


@admin_blp.route("/admin/centres")
@admin_blp.staff_only("admin")
@admin_blp.response(200, CentreAdminSchema(many=True))
def list_centres():
    """Every community health centre, active or not."""
    return centres.list_health_centres(active_only=False)


@admin_blp.route("/admin/centres", methods=["POST"])
@admin_blp.staff_only("admin")
@admin_blp.arguments(CentreCreateSchema)
@admin_blp.response(201, CentreAdminSchema)
def add_centre(payload):
    """Add a community health centre."""
    centre = centres.add_health_centre(payload)
    audit.record(current_user(), "centre.create", code=centre.code)
    db.session.commit()
    return centre


@admin_blp.route("/admin/centres/<string:code>", methods=["PATCH"])
@admin_blp.staff_only("admin")
@admin_blp.arguments(CentreUpdateSchema)
@admin_blp.response(200, CentreAdminSchema)
def update_centre(payload, code):
    """Edit a community health centre, or deactivate it (residents can no longer choose it;
    its doctors and records stay)."""
    return service.admin_update_centre(current_user(), code, payload)


@admin_blp.route("/admin/audit")
@admin_blp.staff_only("admin")
@admin_blp.arguments(AuditQuerySchema, location="query")
@admin_blp.response(200, AuditPageSchema)
def audit_log(query):
    """Who read residents' data, what, when and from where; newest first."""
    items, total = audit.list_records(current_user(), query)
    return {"items": items, "total": total, "page": query["page"], "per_page": query["per_page"]}


@admin_blp.route("/admin/audit.csv")
@admin_blp.staff_only("admin")
@admin_blp.arguments(AuditFilterSchema, location="query")
@admin_blp.response(200, description="CSV (UTF-8 with BOM), newest first, times in China "
                    "Standard Time")
def audit_log_csv(query):
    """The filtered audit log as a CSV file (at most 100,000 rows); the export is audited."""
    text = audit.export_csv(current_user(), query)
    name = f"audit-{date.today().isoformat()}.csv"
    return Response(text.encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
