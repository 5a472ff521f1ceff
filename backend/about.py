"""``GET /api/v1/about``: who runs the service, for the residents' start and privacy pages.

The operator (the health commission or centre that deploys Zaoshai) is configuration
(``OPERATOR_*`` in backend/config.py), so each deployment names itself; residents see it
before they agree to anything (PIPL Art. 17: the processor's name and contact).
"""
from flask import current_app
from marshmallow import Schema, fields

from backend.blueprint import Blueprint
from backend.i18n import request_language

blp = Blueprint("about", __name__, description="Who runs the service")


class OperatorSchema(Schema):
    name = fields.String()
    phone = fields.String()
    about = fields.String(metadata={"description": "A short 'who we are'"})


class AboutSchema(Schema):
    operator = fields.Nested(OperatorSchema)
    retention_months = fields.Integer(metadata={
        "description": "How long an assessment is kept before it is erased"})


@blp.route("/about")
@blp.response(200, AboutSchema)
def about():
    """The operator's name, phone and a line about them, in the request's language."""
    operator = current_app.config["OPERATOR"]
    suffix = "zh" if request_language() == "zh-CN" else "en"
    return {"operator": {"name": operator[f"name_{suffix}"], "phone": operator["phone"],
                         "about": operator[f"about_{suffix}"]},
            "retention_months": current_app.config["RETENTION_MONTHS"]}
