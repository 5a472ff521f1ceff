"""FHIR endpoints: a resident's Bundle for their doctor, and QuestionnaireResponses in.

``POST /api/v1/assessments`` with ``Content-Type: application/fhir+json`` is answered here,
before the native view (which would read the body as a native submission): the assessments
feature knows nothing of FHIR, and this feature only calls its service. The response is the
native route's, byte for byte: the result, its access token and ``Location``.
"""
from __future__ import annotations

import json

from flask import Flask, Response, jsonify, request, url_for

from backend.accounts.auth import current_user
from backend.accounts.blueprint import StaffBlueprint
from backend.assessments.service import access_token, result_view
from backend.fhir import service
from backend.i18n import request_language

FHIR_JSON = "application/fhir+json"
# Documented as a JSON object: the Bundle follows the FHIR R4 specification, not a schema here.
BUNDLE_DOC = {"type": "object", "required": ["resourceType", "type", "entry"],
              "properties": {"resourceType": {"type": "string", "enum": ["Bundle"]},
                             "type": {"type": "string", "enum": ["collection"]},
                             "entry": {"type": "array", "items": {"type": "object"}}}}

blp = StaffBlueprint("fhir", __name__, description="FHIR R4 (4.0.1): a resident's Bundle for their "
                "doctor. A QuestionnaireResponse is submitted to POST /assessments with "
                "Content-Type application/fhir+json.")


@blp.route("/doctor/assessments/<string:assessment_id>/fhir")
@blp.staff_only("doctor")
@blp.response(200, BUNDLE_DOC, content_type=FHIR_JSON,
              description="A FHIR R4 Bundle (type collection): Patient, QuestionnaireResponse, "
                          "Observations, a RiskAssessment per cancer, ServiceRequests")
def get_bundle(assessment_id):
    """The resident's assessment as a FHIR R4 Bundle (audited); 404 if not shared with you."""
    body = service.bundle_for_doctor(current_user(), assessment_id)
    return Response(json.dumps(body, ensure_ascii=False), mimetype=FHIR_JSON,
                    headers={"Cache-Control": "no-store"})


def _is_fhir_submission() -> bool:
    return (request.method == "POST" and request.mimetype == FHIR_JSON
            and request.path == url_for("assessments.submit"))


def submit_questionnaire_response():
    """``before_request``: answer a FHIR submission; anything else goes on as usual."""
    if not _is_fhir_submission():
        return None
    body = request.get_json(silent=True)
    if body is None:
        return None  # unreadable JSON: the usual 400 of the native view
    row, created, language = service.submit_questionnaire_response(body, request_language())
    result = dict(result_view(row, language), access_token=access_token(row.client_id))
    location = url_for("assessments.read", assessment_id=row.id)
    return jsonify(result), 201 if created else 200, {"Location": location}


def init_app(app: Flask) -> None:
    """Route FHIR submissions before the native view parses them."""
    app.before_request(submit_questionnaire_response)
