"""One error shape for the whole API, and the DomainError family services raise.

Every error response is ``{"error": {"code", "message", "details"?}}`` with the HTTP status; the
message is in the request's language and says what to do. Services raise ``DomainError``
subclasses and never build responses; werkzeug's HTTP errors (bad JSON, too large, wrong
method …) and anything unexpected are turned into the same shape here, never a stack trace.
A database that cannot be reached is a 503 with ``Retry-After`` (the PWA keeps the submission
queued and retries); a value the database cannot store is a 400; neither shows SQL.
``ErrorSchema`` is that shape as the OpenAPI document declares it for every operation.
"""
from __future__ import annotations

import logging
import re

from flask import Flask, current_app, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields
from sqlalchemy.exc import (DataError, DisconnectionError, InterfaceError, OperationalError,
                            SQLAlchemyError)
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class DomainError(Exception):
    """Base of the errors services raise; subclasses fix the status and code."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, details: dict | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.details = details


class NotFoundError(DomainError):
    status, code = 404, "not_found"


class ConflictError(DomainError):
    status, code = 409, "conflict"


class InvalidAnswersError(DomainError):
    """Answers that break the questionnaire's rules; ``details`` maps item ids to messages."""

    status, code = 422, "invalid_answers"


class InvalidFhirResourceError(DomainError):
    """A FHIR resource that does not parse as R4 or that we cannot read; ``details`` per element."""

    status, code = 422, "invalid_fhir_resource"


class UnauthorizedError(DomainError):
    status, code = 401, "unauthorized"


class ForbiddenError(DomainError):
    status, code = 403, "forbidden"


class PasswordChangeRequiredError(ForbiddenError):
    """403: the account's password was set by an admin and must first be replaced."""

    code = "password_change_required"


class InvalidFieldsError(DomainError):
    """422: fields of a staff form that break a rule; ``details`` maps each field to messages."""

    status, code = 422, "unprocessable_entity"


class InvalidArticleError(DomainError):
    """Content that breaks the targeting vocabulary or the kind's rules; details per field."""

    status, code = 422, "invalid_article"


class InputRefusedError(DomainError):
    """A request carrying what no field may hold (a NUL character, a huge number)."""

    status, code = 400, "invalid_input"


def invalid(field: str, message: str) -> InvalidFieldsError:
    """One field's error, with the general message (translated) as the summary."""
    return InvalidFieldsError(_("Some of the data sent is not valid."), {field: [str(message)]})


class TooManyAttemptsError(DomainError):
    """429: a throttle refused (sign-in, password change); ``retry_after`` in seconds."""

    status, code = 429, "too_many_requests"

    def __init__(self, message: str, details: dict | None = None, retry_after: int = 60):
        super().__init__(message, details)
        self.retry_after = retry_after


class ErrorBodySchema(Schema):
    code = fields.String(required=True, metadata={"description": "Stable, machine-readable"})
    message = fields.String(required=True, metadata={"description": "In the request's language"})
    details = fields.Raw(metadata={"description": "Per field or item: what is wrong with it"})


class ErrorSchema(Schema):
    """The one error shape, as the OpenAPI document declares it for every operation."""

    error = fields.Nested(ErrorBodySchema, required=True)


# Messages for werkzeug's errors, by status; lazy so that each is translated per request.
HTTP_MESSAGES = {
    400: _l("The request could not be read. Check that the body is valid JSON."),
    401: _l("Please sign in, or send your access token."),
    403: _l("You do not have access to this."),
    404: _l("There is nothing at this address."),
    405: _l("This address does not accept that method."),
    409: _l("This conflicts with what is already stored."),
    413: _l("The request is too large. The limit is 64 KB."),
    415: _l("Send the request body as JSON (Content-Type: application/json)."),
    422: _l("Some of the data sent is not valid."),
    429: _l("Too many requests. Please wait a minute and try again."),
    500: _l("Something went wrong on our side. Your data is safe; please try again later."),
    503: _l("The service is temporarily unavailable. Please try again shortly."),
}

# marshmallow's fixed messages, so that webargs' validation errors can be translated too.
FIELD_MESSAGES = {
    "Missing data for required field.": _l("This is required."),
    "Unknown field.": _l("This field is not expected."),
    "Not a valid string.": _l("Enter text."),
    "Not a valid integer.": _l("Enter a whole number."),
    "Not a valid number.": _l("Enter a number."),
    "Not a valid boolean.": _l("Answer yes or no."),
    "Not a valid UUID.": _l("Enter a valid UUID."),
    "Not a valid mapping type.": _l("Send an object."),
    "Field may not be null.": _l("This may not be empty."),
    "Invalid input type.": _l("This has the wrong type."),
    "Invalid input.": _l("This value is not accepted."),
    "Invalid type.": _l("This has the wrong type."),
    "Invalid value.": _l("This value is not accepted."),
    "Not a valid list.": _l("Send a list."),
    "Not a valid tuple.": _l("Send a list."),
    "Not a valid URL.": _l("Enter a web address starting with https://."),
    "Not a valid email address.": _l("Enter an e-mail address."),
    "Not a valid utf-8 string.": _l("Enter text."),
    "Not a valid date.": _l("Enter a date (YYYY-MM-DD)."),
    "Not a valid datetime.": _l("Enter a date and time."),
    "Not a valid time.": _l("Enter a time (HH:MM)."),
    "Not a valid naive datetime.": _l("Enter a date and time."),
    "Not a valid aware datetime.": _l("Enter a date and time."),
    "Number too large.": _l("This number is too large."),
    "Special numeric values (nan or infinity) are not permitted.": _l("Enter a number."),
    "String does not match expected pattern.": _l("This is not in the expected form."),
}


def error_response(status: int, code: str, message: str, details=None):
    body = {"error": {"code": code, "message": str(message)}}
    if details:
        body["error"]["details"] = details
    return jsonify(body), status


# marshmallow's validators' messages with numbers in them: (pattern, msgid with the same names).
FIELD_PATTERNS = (
    (re.compile(r"^Length must be between (?P<min>\d+) and (?P<max>\d+)\.$"),
     _l("Give between %(min)s and %(max)s characters.")),
    (re.compile(r"^Shorter than minimum length (?P<min>\d+)\.$"),
     _l("Give at least %(min)s characters.")),
    (re.compile(r"^Longer than maximum length (?P<max>\d+)\.$"),
     _l("Give at most %(max)s characters.")),
    (re.compile(r"^Must be greater than or equal to (?P<min>\S+) and less than or equal to "
                r"(?P<max>\S+)\.$"), _l("Give a value from %(min)s to %(max)s.")),
    (re.compile(r"^Must be greater than or equal to (?P<min>\S+)\.$"),
     _l("Give a value of %(min)s or more.")),
    (re.compile(r"^Must be less than or equal to (?P<max>\S+)\.$"),
     _l("Give a value of %(max)s or less.")),
    (re.compile(r"^Must be greater than (?P<min>\S+) and less than (?P<max>\S+)\.$"),
     _l("Give a value between %(min)s and %(max)s.")),
    (re.compile(r"^Must be greater than (?P<min>\S+)\.$"),
     _l("Give a value above %(min)s.")),
    (re.compile(r"^Must be less than (?P<max>\S+)\.$"), _l("Give a value below %(max)s.")),
    (re.compile(r"^Length must be (?P<equal>\d+)\.$"), _l("Give exactly %(equal)s characters.")),
    (re.compile(r"^Must be one of: (?P<choices>.*)\.$"), _l("Choose one of: %(choices)s.")),
    (re.compile(r"^One or more of the choices you made was not in: (?P<choices>.*)\.$"),
     _l("Choose only from: %(choices)s.")),
    (re.compile(r"^.* cannot be formatted as a .*\.$"), _l("This has the wrong type.")),
)


def _translate_message(message) -> str:
    if message in FIELD_MESSAGES:
        return str(FIELD_MESSAGES[message])
    for pattern, msgid in FIELD_PATTERNS:
        found = pattern.match(str(message))
        if found:
            values = found.groupdict()
            if "choices" in values:  # "a, b" in the language's own list separator
                values["choices"] = str(_l(", ")).join(values["choices"].split(", "))
            return str(msgid) % values
    return str(message)


def translate_field_messages(messages):
    """Translate marshmallow's messages (nested dicts and lists), leaving others as they are."""
    if isinstance(messages, dict):
        return {key: translate_field_messages(value) for key, value in messages.items()}
    if isinstance(messages, list):
        return [translate_field_messages(m) for m in messages]
    return _translate_message(messages)


def _http_details(exc: HTTPException):
    messages = (getattr(exc, "data", None) or {}).get("messages")
    if not messages:
        return None
    # webargs nests by location ("json", "query"); one location is all a request has
    if isinstance(messages, dict) and len(messages) == 1:
        messages = next(iter(messages.values()))
    return translate_field_messages(messages)


def handle_http_exception(exc: HTTPException):
    status = exc.code or 500
    code = (exc.name or "error").lower().replace(" ", "_")
    message = HTTP_MESSAGES.get(status, exc.description)
    return error_response(status, code, message, _http_details(exc))


def _database():
    """The app's Flask-SQLAlchemy object (looked up, not imported: ``backend.extensions``
    imports this module for the error schema, and imports go one way)."""
    return current_app.extensions["sqlalchemy"]


def _retry_after() -> str:
    return str(current_app.config.get("RETRY_AFTER_SECONDS", 30))


def handle_domain_error(exc: DomainError):
    response = error_response(exc.status, exc.code, exc.message, exc.details)
    if getattr(exc, "retry_after", None):
        response[0].headers["Retry-After"] = str(exc.retry_after)
    return response


# PostgreSQL error classes that mean "cannot be reached now": connection exceptions (08),
# the server shutting down or starting (57P01-57P03), too many connections (53300).
UNREACHABLE_STATES = ("08", "57P01", "57P02", "57P03", "53300")
# What the drivers say, without an SQLSTATE, when the connection (or the file) is the problem.
UNREACHABLE_WORDS = ("connection", "server closed", "could not connect", "timeout expired",
                     "unable to open database", "database is locked", "disk i/o error")


def cannot_reach(exc: Exception) -> bool:
    """Whether a database error is a failure to reach it (503) rather than a statement it
    refused (a bug: 500). psycopg and sqlite3 raise OperationalError for both: too many
    bound parameters, a missing table or a syntax error are OperationalErrors too."""
    if isinstance(exc, DisconnectionError) or getattr(exc, "connection_invalidated", False):
        return True
    orig = getattr(exc, "orig", None) or exc
    state = getattr(orig, "sqlstate", None)
    if state:
        return state.startswith(UNREACHABLE_STATES)
    return any(word in str(orig).lower() for word in UNREACHABLE_WORDS)


def handle_database_unavailable(exc: Exception):
    """503 + Retry-After when the database cannot be reached; never its message or SQL.
    Any other OperationalError (a statement the database refused) is a 500, logged.

    The session is rolled back here so that the next request on this worker starts clean
    (the pool's pre-ping then replaces the dead connections once the server is back).
    """
    if not cannot_reach(exc):
        _database().session.rollback()
        return handle_unexpected(exc)
    log.warning("database unavailable on %s %s: %s", request.method, request.path,
                type(getattr(exc, "orig", None) or exc).__name__)
    db = _database()
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session.remove()
    response = error_response(503, "database_unavailable", _(
        "Our database cannot be reached just now. Please try again in a minute; nothing you "
        "have already saved is lost."))
    response[0].headers["Retry-After"] = _retry_after()
    return response


def handle_unstorable_value(exc: Exception):
    """400 for a value the database cannot hold (out of range, malformed for its column).

    A safety net behind the schemas' own limits and backend/security.py's input checks:
    whatever slips past them is still the request's fault, never a 500. Logged with the
    error's class only (the statement and values stay out of the log).
    """
    log.warning("unstorable value on %s %s: %s", request.method, request.path,
                type(getattr(exc, "orig", None) or exc).__name__)
    _database().session.rollback()
    return error_response(400, "invalid_value", _(
        "A value in the request is out of range or not allowed. Check the numbers and text "
        "sent."))


def handle_unexpected(exc: Exception):
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, "internal_error", _("Something went wrong on our side. "
                                                   "Your data is safe; please try again later."))


def init_app(app: Flask) -> None:
    """Register the handlers; after flask-smorest so that ours win."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DomainError, handle_domain_error)
    # Connection failures (server down, connection reset, pool cannot connect). Other
    # database errors are bugs and stay 500s.
    for unavailable in (OperationalError, InterfaceError, DisconnectionError):
        app.register_error_handler(unavailable, handle_database_unavailable)
    # DataError: PostgreSQL refusing a value; OverflowError: SQLite's driver doing the same.
    for unstorable in (DataError, OverflowError):
        app.register_error_handler(unstorable, handle_unstorable_value)
    app.register_error_handler(Exception, handle_unexpected)
