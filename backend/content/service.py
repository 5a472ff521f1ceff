"""The editors' workflow: write, save (every save a version), publish, unpublish, roll back, diff.

Services take the acting editor as an ``Author`` and never read the request; the routes check
the role. An article's content is one dict, the same for creating, saving and loading the
starter library::

    {"kind": "factor", "targeting": {"factors": ["hbv:yes"], "cancers": [], "bands": [],
     "tests": [], "findings": [], "sexes": [], "min_age": None, "max_age": None},
     "sources": [{"title", "publisher", "url"?}],
     "texts": {"zh-CN": {"title", "summary", "body"}, "en": {...}}}

Residents see only the published version, and only in a language it is complete in.
"""
from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

from flask_babel import gettext as _
from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from backend.content.matching import BANDS, FINDINGS, KINDS, UNKNOWN
from backend.scoring.vocabulary import CANCERS, SEXES, TESTS
from backend.content.tables import (DRAFT, LANGUAGE_SUFFIX, PUBLISHED, TEXT_FIELDS, UNPUBLISHED,
                                    Article, ArticleVersion)
from backend.errors import ConflictError, InvalidArticleError, NotFoundError
from backend.extensions import db
from backend.scoring.reference import default_reference

TARGET_LISTS = {"cancers": CANCERS, "bands": BANDS, "tests": TESTS, "sexes": SEXES,
                "findings": FINDINGS}
# The lists that make an article targeted (sexes and ages only narrow who sees it).
TARGETING_LISTS = ("factors", "cancers", "bands", "tests", "findings")
UNTARGETED_KINDS = ("symptoms", "general")


@dataclass(frozen=True)
class Author:
    """Who acts: an editor's account id and display name (None, None for the starter loader)."""

    id: str | None
    name: str | None = None


STARTER = Author(None, None)


@lru_cache(maxsize=1)
def factor_levels() -> dict[str, frozenset[str]]:
    """Every reference factor id and its levels (union over cancers), plus "unknown"."""
    levels: dict[str, set[str]] = {}
    for cancer in default_reference().cancers.values():
        for factor in cancer.factors:
            levels.setdefault(factor.id, {UNKNOWN}).update(factor.level_names)
    return {factor: frozenset(names) for factor, names in levels.items()}


def _targeting_problems(kind: str, targeting: dict) -> dict:
    problems = {}
    vocabulary = factor_levels()
    bad = [t for t in targeting.get("factors") or [] if t.partition(":")[2] not in
           vocabulary.get(t.partition(":")[0], ())]
    if bad:
        problems["factors"] = _("Unknown risk factor levels: %(targets)s", targets=", ".join(bad))
    for key, allowed in TARGET_LISTS.items():
        if set(targeting.get(key) or []) - set(allowed):
            problems[key] = _("Choose from: %(allowed)s", allowed=", ".join(allowed))
    targeted = any(targeting.get(key) for key in TARGETING_LISTS)
    if kind in UNTARGETED_KINDS and targeted:
        problems["kind"] = _("Symptoms and general articles are shown to everyone: remove the "
                             "factors, cancers, bands, tests and findings.")
    elif kind == "factor" and not targeting.get("factors"):
        problems["factors"] = _("A factor article needs at least one risk factor level.")
    elif kind == "test" and not targeting.get("tests"):
        problems["tests"] = _("A test article needs at least one test.")
    low, high = targeting.get("min_age"), targeting.get("max_age")
    if low is not None and high is not None and low > high:
        problems["min_age"] = _("The lowest age is above the highest age.")
    return problems


# An HTML tag or comment: the Markdown renderer has raw HTML disabled, so residents would see
# it as literal text ("<b>" and all).
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>|<!--")


def markup_warnings(version: ArticleVersion) -> dict[str, str]:
    """Per text field that holds markup residents will see as text, what to do about it."""
    warnings = {}
    for language in LANGUAGE_SUFFIX:
        for field in TEXT_FIELDS:
            if MARKUP.search(version.text(language, field) or ""):
                warnings[f"texts.{language}.{field}"] = _(
                    "This text contains HTML markup (such as <b> or <script>). Residents will "
                    "see it as plain text, tags and all. Use Markdown instead: **bold**, "
                    "## heading, - list item.")
    return warnings


def check_content(content: dict) -> None:
    """Raise InvalidArticleError unless ``content`` can be saved."""
    problems = {} if content["kind"] in KINDS else {"kind": _("Choose from: %(allowed)s",
                                                                allowed=", ".join(KINDS))}
    problems.update(_targeting_problems(content["kind"], content["targeting"]))
    texts = content.get("texts", {})
    if not any((texts.get(language) or {}).get("title", "").strip() for language in LANGUAGE_SUFFIX):
        problems["texts"] = _("Give the article a title in at least one language.")
    if problems:
        raise InvalidArticleError(_("The article could not be saved. Check the marked fields."),
                                  problems)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _normal_targeting(targeting: dict) -> dict:
    lists = {key: list(dict.fromkeys(targeting.get(key) or [])) for key in
             (*TARGETING_LISTS, "sexes")}
    return {**lists, "min_age": targeting.get("min_age"), "max_age": targeting.get("max_age"),
            "match": targeting.get("match") or "any"}


def build_version(article: Article, number: int, content: dict, author: Author, **extra) -> ArticleVersion:
    """Version ``number`` of ``article`` holding ``content`` (not yet added to the session)."""
    texts = {f"{field}_{suffix}": ((content.get("texts") or {}).get(language) or {}).get(field, "")
             for language, suffix in LANGUAGE_SUFFIX.items() for field in TEXT_FIELDS}
    return ArticleVersion(article_id=article.id, number=number, created_at=_now(),
                          author_id=author.id, author_name=author.name, kind=content["kind"],
                          targeting=_normal_targeting(content["targeting"]),
                          sources=list(content.get("sources") or []), **texts, **extra)


def content_of(version: ArticleVersion) -> dict:
    """The content dict of a stored version."""
    return {"kind": version.kind, "targeting": version.targeting, "sources": version.sources,
            "texts": {language: {field: version.text(language, field) for field in TEXT_FIELDS}
                      for language in LANGUAGE_SUFFIX}}


def get_article(slug: str) -> Article:
    """The article with this slug; NotFoundError if there is none."""
    article = db.session.scalar(select(Article).where(Article.slug == slug))
    if article is None:
        raise NotFoundError(_("No article with this address."))
    return article


def get_version(article: Article, number: int | None = None) -> ArticleVersion:
    """Version ``number`` of ``article`` (default: the latest); NotFoundError if none."""
    number = article.latest_number if number is None else number
    version = db.session.scalar(select(ArticleVersion).where(
        ArticleVersion.article_id == article.id, ArticleVersion.number == number))
    if version is None:
        raise NotFoundError(_("This article has no version %(number)s.", number=number))
    return version


def _commit(conflict_message: str) -> None:
    """Commit; a unique constraint hit (a simultaneous save or slug) becomes a 409."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ConflictError(conflict_message) from None


def create_article(slug: str, content: dict, author: Author, note: str = "") -> ArticleVersion:
    """A new draft article with its first version; 409 if the slug is taken."""
    check_content(content)
    now = _now()
    article = Article(slug=slug, status=DRAFT, latest_number=1, created_at=now, updated_at=now,
                      changed_by=author.id)
    db.session.add(article)
    taken = _("An article with this address already exists. Choose another.")
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ConflictError(taken) from None
    version = build_version(article, 1, content, author, note=note.strip())
    db.session.add(version)
    _commit(taken)
    return version


def _add_version(article: Article, content: dict, author: Author, **extra) -> ArticleVersion:
    version = build_version(article, article.latest_number + 1, content, author, **extra)
    article.latest_number, article.updated_at, article.changed_by = version.number, _now(), author.id
    db.session.add(version)
    return version


def save_article(slug: str, content: dict, author: Author, base_version: int | None = None,
                 note: str = "") -> ArticleVersion:
    """Save a new version (residents keep seeing the published one until it is published).

    ``base_version`` is the version the editor started from: if someone saved since, 409
    rather than silently overwriting their work.
    """
    check_content(content)
    article = get_article(slug)
    if base_version is not None and base_version != article.latest_number:
        raise ConflictError(_("Someone saved this article after you opened it (version "
                              "%(latest)s). Reload it and make your changes again.",
                              latest=article.latest_number), {"latest_version": article.latest_number})
    version = _add_version(article, content, author, note=note.strip())
    _commit(_("Someone saved this article at the same moment. Reload it and try again."))
    return version


def publish_article(slug: str, author: Author, number: int | None = None) -> Article:
    """Residents see version ``number`` (default: the latest) from now on."""
    article = get_article(slug)
    version = get_version(article, number)
    if len(version.missing_languages()) == len(LANGUAGE_SUFFIX):
        raise InvalidArticleError(_("Write the title, summary and body in at least one language "
                                    "before publishing."), {"texts": _("Not complete in any language.")})
    article.status, article.published_number = PUBLISHED, version.number
    article.published_at = article.updated_at = _now()
    article.changed_by = author.id
    db.session.commit()
    return article


def unpublish_article(slug: str, author: Author) -> Article:
    """Take the article away from residents; its versions stay."""
    article = get_article(slug)
    article.status, article.published_number, article.published_at = UNPUBLISHED, None, None
    article.updated_at, article.changed_by = _now(), author.id
    db.session.commit()
    return article


def rollback_article(slug: str, number: int, author: Author, note: str = "") -> ArticleVersion:
    """A new version with the content of version ``number``; published at once if the article is.

    History is never rewritten: the roll-back is itself a version, so it can be undone too.
    """
    article = get_article(slug)
    old = get_version(article, number)
    version = _add_version(article, content_of(old), author, restored_from=old.number,
                           note=note.strip())
    if article.status == PUBLISHED:
        article.published_number, article.published_at = version.number, _now()
    _commit(_("Someone saved this article at the same moment. Reload it and try again."))
    return version


def list_articles() -> list[tuple[Article, ArticleVersion, ArticleVersion | None]]:
    """(article, latest version, published version or None) for every article, by slug."""
    latest, published = aliased(ArticleVersion), aliased(ArticleVersion)
    query = (select(Article, latest, published)
             .join(latest, and_(latest.article_id == Article.id,
                                latest.number == Article.latest_number))
             .outerjoin(published, and_(published.article_id == Article.id,
                                        published.number == Article.published_number))
             .order_by(Article.slug))
    return [tuple(row) for row in db.session.execute(query)]


def history(slug: str) -> tuple[Article, list[ArticleVersion]]:
    """The article and all its versions, newest first."""
    article = get_article(slug)
    versions = db.session.scalars(select(ArticleVersion).where(ArticleVersion.article_id == article.id)
                                  .order_by(ArticleVersion.number.desc()))
    return article, list(versions)


def _diff_fields(content: dict) -> dict[str, str]:
    fields = {"kind": content["kind"],
              "targeting": json.dumps(content["targeting"], ensure_ascii=False, indent=1, sort_keys=True),
              "sources": json.dumps(content["sources"], ensure_ascii=False, indent=1)}
    for language, texts in content["texts"].items():
        fields.update({f"{field}.{language}": texts[field] for field in TEXT_FIELDS})
    return fields


def diff_versions(slug: str, old: int, new: int) -> list[dict]:
    """A unified diff per field that differs between versions ``old`` and ``new``."""
    article = get_article(slug)
    before, after = (_diff_fields(content_of(get_version(article, n))) for n in (old, new))
    changes = []
    for field, text in after.items():
        if before[field] != text:
            lines = difflib.unified_diff(before[field].splitlines(), text.splitlines(),
                                         f"{field} v{old}", f"{field} v{new}", lineterm="")
            changes.append({"field": field, "diff": "\n".join(lines)})
    return changes
