"""What residents read: the published library, one article, and the articles for a result.

An article is shown in a language only when its published version has the title, summary and
body in that language: a resident never sees an article half in another language. The
editors' preview goes through ``resident_view`` too, so it is exactly what a resident gets.

Every result links to articles, so reading the library must be cheap. Versions never change
once saved, so each worker keeps what it has rendered of a version, keyed by the version row's
id and creation time (an id alone can be reused by SQLite after a table is emptied); which
version is published is read from the database on every request, so a publish on one machine
is seen by all at once and nothing can be stale; the articles of a result come from a copy of
the published library that the database's stamp keeps current (``backend.stamps``).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_, select

from backend import stamps
from backend.content.matching import ArticleTarget, match_articles
from backend.content.render import render_markdown
from backend.content.service import get_article, get_version
from backend.content.tables import LANGUAGE_SUFFIX, PUBLISHED, Article, ArticleVersion
from backend.errors import NotFoundError
from backend.extensions import db

RESULT_FIELDS = ("slug", "title", "summary")  # the body: GET /content/published/<slug>
_CACHE_LIMIT = 2000


def resident_view(slug: str, version: ArticleVersion, language: str) -> dict:
    """An article version as a resident's phone receives it, in ``language``."""
    return {"slug": slug, "kind": version.kind, "language": language,
            "title": version.text(language, "title"),
            "summary": version.text(language, "summary"),
            "html": render_markdown(version.text(language, "body")),
            "version": version.number}


@dataclass(frozen=True)
class _Rendered:
    """A published version as matching and residents need it; views only where complete."""

    target: ArticleTarget
    views: dict[str, dict]


_rendered: dict[tuple, _Rendered] = {}


def _render(slug: str, version: ArticleVersion) -> _Rendered:
    views = {language: resident_view(slug, version, language)
             for language in LANGUAGE_SUFFIX if version.complete_in(language)}
    return _Rendered(ArticleTarget.from_targeting(slug, version.kind, version.targeting), views)


def _load(missing: dict[int, tuple]) -> None:
    """Render versions ``{id: (key, slug)}`` into the cache."""
    if len(_rendered) + len(missing) > _CACHE_LIMIT:
        _rendered.clear()  # old versions pile up only after many publishes; start afresh
    for version in db.session.scalars(select(ArticleVersion).where(ArticleVersion.id.in_(missing))):
        key, slug = missing[version.id]
        _rendered[key] = _render(slug, version)


def _published(language: str, slug: str | None = None) -> list[tuple[dict, ArticleTarget]]:
    """(resident view with published_at, target) of articles published and complete in ``language``."""
    query = (select(Article.slug, Article.published_at, ArticleVersion.id, ArticleVersion.created_at)
             .join(ArticleVersion, and_(ArticleVersion.article_id == Article.id,
                                        ArticleVersion.number == Article.published_number))
             .where(Article.status == PUBLISHED).order_by(Article.slug))
    if slug is not None:
        query = query.where(Article.slug == slug)
    rows = db.session.execute(query).all()
    missing = {r.id: ((r.id, r.created_at), r.slug) for r in rows
               if (r.id, r.created_at) not in _rendered}
    if missing:
        _load(missing)
    found = []
    for row in rows:
        rendered = _rendered[(row.id, row.created_at)]
        if language in rendered.views:
            published_at = row.published_at.isoformat() if row.published_at else None
            found.append((dict(rendered.views[language], published_at=published_at), rendered.target))
    return found


def published_articles(language: str) -> list[dict]:
    """Every article residents can read in ``language``, by slug."""
    return [view for view, _target in _published(language)]


def published_article(slug: str, language: str) -> dict:
    """One published article in ``language``; NotFoundError if unpublished or not translated."""
    found = _published(language, slug)
    if not found:
        raise NotFoundError(_("This article is not published, or not yet in your language."))
    return found[0][0]


def _result_library(language: str) -> tuple[tuple, dict[str, dict]]:
    """(every published article's target, ``{slug: its RESULT_FIELDS}``) in ``language``."""
    published = _published(language)
    return (tuple(target for _view, target in published),
            {view["slug"]: {key: view[key] for key in RESULT_FIELDS} for view, _target in published})


# The library in each language, kept per worker until an editor's write changes the stamp.
_library = stamps.StampedCache("content", _result_library)


def articles_for_result(result: dict, factors: dict, language: str) -> list[dict]:
    """``[{slug, title, summary}]`` for a stored result, most relevant first.

    ``factors`` are the factor levels the result was scored from, as stored with it (which
    factors are unknown, and so worth a test, is not in the result itself). The published
    library comes from this worker's copy, current as of the database's stamp
    (``backend.stamps``): every result needs it and editors change it a few times a day.
    """
    targets, views = _library.get(language)
    return [dict(views[slug]) for slug in match_articles(result, factors, targets)]


def preview(slug: str, language: str, number: int | None = None) -> dict:
    """Version ``number`` (default: the latest) exactly as a resident would get it.

    ``missing_translations`` tells the editor which languages residents could not see it in.
    """
    article = get_article(slug)
    version = get_version(article, number)
    return dict(resident_view(slug, version, language),
                missing_translations=version.missing_languages())
