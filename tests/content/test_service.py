"""The editors' workflow in the service layer, and loading the starter library idempotently."""
from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from backend.content import reading, service
from backend.content.starter import STARTER_DIR, load_starter_library
from backend.content.tables import Article, ArticleVersion
from backend.errors import InvalidArticleError
from backend.errors import ConflictError, NotFoundError
from backend.extensions import db

EDITOR = service.Author("7", "Li Hua")
OTHER = service.Author("8", "Wang Fang")


def content(title_en="Eat less salt", body_en="## Why\nSalt raises the risk.", **changes):
    base = {"kind": "factor", "targeting": {"factors": ["salty_diet:yes"]},
            "sources": [{"title": "Guide", "publisher": "CNS"}],
            "texts": {"zh-CN": {"title": "少吃盐", "summary": "少吃盐。", "body": "## 为什么\n盐多伤胃。"},
                      "en": {"title": title_en, "summary": "Less salt.", "body": body_en}}}
    return {**base, **changes}


@pytest.fixture
def ctx(app, clean_db):
    with app.app_context():
        yield


def counts():
    return (db.session.scalar(select(func.count()).select_from(Article)),
            db.session.scalar(select(func.count()).select_from(ArticleVersion)))


def test_every_save_is_a_version_with_author_and_time(ctx):
    service.create_article("salt", content(), EDITOR)
    second = service.save_article("salt", content(title_en="Less salt, please"), OTHER)
    article, versions = service.history("salt")
    assert [v.number for v in versions] == [2, 1] and second.number == 2
    assert (versions[0].author_id, versions[0].author_name) == ("8", "Wang Fang")
    assert versions[1].author_id == "7" and versions[1].created_at is not None
    assert article.status == "draft" and article.latest_number == 2


def test_publish_shows_the_published_version_until_the_next_publish(ctx):
    service.create_article("salt", content(), EDITOR)
    service.publish_article("salt", EDITOR)
    service.save_article("salt", content(title_en="Draft title"), EDITOR)
    assert reading.published_article("salt", "en")["title"] == "Eat less salt"
    assert reading.preview("salt", "en")["title"] == "Draft title"
    service.publish_article("salt", EDITOR)
    assert reading.published_article("salt", "en")["title"] == "Draft title"


def test_rollback_is_a_new_version_and_republishes_a_published_article(ctx):
    service.create_article("salt", content(), EDITOR)
    service.publish_article("salt", EDITOR)
    service.save_article("salt", content(title_en="Wrong"), EDITOR)
    service.publish_article("salt", EDITOR)
    restored = service.rollback_article("salt", 1, OTHER)
    assert (restored.number, restored.restored_from) == (3, 1)
    assert reading.published_article("salt", "en")["title"] == "Eat less salt"
    assert service.get_article("salt").published_number == 3


def test_diff_is_a_unified_diff_per_changed_field(ctx):
    service.create_article("salt", content(), EDITOR)
    service.save_article("salt", content(body_en="## Why\nSalt raises the risk of stomach cancer.",
                                         targeting={"factors": ["salty_diet:yes", "pickled_food:yes"]}),
                         EDITOR)
    changes = {c["field"]: c["diff"] for c in service.diff_versions("salt", 1, 2)}
    assert set(changes) == {"targeting", "body.en"}
    assert "-Salt raises the risk." in changes["body.en"]
    assert "+Salt raises the risk of stomach cancer." in changes["body.en"]
    assert changes["body.en"].startswith("--- body.en v1\n+++ body.en v2")
    assert '+  "pickled_food:yes"' in changes["targeting"]
    assert service.diff_versions("salt", 2, 2) == []
    with pytest.raises(NotFoundError):
        service.diff_versions("salt", 1, 9)


def test_a_stale_save_is_a_conflict_not_an_overwrite(ctx):
    service.create_article("salt", content(), EDITOR)
    service.save_article("salt", content(title_en="Mine"), EDITOR, base_version=1)
    with pytest.raises(ConflictError) as raised:
        service.save_article("salt", content(title_en="Theirs"), OTHER, base_version=1)
    assert raised.value.details == {"latest_version": 2}
    with pytest.raises(ConflictError):
        service.create_article("salt", content(), OTHER)


@pytest.mark.parametrize("changes, field", [
    ({"targeting": {"factors": ["salty_diet:maybe"]}}, "factors"),
    ({"targeting": {"factors": ["smokng:yes"]}}, "factors"),
    ({"targeting": {}}, "factors"),
    ({"kind": "general"}, "kind"),
    ({"kind": "test"}, "tests"),
    ({"targeting": {"factors": ["hbv:unknown"], "min_age": 60, "max_age": 50}}, "min_age"),
    ({"texts": {"zh-CN": {"title": ""}, "en": {"title": " "}}}, "texts"),
])
def test_targeting_is_checked_against_the_engine_vocabulary(ctx, changes, field):
    with pytest.raises(InvalidArticleError) as raised:
        service.create_article("salt", content(**changes), EDITOR)
    assert field in raised.value.details
    assert counts() == (0, 0)


def test_an_article_complete_in_no_language_cannot_be_published(ctx):
    partial = content(texts={"zh-CN": {"title": "只有标题"}, "en": {"title": "Title only"}})
    service.create_article("salt", partial, EDITOR)
    with pytest.raises(InvalidArticleError):
        service.publish_article("salt", EDITOR)
    assert service.get_article("salt").status == "draft"


def test_list_flags_missing_translations(ctx):
    service.create_article("salt", content(texts={"zh-CN": content()["texts"]["zh-CN"],
                                                  "en": {"title": "Salt"}}), EDITOR)
    service.publish_article("salt", EDITOR)
    [(article, latest, published)] = service.list_articles()
    assert published.missing_languages() == ["en"] and latest is published


def test_starter_library_loads_published_and_again_changes_nothing(ctx):
    first = load_starter_library()
    assert first == {"created": 22, "updated": 0, "unchanged": 0, "kept": 0}
    assert counts() == (22, 22)
    assert load_starter_library() == {"created": 0, "updated": 0, "unchanged": 22, "kept": 0}
    assert counts() == (22, 22)
    assert len(reading.published_articles("zh-CN")) == len(reading.published_articles("en")) == 22


def test_a_changed_starter_file_updates_only_articles_no_editor_touched(ctx, tmp_path):
    for path in STARTER_DIR.glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    load_starter_library(tmp_path)
    service.save_article("alcohol", content_of("alcohol", title_en="Edited by staff"), EDITOR)
    service.unpublish_article("diabetes", EDITOR)
    for name in ("alcohol.toml", "diabetes.toml", "colonoscopy.toml"):
        path = tmp_path / name
        path.write_text(path.read_text(encoding="utf-8").replace(
            '[en]\ntitle = "', '[en]\ntitle = "Updated: '), encoding="utf-8")
    assert load_starter_library(tmp_path) == {"created": 0, "updated": 1, "unchanged": 19, "kept": 2}
    assert reading.published_article("colonoscopy", "en")["title"].startswith("Updated: ")
    assert service.get_article("colonoscopy").latest_number == 2
    assert service.get_version(service.get_article("alcohol")).text("en", "title") == "Edited by staff"
    assert service.get_article("diabetes").status == "unpublished"
    assert counts() == (22, 24)


def content_of(slug, title_en):
    data = service.content_of(service.get_version(service.get_article(slug)))
    data["texts"]["en"]["title"] = title_en
    return data
