"""Matching articles to a result: the relevance order, no duplicates, limits (pure, no app)."""
from __future__ import annotations

import tomllib
from pathlib import Path

from backend.content.matching import TESTS, ArticleTarget, match_articles, referral_tests

STARTER = Path(__file__).resolve().parents[2] / "backend" / "content" / "starter"


# A band as the result states it: "high" screening recommended, "raised" a higher risk than
# the same-age average (backend.scoring.assess.band_of).
STATEMENTS = {"high": ("recommended", "higher"), "raised": ("not_needed", "higher"),
              "average": ("not_needed", "about_average")}


def cancer(name, band="average", raised_by=(), tests=None):
    status, comparison = STATEMENTS[band]
    return {"cancer": name, "status": status, "comparison": comparison,
            "raised_by": [{"factor": f, "level": lv, "effect": e} for f, lv, e in raised_by],
            "referral": {"tests": list(tests)} if tests else None}


def result(*cancers, sex="female", age=58, red_flags=(), markers=()):
    return {"sex": sex, "age": age, "red_flags": list(red_flags), "cancers": list(cancers),
            "tumour_markers_above_limit": [{"marker": m, "value": 30.0, "upper_limit": 20.0}
                                           for m in markers]}


def article(slug, kind="factor", **targeting):
    return ArticleTarget.from_targeting(slug, kind, targeting)


GENERAL = article("prevention", "general")
SYMPTOMS = article("symptoms", "symptoms")


def test_red_flag_article_comes_first_only_when_a_symptom_is_reported():
    articles = [GENERAL, SYMPTOMS, article("mammo", "test", tests=["mammography"])]
    breast = cancer("breast", "high", tests=["breast_ultrasound", "mammography"])
    assert match_articles(result(breast, red_flags=["jaundice"]), {}, articles) == \
        ["symptoms", "mammo", "prevention"]
    assert match_articles(result(breast), {}, articles) == ["mammo", "prevention", "symptoms"]


def test_full_relevance_order():
    res = result(cancer("breast", "high", [("family_history_breast", "yes", 2.1)],
                        tests=["breast_ultrasound", "mammography"]),
                 cancer("liver", "raised", [("heavy_drinking", "moderate", 1.3)]),
                 cancer("colorectal", "average", [("obesity", "yes", 1.4)]),
                 red_flags=["weight_loss"])
    factors = {"breast": {"obesity": "yes"}, "liver": {"hbv": None, "heavy_drinking": "moderate"},
               "colorectal": {"obesity": "yes"}}
    articles = [
        GENERAL, SYMPTOMS,
        article("ultrasound", "test", tests=["breast_ultrasound"]),
        article("high-result", "result", cancers=["breast", "liver"], bands=["high"]),
        article("liver-raised", "result", cancers=["liver"]),
        article("alcohol", factors=["heavy_drinking:moderate"]),
        article("weight", factors=["obesity:yes"]),
        article("hep-b", factors=["hbv:yes", "hbv:unknown"]),
    ]
    assert match_articles(res, factors, articles) == [
        "symptoms", "ultrasound", "high-result", "liver-raised", "weight", "alcohol", "hep-b",
        "prevention"]


def test_tests_follow_the_result_order_and_fit_goes_with_colonoscopy():
    res = result(cancer("lung", "high", tests=["ldct"]),
                 cancer("colorectal", "high", tests=["colonoscopy"]), sex="male", age=62)
    assert referral_tests(res) == ["ldct", "colonoscopy", "fit"]
    articles = [article(slug, "test", tests=[test]) for slug, test in
                (("a-fit", "fit"), ("b-colon", "colonoscopy"), ("c-ct", "ldct"),
                 ("d-gastro", "upper_endoscopy"))]
    assert match_articles(res, {}, articles) == ["c-ct", "b-colon", "a-fit"]


def test_cancer_articles_need_raised_or_high_and_high_comes_first():
    articles = [article("any-band", "result", cancers=["lung", "liver"]),
                article("high-only", "result", cancers=["lung", "liver"], bands=["high"]),
                article("raised-any-cancer", "result", bands=["raised"])]
    raised = result(cancer("lung", "raised"), cancer("liver", "average"), sex="male")
    assert match_articles(raised, {}, articles) == ["any-band", "raised-any-cancer"]
    average = result(cancer("lung", "average"), sex="male")
    assert match_articles(average, {}, articles) == []
    high = result(cancer("liver", "high"), cancer("lung", "raised"), sex="male")
    assert match_articles(high, {}, articles) == ["any-band", "high-only", "raised-any-cancer"]


def test_factor_articles_by_largest_effect_then_levels_that_raise_nothing_modelled():
    res = result(cancer("lung", "average", [("cooking_fumes", "yes", 1.2), ("smoking",
                 "current_30_pack_years_or_more", 9.5)]), cancer("upper_gi", "average",
                 [("hot_food", "yes", 1.9)]), sex="male", age=62)
    factors = {"lung": {"smoking": "current_30_pack_years_or_more", "cooking_fumes": "yes"},
               "upper_gi": {"hot_food": "yes", "salty_diet": "yes"},
               "colorectal": {"ever_smoking": "yes"}}
    articles = [article("fumes", factors=["cooking_fumes:yes"]),
                article("salt", factors=["salty_diet:yes"]),
                article("hot", factors=["hot_food:yes"]),
                article("smoke", factors=["smoking:current_30_pack_years_or_more", "ever_smoking:yes"]),
                article("never", factors=["smoking:never"])]
    assert match_articles(res, factors, articles) == ["smoke", "hot", "fumes", "salt"]


def test_unknown_means_no_known_level_in_any_cancer():
    articles = [article("hp", factors=["h_pylori:yes", "h_pylori:unknown"]),
                article("drink", factors=["heavy_drinking:unknown"])]
    factors = {"upper_gi": {"h_pylori": None, "heavy_drinking": "no"},
               "liver": {"heavy_drinking": None}}
    assert match_articles(result(sex="male"), factors, articles) == ["hp"]
    infected = {"upper_gi": {"h_pylori": "yes"}}
    res = result(cancer("upper_gi", "average", [("h_pylori", "yes", 2.0)]), sex="male")
    assert match_articles(res, infected, articles + [article("z", factors=["hot_food:yes"])]) == ["hp"]


def test_an_article_appears_once_in_its_best_group():
    res = result(cancer("lung", "high", [("smoking", "current_30_pack_years_or_more", 9)],
                        tests=["ldct"]), sex="male", age=62)
    both = article("ldct-and-smoking", "test", tests=["ldct"], cancers=["lung"],
                   factors=["smoking:current_30_pack_years_or_more"])
    slugs = match_articles(res, {"lung": {"smoking": "current_30_pack_years_or_more"}},
                           [both, both, GENERAL])
    assert slugs == ["ldct-and-smoking", "prevention"]


def test_sex_and_age_limits_always_apply():
    articles = [article("women", "general", sexes=["female"]),
                article("over-45", "result", min_age=45), article("under-50", "general", max_age=50)]
    assert match_articles(result(sex="male", age=44), {}, articles) == ["under-50"]
    assert match_articles(result(sex="female", age=50), {}, articles) == \
        ["under-50", "women", "over-45"]
    assert match_articles(result(sex="female", age=51), {}, articles) == ["women", "over-45"]


def test_targeted_articles_that_match_nothing_are_left_out():
    articles = [article("gastro", "test", tests=["upper_endoscopy"]),
                article("copd", factors=["copd:yes"])]
    assert match_articles(result(cancer("breast")), {"lung": {"copd": "no"}}, articles) == []


def test_every_test_a_referral_can_name_is_in_the_vocabulary_with_a_name():
    from backend.scoring.guidelines import SCREENING, screening_for
    from backend.scoring.vocabulary import TEST_NAMES

    assert set(TESTS) == set(TEST_NAMES)
    referred = {t for s in SCREENING.values() for t in s.tests}
    referred |= set(screening_for("breast", 40).tests) | set(screening_for("breast", 50).tests)
    assert referred <= set(TESTS)


def test_the_starter_library_for_a_high_risk_smoker_with_a_cough():
    library = []
    for path in sorted(STARTER.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        library.append(ArticleTarget.from_targeting(data["slug"], data["kind"], data))
    res = result(cancer("lung", "high", [("smoking", "current_30_pack_years_or_more", 9.5)],
                        tests=["ldct"]),
                 cancer("upper_gi", "high", [("hot_food", "yes", 1.9)], tests=["upper_endoscopy"]),
                 cancer("liver", "average"), sex="male", age=62, red_flags=["cough_over_3_weeks"])
    factors = {"lung": {"smoking": "current_30_pack_years_or_more"},
               "upper_gi": {"hot_food": "yes", "h_pylori": None, "current_smoking": "yes"},
               "liver": {"hbv": "no", "current_smoking": "yes"}}
    slugs = match_articles(res, factors, library)
    assert slugs[:5] == ["red-flag-symptoms", "low-dose-ct", "gastroscopy", "high-risk-result",
                         "quit-smoking"]
    assert slugs.index("hot-food-and-drink") < slugs.index("h-pylori") < \
        slugs.index("lower-your-cancer-risk")
    assert "hepatitis-b" not in slugs and "breast-screening" not in slugs
    assert "tumour-markers" not in slugs  # no marker above the limit: nothing to explain
    assert len(slugs) == len(set(slugs))


def starter_library():
    library = []
    for path in sorted(STARTER.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        library.append(ArticleTarget.from_targeting(data["slug"], data["kind"], data))
    return library


def test_a_finding_article_comes_right_after_the_symptoms_and_only_with_the_finding():
    markers = article("markers", "result", findings=["tumour_markers_above_limit"])
    articles = [GENERAL, SYMPTOMS, markers, article("mammo", "test", tests=["mammography"])]
    breast = cancer("breast", "high", tests=["mammography"])
    assert match_articles(result(breast, red_flags=["jaundice"], markers=["AFP"]), {}, articles) \
        == ["symptoms", "markers", "mammo", "prevention"]
    assert match_articles(result(breast, markers=["AFP"]), {}, articles) == \
        ["markers", "mammo", "prevention", "symptoms"]
    assert match_articles(result(breast), {}, articles) == ["mammo", "prevention", "symptoms"]


def test_the_starter_tumour_marker_article_follows_a_marker_above_the_limit_at_any_age():
    for age in (41, 62):
        res = result(cancer("liver", "average"), sex="male", age=age, markers=["AFP"])
        slugs = match_articles(res, {"liver": {"hbv": "no"}}, starter_library())
        assert slugs[0] == "tumour-markers", slugs
        assert "tumour-markers" not in match_articles(result(cancer("liver"), sex="male", age=age),
                                                      {"liver": {"hbv": "no"}}, starter_library())
