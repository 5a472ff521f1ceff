"""Loading the starter library (``backend/content/starter/*.toml``) into the articles tables.

Idempotent, and staff's work wins: a starter article is created and published the first time;
when its file changes later it gets a new version, but only while no editor has touched the
article (saved, published, unpublished or rolled back). Running it again never duplicates.
"""
from __future__ import annotations

import hashlib
import tomllib
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import select

from backend.content.service import STARTER, build_version, check_content
from backend.errors import InvalidArticleError
from backend.content.tables import PUBLISHED, Article
from backend.extensions import db
from backend.i18n import LANGUAGES

STARTER_DIR = Path(__file__).with_name("starter")
TARGETING_KEYS = ("factors", "cancers", "bands", "tests", "findings", "sexes", "min_age", "max_age")


def read_starter_file(path: Path) -> tuple[str, dict, str]:
    """(slug, content dict, sha256 of the file) of one starter article."""
    raw = path.read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    content = {"kind": data["kind"],
               "targeting": {key: data.get(key) for key in TARGETING_KEYS},
               "sources": data.get("sources", []),
               "texts": {language: data.get(language, {}) for language in LANGUAGES}}
    return data["slug"], content, hashlib.sha256(raw).hexdigest()


def _create(slug: str, content: dict, digest: str, now: datetime) -> None:
    article = Article(slug=slug, status=PUBLISHED, latest_number=1, published_number=1,
                      published_at=now, created_at=now, updated_at=now, changed_by=None,
                      starter_hash=digest)
    db.session.add(article)
    db.session.flush()
    db.session.add(build_version(article, 1, content, STARTER))


def _update(article: Article, content: dict, digest: str, now: datetime) -> None:
    version = build_version(article, article.latest_number + 1, content, STARTER)
    db.session.add(version)
    article.latest_number, article.updated_at, article.starter_hash = version.number, now, digest
    if article.status == PUBLISHED:
        article.published_number, article.published_at = version.number, now


def load_starter_library(directory: Path = STARTER_DIR) -> dict[str, int]:
    """Load every ``*.toml`` of ``directory``; counts of created, updated, unchanged, kept.

    "kept" are articles an editor has changed since: the file is not applied to them.
    """
    counts = dict.fromkeys(("created", "updated", "unchanged", "kept"), 0)
    now = datetime.now(timezone.utc)
    for path in sorted(directory.glob("*.toml")):
        slug, content, digest = read_starter_file(path)
        try:
            check_content(content)
        except InvalidArticleError as exc:
            raise ValueError(f"{path.name}: {exc.message} {exc.details}") from None
        article = db.session.scalar(select(Article).where(Article.slug == slug))
        if article is None:
            _create(slug, content, digest, now)
            counts["created"] += 1
        elif article.changed_by is not None or article.starter_hash is None:
            counts["kept"] += 1
        elif article.starter_hash == digest:
            counts["unchanged"] += 1
        else:
            _update(article, content, digest, now)
            counts["updated"] += 1
    db.session.commit()
    return counts
