"""The editors' workspace: articles (versions, preview, publish, history, diff, roll back) and
screening centres. Thin glue between HTTP and ``backend.content``.

Every endpoint needs a signed-in editor (or admin): 401 without a session, 403 for another
role, and writes need the session's ``X-CSRFToken`` header (``backend.accounts.auth``).
POSTs without data (publish, unpublish) still send a JSON body, ``{}``.
"""
from __future__ import annotations

from backend.accounts import audit
from backend.accounts.auth import current_user
from backend.accounts.blueprint import StaffBlueprint
from backend.centres import service as centres
from backend.content import labels, reading, service, views
from backend.content.schemas import (ArticleCreateSchema, ArticleListItemSchema, ArticleSaveSchema,
                                     ArticleStateSchema, DiffQuerySchema, DiffSchema,
                                     HistorySchema, PreviewQuerySchema, PreviewSchema,
                                     PublishSchema, RollbackSchema, ScreeningCentreCreateSchema,
                                     ScreeningCentreEditorSchema, ScreeningCentreUpdateSchema,
                                     TargetingOptionsSchema, VersionSchema)
from backend.extensions import db
from backend.i18n import normalise_language, request_language

blp = StaffBlueprint("content_editor", __name__, description="Editors' workspace: articles and "
                "screening centres (editor or admin)")
EDITORS = ("editor", "admin")
ARTICLE = "/content/articles/<string:slug>"


def _author() -> service.Author:
    staff = current_user()
    return service.Author(str(staff.id), staff.display_name or staff.username)


def _audited(action: str, **details) -> None:
    """Every editor action is in the audit log (ids, slugs and versions only)."""
    audit.record(current_user(), action, **details)
    db.session.commit()


def _content(payload: dict) -> dict:
    return {key: payload[key] for key in ("kind", "targeting", "sources", "texts")}


@blp.route("/content/articles")
@blp.staff_only(*EDITORS)
@blp.response(200, ArticleListItemSchema(many=True))
def list_articles():
    """Every article with its status; ``missing_translations`` flags published articles that
    residents in a language cannot see."""
    return [views.list_item(*row) for row in service.list_articles()]


@blp.route("/content/targeting")
@blp.staff_only(*EDITORS)
@blp.response(200, TargetingOptionsSchema)
def targeting_options():
    """Every code an article may be targeted at, with its name in the request's language."""
    return labels.targeting_options(request_language())


@blp.route("/content/articles", methods=["POST"])
@blp.staff_only(*EDITORS)
@blp.arguments(ArticleCreateSchema)
@blp.response(201, VersionSchema)
def create_article(payload):
    """A new draft (version 1). 409 if the slug is taken, 422 if targeting is invalid."""
    version = service.create_article(payload["slug"], _content(payload), _author(),
                                     payload["note"])
    _audited("article.create", slug=payload["slug"], version=version.number)
    return views.version(service.get_article(payload["slug"]), version)


@blp.route(ARTICLE)
@blp.staff_only(*EDITORS)
@blp.response(200, VersionSchema)
def read_article(slug):
    """The latest version, for editing."""
    article = service.get_article(slug)
    return views.version(article, service.get_version(article))


@blp.route(ARTICLE, methods=["PUT"])
@blp.staff_only(*EDITORS)
@blp.arguments(ArticleSaveSchema)
@blp.response(201, VersionSchema)
def save_article(payload, slug):
    """Save a new version (residents keep the published one). 409 if ``base_version`` is stale."""
    version = service.save_article(slug, _content(payload), _author(), payload["base_version"],
                                   payload["note"])
    _audited("article.save", slug=slug, version=version.number)
    return views.version(service.get_article(slug), version)


@blp.route(f"{ARTICLE}/preview")
@blp.staff_only(*EDITORS)
@blp.arguments(PreviewQuerySchema, location="query")
@blp.response(200, PreviewSchema)
def preview(query, slug):
    """A version (default: the latest) exactly as a resident would receive it."""
    language = normalise_language(query.get("lang")) or request_language()
    return reading.preview(slug, language, query.get("version"))


@blp.route(f"{ARTICLE}/publish", methods=["POST"])
@blp.staff_only(*EDITORS)
@blp.arguments(PublishSchema)
@blp.response(200, ArticleStateSchema)
def publish(payload, slug):
    """Residents see this version (default: the latest) from now on."""
    article = service.publish_article(slug, _author(), payload["version"])
    _audited("article.publish", slug=slug, version=article.published_number)
    return views.state(article)


@blp.route(f"{ARTICLE}/unpublish", methods=["POST"])
@blp.staff_only(*EDITORS)
@blp.response(200, ArticleStateSchema)
def unpublish(slug):
    """Take the article away from residents; nothing is deleted."""
    article = service.unpublish_article(slug, _author())
    _audited("article.unpublish", slug=slug)
    return views.state(article)


@blp.route(f"{ARTICLE}/versions")
@blp.staff_only(*EDITORS)
@blp.response(200, HistorySchema)
def history(slug):
    """Every version, newest first, with author and time."""
    return views.history(*service.history(slug))


@blp.route(f"{ARTICLE}/versions/<int:number>")
@blp.staff_only(*EDITORS)
@blp.response(200, VersionSchema)
def read_version(slug, number):
    """One version, whole."""
    article = service.get_article(slug)
    return views.version(article, service.get_version(article, number))


@blp.route(f"{ARTICLE}/diff")
@blp.staff_only(*EDITORS)
@blp.arguments(DiffQuerySchema, location="query")
@blp.response(200, DiffSchema)
def diff(query, slug):
    """A unified diff per changed field between versions ``from`` and ``to``."""
    changes = service.diff_versions(slug, query["old"], query["new"])
    return {"slug": slug, "from": query["old"], "to": query["new"], "changes": changes}


@blp.route(f"{ARTICLE}/rollback", methods=["POST"])
@blp.staff_only(*EDITORS)
@blp.arguments(RollbackSchema)
@blp.response(201, VersionSchema)
def rollback(payload, slug):
    """A new version with an old version's content; published at once if the article is."""
    version = service.rollback_article(slug, payload["version"], _author(), payload["note"])
    _audited("article.rollback", slug=slug, version=version.number, restored_from=payload["version"])
    return views.version(service.get_article(slug), version)


@blp.route("/content/screening-centres")
@blp.staff_only(*EDITORS)
@blp.response(200, ScreeningCentreEditorSchema(many=True))
def list_screening_centres():
    """Every screening centre, inactive ones too, both languages side by side."""
    return [centres.describe_screening_centre(c) for c in centres.all_screening_centres()]


@blp.route("/content/screening-centres", methods=["POST"])
@blp.staff_only(*EDITORS)
@blp.arguments(ScreeningCentreCreateSchema)
@blp.response(201, ScreeningCentreEditorSchema)
def create_screening_centre(payload):
    """A new screening centre; referrals use it at once if it is active. 409 if the code is taken."""
    centre = centres.create_screening_centre(payload)
    _audited("screening_centre.create", code=centre.code)
    return centres.describe_screening_centre(centre)


@blp.route("/content/screening-centres/<string:code>", methods=["PUT"])
@blp.staff_only(*EDITORS)
@blp.arguments(ScreeningCentreUpdateSchema)
@blp.response(200, ScreeningCentreEditorSchema)
def update_screening_centre(payload, code):
    """Replace a centre's details (set ``active`` false to stop referring to it)."""
    centre = centres.update_screening_centre(code, payload)
    _audited("screening_centre.update", code=code, active=centre.active)
    return centres.describe_screening_centre(centre)
