"""Checks of the starter library of advice articles (``backend/content/starter/*.toml``).

Pure file checks with ``tomllib``: no Flask, no database. They guard the format the content loader
expects, the targeting vocabulary fixed by the scoring engine, and the language rules of the
health-education style guide (no half-Chinese, half-English text).
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

STARTER = Path(__file__).resolve().parents[2] / "backend" / "content" / "starter"
FILES = sorted(STARTER.glob("*.toml"))

# Factor id -> levels, as fixed by the scoring engine (models/reference). A factor id that appears
# in more than one cancer carries the union of its levels (heavy_drinking is none/moderate/heavy for
# the liver and no/yes for the upper GI tract). Any factor may also be targeted at ``unknown``.
VOCABULARY: dict[str, set[str]] = {
    # lung
    "smoking": {
        "never", "former_quit_15y_or_more", "former_quit_under_15y", "current_under_20_pack_years",
        "current_20_to_29_pack_years", "current_30_pack_years_or_more",
    },
    "passive_smoking_20y": {"no", "yes"},
    "cooking_fumes": {"no", "yes"},
    "copd": {"no", "yes"},
    "tuberculosis_history": {"no", "yes"},
    "occupational_exposure": {"no", "yes"},
    "family_history_lung": {"no", "yes"},
    # breast
    "family_history_breast": {"no", "yes"},
    "early_menarche": {"no", "yes"},
    "late_menopause": {"no", "yes"},
    "late_or_no_first_birth": {"no", "yes"},
    "no_breastfeeding": {"no", "yes"},
    "benign_breast_biopsy": {"no", "yes"},
    "combined_hrt": {"no", "yes"},
    "obesity": {"no", "yes"},
    # liver
    "hbv": {"no", "yes"},
    "hcv": {"no", "yes"},
    "cirrhosis": {"no", "yes"},
    "heavy_drinking": {"none", "moderate", "heavy", "no", "yes"},
    "diabetes": {"no", "yes"},
    "family_history_liver": {"no", "yes"},
    "current_smoking": {"no", "yes"},
    # upper GI
    "h_pylori": {"no", "yes"},
    "precancerous_lesion": {"no", "yes"},
    "family_history_upper_gi": {"no", "yes"},
    "pickled_food": {"no", "yes"},
    "hot_food": {"no", "yes"},
    "salty_diet": {"no", "yes"},
    # colorectal
    "family_history_colorectal": {"no", "yes"},
    "polyp_or_colitis_history": {"no", "yes"},
    "bowel_history_two_or_more": {"no", "yes"},
    "ever_smoking": {"no", "yes"},
    "weekly_drinking": {"no", "yes"},
    "processed_meat": {"no", "yes"},
    "physically_inactive": {"no", "yes"},
}
UNKNOWN = "unknown"

KINDS = {"factor", "test", "result", "symptoms", "general"}
CANCERS = {"lung", "breast", "liver", "upper_gi", "colorectal"}
BANDS = {"raised", "high"}
TESTS = {
    "ldct", "breast_ultrasound", "mammography", "liver_ultrasound_afp", "upper_endoscopy",
    "colonoscopy", "fit",
}
SEXES = {"male", "female"}
FINDINGS = {"red_flags", "tumour_markers_above_limit"}
LANGUAGES = ("zh-CN", "en")
TOP_LEVEL_KEYS = {"slug", "kind", "factors", "cancers", "bands", "tests", "sexes", "sources", *LANGUAGES}
AGE_KEYS = {"min_age", "max_age"}
OPTIONAL_KEYS = AGE_KEYS | {"findings"}
TARGET_LISTS = ("factors", "cancers", "bands", "tests", "sexes")

# The topics the brief requires, by slug.
REQUIRED_SLUGS = {
    # one per modifiable factor
    "quit-smoking", "passive-smoking", "alcohol", "kitchen-ventilation", "salt-and-pickled-food",
    "hot-food-and-drink", "processed-meat", "physical-activity", "healthy-weight", "h-pylori",
    "hepatitis-b", "diabetes",
    # one per screening test
    "low-dose-ct", "breast-screening", "liver-ultrasound-afp", "gastroscopy", "colonoscopy",
    "fit-stool-test",
    # result, symptoms, general
    "high-risk-result", "red-flag-symptoms", "lower-your-cancer-risk",
}

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CJK_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff00-\uffef]")  # full-width marks such as ，。；：（）
URL = re.compile(r"https?://\S+")
# A run of English: ASCII letters joined by spaces or light punctuation, starting and ending on a letter.
ASCII_RUN = re.compile(r"[A-Za-z][A-Za-z ,.'/-]*[A-Za-z]")
MAX_ASCII_RUN = 25  # room for abbreviations such as "HBsAg", "H. pylori" or "CA19-9", not sentences
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def load(path: Path) -> dict:
    """Parse one article file."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


ARTICLES = {path.stem: load(path) for path in FILES}


def english_words(text: str) -> int:
    """Words in an English body (tokens holding a letter or digit)."""
    return sum(1 for token in text.split() if re.search(r"[A-Za-z0-9]", token))


def chinese_length(text: str) -> int:
    """Characters in a Chinese body, not counting white space."""
    return len(re.sub(r"\s", "", text))


def test_library_is_not_empty_and_every_file_parses():
    assert FILES, f"no articles in {STARTER}"
    assert set(ARTICLES) == {path.stem for path in FILES}


def test_required_topics_exist():
    missing = REQUIRED_SLUGS - set(ARTICLES)
    assert not missing, f"missing articles: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_keys_and_slug(name):
    article = ARTICLES[name]
    missing = TOP_LEVEL_KEYS - set(article)
    assert not missing, f"{name}: missing keys {sorted(missing)}"
    unexpected = set(article) - TOP_LEVEL_KEYS - OPTIONAL_KEYS
    assert not unexpected, f"{name}: unexpected keys {sorted(unexpected)}"
    assert article["slug"] == name, f"{name}: slug {article['slug']!r} differs from the file name"
    assert SLUG.match(article["slug"]), f"{name}: slug is not kebab-case"
    assert article["kind"] in KINDS, f"{name}: kind {article['kind']!r}"
    for key in AGE_KEYS & set(article):
        assert isinstance(article[key], int) and 18 <= article[key] <= 120, f"{name}: {key}"
    if "min_age" in article and "max_age" in article:
        assert article["min_age"] <= article["max_age"], f"{name}: min_age above max_age"


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_targeting_uses_the_vocabulary(name):
    article = ARTICLES[name]
    for key in TARGET_LISTS:
        values = article[key]
        assert isinstance(values, list) and all(isinstance(v, str) for v in values), f"{name}: {key}"
        assert len(values) == len(set(values)), f"{name}: duplicate {key}"
    for target in article["factors"]:
        factor, sep, level = target.partition(":")
        assert sep, f"{name}: factor target {target!r} is not 'factor:level'"
        assert factor in VOCABULARY, f"{name}: unknown factor {factor!r}"
        assert level in VOCABULARY[factor] | {UNKNOWN}, f"{name}: unknown level {target!r}"
    assert set(article["cancers"]) <= CANCERS, f"{name}: cancers {article['cancers']}"
    assert set(article["bands"]) <= BANDS, f"{name}: bands {article['bands']}"
    assert set(article["tests"]) <= TESTS, f"{name}: tests {article['tests']}"
    assert set(article["sexes"]) <= SEXES, f"{name}: sexes {article['sexes']}"
    assert set(article.get("findings", [])) <= FINDINGS, f"{name}: findings {article.get('findings')}"
    if article["bands"]:
        assert article["cancers"], f"{name}: bands need cancers to say which cancer is at that band"


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_kind_matches_targeting(name):
    article = ARTICLES[name]
    kind = article["kind"]
    if kind == "factor":
        assert article["factors"], f"{name}: a factor article targets factor levels"
    if kind == "test":
        assert article["tests"], f"{name}: a test article targets tests"
    if kind in {"symptoms", "general"}:
        assert not any(article.get(key) for key in (*TARGET_LISTS, "findings")), \
            f"{name}: {kind} articles have no targeting"


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_sources(name):
    sources = ARTICLES[name]["sources"]
    assert isinstance(sources, list) and sources, f"{name}: at least one source"
    for source in sources:
        assert set(source) <= {"title", "publisher", "url"}, f"{name}: source keys {sorted(source)}"
        assert source.get("title", "").strip(), f"{name}: source without title"
        assert source.get("publisher", "").strip(), f"{name}: source without publisher"
        if "url" in source:
            assert re.fullmatch(r"https?://\S+", source["url"]), f"{name}: bad url {source['url']!r}"


@pytest.mark.parametrize("name", sorted(ARTICLES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_both_languages_complete(name, language):
    text = ARTICLES[name][language]
    assert set(text) == {"title", "summary", "body"}, f"{name}/{language}: keys {sorted(text)}"
    for key in ("title", "summary", "body"):
        assert isinstance(text[key], str) and text[key].strip(), f"{name}/{language}: empty {key}"
    body = text["body"]
    assert "## " in body, f"{name}/{language}: body has no heading"
    assert not HTML_TAG.search(body), f"{name}/{language}: raw HTML in body"
    assert "![" not in body, f"{name}/{language}: image in body"
    assert "](" not in body, f"{name}/{language}: links belong in [[sources]], not in the body"
    last_line = body.strip().splitlines()[-1]
    marker = "来源" if language == "zh-CN" else "Sources"
    assert marker in last_line, f"{name}/{language}: body must end with a sources line"


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_chinese_is_chinese(name):
    for key in ("title", "summary", "body"):
        text = ARTICLES[name]["zh-CN"][key]
        assert CJK.search(text), f"{name}: Chinese {key} has no Chinese characters"
        for run in ASCII_RUN.findall(URL.sub(" ", text)):
            assert len(run) <= MAX_ASCII_RUN, f"{name}: English run in Chinese {key}: {run!r}"


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_english_is_english(name):
    for key in ("title", "summary", "body"):
        text = ARTICLES[name]["en"][key]
        assert not CJK.search(text), f"{name}: Chinese characters in English {key}"
        assert not CJK_PUNCTUATION.search(text), f"{name}: full-width punctuation in English {key}"


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_body_lengths(name):
    words = english_words(ARTICLES[name]["en"]["body"])
    assert 150 <= words <= 450, f"{name}: English body has {words} words (150-450)"
    characters = chinese_length(ARTICLES[name]["zh-CN"]["body"])
    assert 250 <= characters <= 700, f"{name}: Chinese body has {characters} characters (250-700)"


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_both_languages_have_the_same_sections(name):
    """The two versions say the same things: as a cheap proxy, they have as many sections."""
    counts = [len(re.findall(r"^## ", ARTICLES[name][language]["body"], re.MULTILINE))
              for language in LANGUAGES]
    assert counts[0] == counts[1], f"{name}: {counts[0]} Chinese sections, {counts[1]} English sections"
