"""The model-monitoring API (admins): thin glue over ``backend.outcomes.service``."""
from __future__ import annotations

from backend.accounts.auth import current_user
from backend.accounts.blueprint import StaffBlueprint
from backend.outcomes import service
from backend.outcomes.schemas import (ActivatedSchema, ActivateSchema, MonitoringQuerySchema,
                                      MonitoringSchema)

blp = StaffBlueprint("outcomes", __name__, description="Model monitoring on local outcomes and "
                     "model versions (admins). 401 signed out, 403 other roles or no CSRF token.")


@blp.route("/admin/monitoring")
@blp.staff_only("admin")
@blp.arguments(MonitoringQuerySchema, location="query")
@blp.response(200, MonitoringSchema)
def get_monitoring(query):
    """One cancer's observed against expected cases by band and decile, yields, versions."""
    return service.monitoring_view(current_user(), query["cancer"])


@blp.route("/admin/models/<string:cancer>/activate", methods=["POST"])
@blp.staff_only("admin")
@blp.arguments(ActivateSchema)
@blp.response(200, ActivatedSchema)
def activate(payload, cancer):
    """Serve this version of the cancer's model from the next assessment on (404 unknown; 409
    altered, or fitting the held-out residents worse without ``accept_worse``)."""
    return service.activate_version(current_user(), cancer, payload["version"],
                                    payload["accept_worse"])
