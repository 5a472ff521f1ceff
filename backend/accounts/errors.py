"""Errors of the staff features that ``backend.errors`` has no class for."""
from backend.errors import DomainError


class InvalidFieldsError(DomainError):
    """422: fields that break a rule; ``details`` maps each field to its messages."""

    status, code = 422, "unprocessable_entity"


def invalid(field: str, message: str) -> InvalidFieldsError:
    """One field's error, with the general message (translated) as the summary."""
    from flask_babel import gettext as _

    return InvalidFieldsError(_("Some of the data sent is not valid."), {field: [str(message)]})
