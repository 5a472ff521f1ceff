"""Content endpoints: thin glue between HTTP and ``backend.content``.

``blp`` is the residents' library (public). The editors' workspace is in
``backend.content.editor_routes``.
"""
from __future__ import annotations

from flask import jsonify, request

from backend.blueprint import Blueprint
from backend.content import reading
from backend.content.schemas import LanguageQuerySchema, PublishedArticleSchema
from backend.i18n import normalise_language, request_language

blp = Blueprint("content", __name__, description="Advice articles residents read")


def _language(query: dict) -> str:
    return normalise_language(query.get("lang")) or request_language()


def _revalidated(body):
    """JSON with an ETag: phones keep the library for offline reading and re-check it cheaply."""
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Vary"] = "Accept-Language"
    response.add_etag()
    return response.make_conditional(request)


@blp.route("/content/published")
@blp.arguments(LanguageQuerySchema, location="query")
@blp.response(200, PublishedArticleSchema(many=True))
def list_published(query):
    """Every published article complete in the language, with its sanitised HTML.

    Articles not fully translated into the language are left out, never shown half-translated.
    """
    return _revalidated(reading.published_articles(_language(query)))


@blp.route("/content/published/<string:slug>")
@blp.arguments(LanguageQuerySchema, location="query")
@blp.response(200, PublishedArticleSchema)
def read_published(query, slug):
    """One published article; 404 if it is not published or not translated into the language."""
    return _revalidated(reading.published_article(slug, _language(query)))
