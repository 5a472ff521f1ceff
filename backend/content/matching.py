"""Which published articles a resident's result links to, most relevant first. Pure Python.

``match_articles(result, factors, articles)`` takes the stored, language-neutral result
(``backend.scoring.assess.assess``), the resident's factor levels per cancer
(``Profile.factors``: ``{cancer: {factor: level or None}}``) and the articles published and
complete in the reader's language, and returns their slugs in this order, each slug once, in
the first group it qualifies for:

1. symptoms articles, when the resident reported a red-flag symptom (a doctor comes first),
   and articles on a finding the resident has (a red flag; a tumour marker above the
   laboratory's limit, which needs explaining before anything else);
2. articles on the tests the resident is referred to, in the result's order (its most urgent
   cancer first), then tests that go with them (a yearly FIT between colonoscopies);
3. articles on a cancer the resident is at high risk of, then 4. at raised risk;
5. articles on a factor level the resident has, largest effect on the odds first (the result's
   ``raised_by``; levels that do not raise a modelled risk come after those that do);
6. articles on a factor the resident does not know ("hbv:unknown": get tested);
7. untargeted articles shown to everyone: general prevention, then results, then symptoms.

Sex and age limits always apply. Within a group, ties go by slug so the order is stable.

Targeting is any-of (``"match": "any"``, the default): one list the resident meets is enough
(within a list, one entry is). With ``"match": "all"`` every list the article fills in
(factors, cancers and bands, tests, findings) must be met; the group is then as above.
"""
from __future__ import annotations

from dataclasses import dataclass

from backend.scoring.assess import band_of
from backend.scoring.vocabulary import CANCERS, SEXES, TESTS  # noqa: F401  (targeting codes)

KINDS = ("factor", "test", "result", "symptoms", "general")
# Bands an article may target: "average" is everyone's, so not a target.
BANDS = ("raised", "high")
# Findings of a result (its keys) that an article may be about; present when non-empty.
FINDINGS = ("red_flags", "tumour_markers_above_limit")
UNKNOWN = "unknown"
# The colorectal referral's interval says "a FIT stool test every year in between"
# (backend.scoring.guidelines.SCREENING), so the FIT article belongs with colonoscopy.
RELATED_TESTS = {"colonoscopy": ("fit",)}
UNTARGETED_KIND_ORDER = {"general": 0, "result": 1, "symptoms": 2}
MATCHES = ("any", "all")

RED_FLAG, TEST, HIGH, RAISED, FACTOR, UNKNOWN_FACTOR, GENERAL = range(7)


@dataclass(frozen=True)
class ArticleTarget:
    """What matching needs to know about one published article."""

    slug: str
    kind: str
    factors: tuple[str, ...] = ()
    cancers: tuple[str, ...] = ()
    bands: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()
    sexes: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    min_age: int | None = None
    max_age: int | None = None
    match: str = "any"

    @classmethod
    def from_targeting(cls, slug: str, kind: str, targeting: dict) -> "ArticleTarget":
        """From a stored version's ``targeting`` dict (lists may be missing)."""
        lists = {key: tuple(targeting.get(key) or ()) for key in
                 ("factors", "cancers", "bands", "tests", "sexes", "findings")}
        return cls(slug, kind, **lists, min_age=targeting.get("min_age"),
                   max_age=targeting.get("max_age"), match=targeting.get("match") or "any")

    @property
    def untargeted(self) -> bool:
        return not (self.factors or self.cancers or self.bands or self.tests or self.findings)


def referral_tests(result: dict) -> list[str]:
    """Test codes the result refers to, most urgent cancer first, then related tests."""
    tests = [t for c in result["cancers"] if c.get("referral") for t in c["referral"]["tests"]]
    tests += [r for t in tests for r in RELATED_TESTS.get(t, ())]
    return list(dict.fromkeys(tests))


def _levels(factors: dict) -> tuple[dict[str, set[str]], set[str]]:
    """(known levels by factor id over all cancers, factor ids with no known level)."""
    known: dict[str, set[str]] = {}
    asked: set[str] = set()
    for levels in factors.values():
        for factor, level in levels.items():
            asked.add(factor)
            if level is not None:
                known.setdefault(factor, set()).add(level)
    return known, asked - set(known)


def _effects(result: dict) -> dict[tuple[str, str], float]:
    """Largest odds ratio of each (factor, level) in the result's reasons."""
    effects: dict[tuple[str, str], float] = {}
    for cancer in result["cancers"]:
        for item in cancer.get("raised_by", ()):
            key = (item["factor"], item["level"])
            effects[key] = max(effects.get(key, 0.0), item["effect"])
    return effects


class _Resident:
    """The facts about one resident that matching reads, computed once."""

    def __init__(self, result: dict, factors: dict):
        self.sex, self.age = result["sex"], result["age"]
        self.red_flag = bool(result.get("red_flags"))
        self.findings = {finding for finding in FINDINGS if result.get(finding)}
        self.tests = referral_tests(result)
        self.bands = [(c["cancer"], band_of(c)) for c in result["cancers"]]
        self.known, self.unknown = _levels(factors)
        self.effects = _effects(result)

    def allowed(self, article: ArticleTarget) -> bool:
        if article.sexes and self.sex not in article.sexes:
            return False
        if article.min_age is not None and self.age < article.min_age:
            return False
        return article.max_age is None or self.age <= article.max_age


def _cancer_rank(article: ArticleTarget, resident: _Resident, band: str) -> int | None:
    bands = article.bands or BANDS
    if band not in bands:
        return None
    for index, (cancer, cancer_band) in enumerate(resident.bands):
        if cancer_band == band and (not article.cancers or cancer in article.cancers):
            return index
    return None


def _factor_rank(article: ArticleTarget, resident: _Resident) -> tuple[int, float] | None:
    found, unknown = [], False
    for target in article.factors:
        factor, _, level = target.partition(":")
        if level == UNKNOWN:
            unknown = unknown or factor in resident.unknown
        elif level in resident.known.get(factor, ()):
            found.append(resident.effects.get((factor, level), 0.0))
    if found:
        return FACTOR, -max(found)
    return (UNKNOWN_FACTOR, 0.0) if unknown else None


def _meets_every_list(article: ArticleTarget, resident: _Resident) -> bool:
    """All-of targeting: each list the article fills in is met by the resident."""
    checks = []
    if article.findings:
        checks.append(bool(resident.findings.intersection(article.findings)))
    if article.tests:
        checks.append(any(t in resident.tests for t in article.tests))
    if article.cancers or article.bands:
        checks.append(any(_cancer_rank(article, resident, band) is not None for band in BANDS))
    if article.factors:
        checks.append(_factor_rank(article, resident) is not None)
    return all(checks)


def _group(article: ArticleTarget, resident: _Resident) -> tuple[int, float] | None:
    """(group, rank within it) of the first group the article belongs to, or None."""
    if article.match == "all" and not _meets_every_list(article, resident):
        return None
    if article.kind == "symptoms" and resident.red_flag:
        return RED_FLAG, 0
    if resident.findings.intersection(article.findings):
        return RED_FLAG, 1
    test_ranks = [resident.tests.index(t) for t in article.tests if t in resident.tests]
    if test_ranks:
        return TEST, min(test_ranks)
    if article.cancers or article.bands:
        for group, band in ((HIGH, "high"), (RAISED, "raised")):
            rank = _cancer_rank(article, resident, band)
            if rank is not None:
                return group, rank
    if article.factors:
        return _factor_rank(article, resident)
    if article.untargeted:
        return GENERAL, UNTARGETED_KIND_ORDER.get(article.kind, len(UNTARGETED_KIND_ORDER))
    return None


def match_articles(result: dict, factors: dict, articles) -> list[str]:
    """Slugs of ``articles`` (ArticleTarget) that match the resident, most relevant first."""
    resident = _Resident(result, factors)
    ranked = {}
    for article in articles:
        group = _group(article, resident) if resident.allowed(article) else None
        if group is not None and (article.slug not in ranked or group < ranked[article.slug]):
            ranked[article.slug] = group
    return sorted(ranked, key=lambda slug: (*ranked[slug], slug))
