"""Assessment endpoints: thin glue between HTTP and ``backend.assessments.service``."""
from __future__ import annotations

from flask import current_app, jsonify, request, url_for

from backend.assessments import service, sharing, short_code
from backend.assessments.schemas import (AssessmentCreateSchema, AssessmentResultSchema,
                                         ShortCodeOpenSchema, ShortCodeResultSchema,
                                         ShortCodeSchema)
from backend.assessments.throttle import throttled_lookup
from backend.blueprint import Blueprint
from backend.i18n import request_language
from backend.openapi import resident_token

blp = Blueprint("assessments", __name__, description="Submit answers, read or erase a result")


def _bearer_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


# The same answers as a FHIR R4 QuestionnaireResponse are answered by backend.fhir (before
# this view); documented here so that the operation shows both media types.
FHIR_SUBMISSION_DOC = {"requestBody": {"content": {"application/fhir+json": {"schema": {
    "type": "object", "description": "A FHIR R4 QuestionnaireResponse: questionnaire = the "
    "canonical URL|version, identifier.value = the client_id (UUID), status completed.",
    "required": ["resourceType", "questionnaire", "status", "identifier"],
    "properties": {"resourceType": {"type": "string", "enum": ["QuestionnaireResponse"]}}}}}}}


@blp.route("/assessments", methods=["POST"])
@blp.arguments(AssessmentCreateSchema)
@blp.doc(**FHIR_SUBMISSION_DOC)
@blp.response(201, AssessmentResultSchema)
@blp.alt_response(200, schema=AssessmentResultSchema, description="A retry: the stored result")
def submit(payload):
    """Submit answers; 201 with the result, or 200 with the stored one for a known client_id.

    Errors: 404 unknown questionnaire, 409 old version or reused client_id, 413 body over
    64 KB, 415 not JSON, 422 invalid answers (a message per item).
    """
    language = payload.get("language") or request_language()
    submission = service.Submission(
        str(payload["client_id"]), payload["questionnaire_id"], payload["questionnaire_version"],
        payload["answers"])
    row, created = service.submit_assessment(submission, language)
    body = dict(service.result_view(row, language), access_token=service.access_token(row.client_id))
    location = url_for("assessments.read", assessment_id=row.id)
    # Already in the documented shape (a test keeps result_view and the schema equal), so
    # it is sent as is: dumping it through the schema again cost a fifth of the request.
    return jsonify(body), 201 if created else 200, {"Location": location}


@blp.route("/assessments/<string:assessment_id>", endpoint="read")
@resident_token
@blp.response(200, AssessmentResultSchema)
def read(assessment_id):
    """The resident's result again, with ``Authorization: Bearer <access token>``."""
    row = service.read_assessment(assessment_id, _bearer_token())
    asked = request.args.get("lang") or request.headers.get("Accept-Language")
    return jsonify(service.result_view(row, request_language() if asked else row.language))


@blp.route("/assessments/<string:assessment_id>", methods=["DELETE"])
@resident_token
@blp.response(204)
def delete(assessment_id):
    """Erase the assessment and everything stored with it."""
    service.delete_assessment(assessment_id, _bearer_token())


def _base_url() -> str:
    return current_app.config.get("PUBLIC_BASE_URL") or request.host_url


@blp.route("/assessments/<string:assessment_id>/short-code", methods=["POST"])
@resident_token
@blp.response(200, ShortCodeSchema)
def get_short_code(assessment_id):
    """The short code and QR that open this result on another phone (made on first call;
    the same code every time), with ``Authorization: Bearer <access token>``."""
    row = service.read_assessment(assessment_id, _bearer_token())
    return short_code.short_code_view(row, _base_url())


@blp.route("/short-codes/open", methods=["POST"])
@blp.arguments(ShortCodeOpenSchema)
@blp.response(200, ShortCodeResultSchema)
@blp.alt_response(429, description="Too many unknown codes from this address")
def open_short_code(payload):
    """The result a short code opens, with its access token, to keep on this phone.

    A POST so that the code stays out of addresses and logs. Errors: 404 unknown code, 422 not
    a code, 429 after too many unknown codes from one address (``SHORT_CODE_LOOKUP_LIMIT``).
    """
    row = throttled_lookup(lambda: short_code.open_with_short_code(payload["code"]))
    body = dict(service.result_view(row, request_language()),
                access_token=service.access_token(row.client_id),
                short_code=short_code.short_code_view(row, _base_url()))
    return jsonify(body)


@blp.route("/assessments/<string:assessment_id>/stop-sharing", methods=["POST"])
@resident_token
@blp.response(200, AssessmentResultSchema)
def stop_sharing(assessment_id):
    """Stop sharing with the family doctor: off their list, name and phone erased, the result
    kept (``Authorization: Bearer <access token>``)."""
    row = sharing.stop_sharing(assessment_id, _bearer_token())
    return jsonify(service.result_view(row, request_language()))
