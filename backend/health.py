"""``GET /api/v1/health``: database and models reported separately, for load balancers."""
from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from backend.extensions import db
from backend.models_runtime import scoring_engine

blp = Blueprint("health", __name__, description="Service health")


class HealthSchema(Schema):
    status = fields.String(metadata={"description": "ok, or degraded when a part is down"})
    database = fields.String()
    models = fields.Dict(keys=fields.String(), values=fields.String())


def database_status() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except SQLAlchemyError:
        db.session.rollback()
        return "unavailable"


@blp.route("/health")
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="A part is down")
def health():
    """Database reachability and the loaded model versions (verified at start)."""
    database = database_status()
    body = {"status": "ok" if database == "ok" else "degraded", "database": database,
            "models": scoring_engine().versions()}
    if database == "ok":
        return body, 200
    # Load balancers and clients alike: try again later rather than at once.
    return body, 503, {"Retry-After": str(current_app.config["RETRY_AFTER_SECONDS"])}
