"""The shapes of articles and versions in the editors' API (documented in ``schemas.py``)."""
from __future__ import annotations

from datetime import datetime

from backend.content.service import content_of, markup_warnings
from backend.content.tables import PUBLISHED, Article, ArticleVersion


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def state(article: Article) -> dict:
    """Status and version pointers of an article."""
    return {"slug": article.slug, "status": article.status,
            "latest_version": article.latest_number,
            "published_version": article.published_number,
            "published_at": _iso(article.published_at), "updated_at": _iso(article.updated_at),
            "unpublished_changes": article.status != PUBLISHED
            or article.published_number != article.latest_number}


def version_summary(article: Article, version: ArticleVersion) -> dict:
    """One line of an article's history."""
    return {"number": version.number, "created_at": _iso(version.created_at),
            "author": {"id": version.author_id, "name": version.author_name},
            "restored_from": version.restored_from, "note": version.note or "",
            "published": article.status == PUBLISHED and article.published_number == version.number,
            "missing_translations": version.missing_languages()}


def version(article: Article, version: ArticleVersion) -> dict:
    """A whole version: its summary, content and the article's state."""
    return {**version_summary(article, version), **content_of(version), "slug": article.slug,
            "article": state(article), "warnings": markup_warnings(version)}


def list_item(article: Article, latest: ArticleVersion, published: ArticleVersion | None) -> dict:
    """A row of the editors' article list, with the translation flags."""
    return {**state(article), "kind": latest.kind, "targeting": latest.targeting,
            "title": {language: texts["title"] for language, texts in content_of(latest)["texts"].items()},
            "missing_translations": published.missing_languages() if published else [],
            "draft_missing_translations": latest.missing_languages()}


def history(article: Article, versions: list[ArticleVersion]) -> dict:
    """The article's state and every version, newest first."""
    return {**state(article), "versions": [version_summary(article, v) for v in versions]}
