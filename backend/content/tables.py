"""Tables of advice articles: one row per article, one row per saved version of it.

Everything an editor saves (kind, targeting, sources, the texts in both languages) is in the
version, so that publishing, history, diff and roll-back cover all of it, and a draft's new
targeting reaches residents only when it is published. Versions are never changed or deleted.
The article row holds the slug, the status and which version residents see.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from backend import stamps
from backend.extensions import db

DRAFT, PUBLISHED, UNPUBLISHED = "draft", "published", "unpublished"
TEXT_FIELDS = ("title", "summary", "body")
# API language tag -> column suffix (as for centres: name_zh / name_en).
LANGUAGE_SUFFIX = {"zh-CN": "zh", "en": "en"}


class Article(db.Model):
    """An advice article: its stable slug, status and the version residents read."""

    __tablename__ = "content_articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default=DRAFT)
    latest_number: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    # The version number residents see; None unless status is "published".
    published_number: Mapped[int | None] = mapped_column(Integer)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    # Who last saved, published, unpublished or rolled back; None while only the starter
    # library loader has touched it, which is how `flask seed` knows it may still update it.
    changed_by: Mapped[str | None] = mapped_column(String(64))
    # sha256 of the starter file last loaded into this article (None if an editor created it).
    starter_hash: Mapped[str | None] = mapped_column(String(64))


class ArticleVersion(db.Model):
    """One save of an article: author, time, targeting and the texts in both languages."""

    __tablename__ = "content_article_versions"
    __table_args__ = (UniqueConstraint("article_id", "number", name="uq_content_version_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("content_articles.id", ondelete="CASCADE"), nullable=False, index=True)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    # None for versions loaded from the starter library.
    author_id: Mapped[str | None] = mapped_column(String(64))
    # The author's name when they saved, so history reads the same after an account changes.
    author_name: Mapped[str | None] = mapped_column(String(200))
    # Set when this version was made by rolling back to an earlier one.
    restored_from: Mapped[int | None] = mapped_column(Integer)
    # The author's change note: what changed and why, shown in the history.
    note: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    # {"factors": ["factor:level"], "cancers", "bands", "tests", "sexes", "min_age", "max_age"}
    targeting: Mapped[dict] = mapped_column(JSON, nullable=False)
    sources: Mapped[list] = mapped_column(JSON, nullable=False)
    title_zh: Mapped[str] = mapped_column(Text, nullable=False, default="")
    summary_zh: Mapped[str] = mapped_column(Text, nullable=False, default="")
    body_zh: Mapped[str] = mapped_column(Text, nullable=False, default="")
    title_en: Mapped[str] = mapped_column(Text, nullable=False, default="")
    summary_en: Mapped[str] = mapped_column(Text, nullable=False, default="")
    body_en: Mapped[str] = mapped_column(Text, nullable=False, default="")

    def text(self, language: str, field: str) -> str:
        """``field`` (title, summary, body) in ``language`` (an API tag)."""
        return getattr(self, f"{field}_{LANGUAGE_SUFFIX[language]}") or ""

    def complete_in(self, language: str) -> bool:
        """True when title, summary and body are all written in ``language``."""
        return all(self.text(language, field).strip() for field in TEXT_FIELDS)

    def missing_languages(self) -> list[str]:
        """Languages this version cannot be shown in (not fully translated)."""
        return [language for language in LANGUAGE_SUFFIX if not self.complete_in(language)]


# Each worker keeps the published library for results (backend.content.reading).
stamps.watch("content", Article, ArticleVersion)
