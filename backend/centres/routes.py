"""Public lists of centres: where a resident's family doctor is, and where to get screened."""

from backend.blueprint import Blueprint
from backend.centres import service
from backend.centres.schemas import HealthCentreSchema, ScreeningCentreSchema, ScreeningQuerySchema
from backend.i18n import request_language

blp = Blueprint("centres", __name__, description="Community health centres and screening centres")


@blp.route("/centres")
@blp.response(200, HealthCentreSchema(many=True))
def list_centres():
    """Community health centres residents can share their result with."""
    language = request_language()
    return [dict(service.localised(c, language, "name"), district=c.district)
            for c in service.list_health_centres()]


@blp.route("/screening-centres")
@blp.arguments(ScreeningQuerySchema, location="query")
@blp.response(200, ScreeningCentreSchema(many=True))
def list_screening_centres(query):
    """Screening centres, optionally only those offering one test."""
    language = request_language()
    tests = [query["test"]] if query.get("test") else []
    return [dict(service.localised(c, language, "name", "address", "hours"),
                 district=c.district, tests=c.tests, phone=c.phone)
            for c in service.screening_centres_for(tests)]
