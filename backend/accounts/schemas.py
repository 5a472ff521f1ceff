"""Request and response schemas of sign-in, accounts, centres and the audit log."""
from datetime import timezone

from marshmallow import Schema, fields, validate

from backend.accounts.audit import action_name, in_china_time
from backend.accounts.tables import ROLES
from backend.fields import JsonBoolean


class UTCDateTime(fields.DateTime):
    """An ISO 8601 time with its offset, as the OpenAPI ``date-time`` format requires.

    The columns hold UTC, but SQLite hands back naive datetimes (PostgreSQL aware ones), so a
    naive value is marked as UTC instead of going out without an offset.
    """

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)


class ChinaDateTime(fields.DateTime):
    """A stored UTC time sent in China Standard Time (+08:00): what the staff screens show."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return super()._serialize(in_china_time(value), attr, obj, **kwargs)


class LoginSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(1, 64))
    password = fields.String(required=True, load_only=True, validate=validate.Length(1, 200))


class UserSchema(Schema):
    id = fields.Integer()
    username = fields.String()
    display_name = fields.String()
    role = fields.String()
    centre = fields.String(attribute="centre_code", allow_none=True)
    centre_name = fields.Method("_centre_name", metadata={
        "description": "The centre's name in the request's language (screens name centres "
                       "by name, not by code)."})
    active = fields.Boolean()
    created_at = UTCDateTime()
    must_change_password = fields.Boolean(metadata={
        "description": "The password was set by an admin and awaits the owner's own."})

    def _centre_name(self, user) -> str | None:
        from backend.centres.service import find_health_centre, localised
        from backend.i18n import request_language

        code = user.get("centre_code") if isinstance(user, dict) else getattr(
            user, "centre_code", None)
        centre = find_health_centre(code)
        return localised(centre, request_language(), "name")["name"] if centre else None


class PasswordNoticeSchema(Schema):
    set_by = fields.String(metadata={"description": "The admin's display name."})
    set_by_username = fields.String()
    set_at = ChinaDateTime()


class MeSchema(Schema):
    user = fields.Nested(UserSchema)
    password_notice = fields.Nested(PasswordNoticeSchema, allow_none=True, metadata={
        "description": "Present while the password is a one-time one an admin set: the "
                       "account must choose its own (every other endpoint answers 403 "
                       "password_change_required until then)."})
    csrf_token = fields.String(metadata={
        "description": "Send it back in the X-CSRFToken header of every POST, PUT, PATCH or "
                       "DELETE made with the session cookie."})


class PasswordChangeSchema(Schema):
    current_password = fields.String(required=True, load_only=True)
    new_password = fields.String(required=True, load_only=True,
                                 validate=validate.Length(1, 200))


class UserCreateSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(3, 64))
    password = fields.String(required=True, load_only=True, validate=validate.Length(1, 200))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    centre = fields.String(load_default=None, validate=validate.Length(1, 32))
    display_name = fields.String(load_default="", validate=validate.Length(0, 200))


class UserUpdateSchema(Schema):
    active = JsonBoolean()
    display_name = fields.String(validate=validate.Length(0, 200))
    centre = fields.String(validate=validate.Length(1, 32))
    password = fields.String(load_only=True, validate=validate.Length(1, 200))


class CentreCreateSchema(Schema):
    code = fields.String(required=True, validate=validate.Regexp(r"^[A-Z0-9][A-Z0-9-]{1,31}$"))
    name_zh = fields.String(required=True, validate=validate.Length(1, 200))
    name_en = fields.String(required=True, validate=validate.Length(1, 200))
    district = fields.String(load_default="", validate=validate.Length(0, 100))
    high_incidence_upper_gi = JsonBoolean(load_default=False)
    phone = fields.String(load_default="", validate=validate.Length(0, 40))


class CentreUpdateSchema(Schema):
    """The fields to change (PATCH); ``active: false`` deactivates the centre."""

    name_zh = fields.String(validate=validate.Length(1, 200))
    name_en = fields.String(validate=validate.Length(1, 200))
    district = fields.String(validate=validate.Length(0, 100))
    phone = fields.String(validate=validate.Length(0, 40))
    high_incidence_upper_gi = JsonBoolean()
    active = JsonBoolean()


class CentreAdminSchema(Schema):
    code = fields.String()
    name_zh = fields.String()
    name_en = fields.String()
    district = fields.String()
    high_incidence_upper_gi = fields.Boolean()
    phone = fields.String()
    active = fields.Boolean()


class AuditFilterSchema(Schema):
    username = fields.String(validate=validate.Length(0, 64), metadata={
        "description": "Part of the account name."})
    action = fields.String(validate=validate.Length(0, 40), metadata={
        "description": "An action, or a family of them (``account`` finds ``account.*``)."})
    assessment_id = fields.String(validate=validate.Length(0, 36), metadata={
        "description": "The start of an assessment id: that resident's trail."})
    since = fields.DateTime(metadata={"description": "Without an offset: China time."})
    until = fields.DateTime()


class AuditQuerySchema(AuditFilterSchema):
    # Bounded so that page × per_page stays a valid SQL OFFSET on every database.
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(1, 200))


class AuditRecordSchema(Schema):
    id = fields.Integer()
    at = ChinaDateTime(metadata={"description": "China Standard Time (+08:00)."})
    user_id = fields.Integer(allow_none=True)
    username = fields.String()
    role = fields.String()
    centre = fields.String(attribute="centre_code", allow_none=True)
    action = fields.String()
    action_text = fields.Function(lambda record: action_name(record.action), metadata={
        "description": "The action in the request's language."})
    assessment_id = fields.String(allow_none=True)
    details = fields.Dict()
    address = fields.String()
    user_agent = fields.String()


class AuditPageSchema(Schema):
    items = fields.List(fields.Nested(AuditRecordSchema))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
