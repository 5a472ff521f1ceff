"""``/api/v1/questionnaires``: the questionnaire list and one questionnaire in the request's
language, with an ETag so that phones on slow networks revalidate instead of downloading."""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from flask import Response, current_app, request
from marshmallow import EXCLUDE, Schema, fields, validate

from backend.blueprint import Blueprint
from backend.i18n import request_language
from backend.questionnaires import service

blp = Blueprint("questionnaires", __name__, description="Questionnaires as data, localised.")


class VersionQuerySchema(Schema):
    """`?version=`: a given version instead of the current one."""

    class Meta:
        unknown = EXCLUDE  # ?lang= is read by backend.i18n

    version = fields.Integer(load_default=None, validate=validate.Range(min=1))


class QuestionnaireSummarySchema(Schema):
    """One entry of the questionnaire list."""

    id = fields.String()
    version = fields.String()
    title = fields.String()
    languages = fields.List(fields.String())


@blp.route("/questionnaires")
@blp.response(200, QuestionnaireSummarySchema(many=True))
def list_questionnaires():
    """Every questionnaire: id, current version, title and languages."""
    return service.list_questionnaires(request_language())


@blp.route("/questionnaires/<questionnaire_id>")
@blp.arguments(VersionQuerySchema, location="query", as_kwargs=True)
@blp.response(200, description="The questionnaire (FHIR-like JSON) in the request's language.")
@blp.alt_response(304, description="Not modified (If-None-Match matched the ETag).")
@blp.alt_response(404, description="No such questionnaire or version.")
def get_questionnaire(questionnaire_id: str, version: int | None):
    """The current version (or ``?version=``) in the language of ``?lang=``/Accept-Language.

    Raises NotFoundError (404) for an unknown id or version.
    """
    body, etag = _rendered(current_app.config["QUESTIONNAIRES_DIR"], questionnaire_id, version,
                           request_language())
    response = Response(body, mimetype="application/json")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Accept-Language")
    if etag in request.if_none_match:
        response.status_code, response.data = 304, b""
    return response


@lru_cache(maxsize=64)
def _rendered(_directory: str, questionnaire_id: str, version: int | None,
              language: str) -> tuple[bytes, str]:
    """The questionnaire's JSON and ETag, made once per worker: definitions and catalogues do
    not change while the app runs, and every phone starting an assessment asks for it. The
    directory is part of the key so that apps over other definitions (tests) never share."""
    body = json.dumps(service.render(questionnaire_id, version, language),
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return body, hashlib.sha256(body).hexdigest()[:32]
