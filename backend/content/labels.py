"""The targeting vocabulary with readable names, for the editors' targeting controls.

Editors choose cancers, risk bands, tests, sexes, findings and reference factor levels; the
codes are what is stored and matched (``backend.content.matching``), the names are what an
editor reads. Cancer, band and test names are the ones residents read in their results
(``backend.assessments.texts``), so an editor targets exactly what a resident is told.
"""
from __future__ import annotations

from backend.content.matching import BANDS, FINDINGS, KINDS, UNKNOWN
from backend.content.service import factor_levels
from backend.i18n import translate
from backend.scoring.vocabulary import (BAND_NAMES, CANCER_NAMES, CANCERS, LEVEL_TEXTS, N_, SEXES,
                                        TEST_NAMES, TESTS)
from backend.scoring.reference import default_reference

KIND_NAMES = {
    "factor": N_("Risk factor: for residents with chosen risk factor levels"),
    "test": N_("Screening test: for residents referred to a chosen test"),
    "result": N_("Result: for residents with a chosen risk band or finding"),
    "symptoms": N_("Symptoms: for everyone, first for residents with a warning symptom"),
    "general": N_("General: for everyone"),
}
SEX_NAMES = {"male": N_("Men"), "female": N_("Women")}
FINDING_NAMES = {
    "red_flags": N_("Reported a warning symptom"),
    "tumour_markers_above_limit": N_("A tumour marker above the laboratory's upper limit"),
}
# Most factors are named by the resident-facing text of their "yes" level; these are not.
FACTOR_NAMES = {
    "smoking": N_("Smoking (amount, or years since quitting)"),
    "current_smoking": N_("Smokes now"),
    "ever_smoking": N_("Has ever smoked"),
    "heavy_drinking": N_("Alcohol"),
}
LEVEL_NAMES = {
    "yes": N_("Yes"), "no": N_("No"), UNKNOWN: N_("Not known (never tested, or not sure)"),
    "never": N_("Never smoked"),
    "former_quit_15y_or_more": N_("Quit 15 or more years ago"),
    "former_quit_under_15y": N_("Quit less than 15 years ago"),
    "current_under_20_pack_years": N_("Smokes, under 20 pack-years"),
    "current_20_to_29_pack_years": N_("Smokes, 20 to 29 pack-years"),
    "current_30_pack_years_or_more": N_("Smokes, 30 pack-years or more"),
    "none": N_("Does not drink regularly"),
    "moderate": N_("Drinks regularly, under 50 g of alcohol a day"),
    "heavy": N_("50 g of alcohol a day or more"),
}


def _named(codes, names: dict, language: str) -> list[dict]:
    return [{"code": code, "label": translate(language, names[code])} for code in codes]


def _factor_cancers() -> dict[str, list[str]]:
    """Which cancers' models use each factor, in the usual cancer order."""
    found: dict[str, list[str]] = {}
    for cancer in CANCERS:
        for factor in default_reference().cancers[cancer].factors:
            found.setdefault(factor.id, []).append(cancer)
    return found


def _level_order(level: str) -> tuple[int, str]:
    """Levels that raise a risk first, then no/never/none, then unknown."""
    rank = 2 if level == UNKNOWN else 1 if level in ("no", "never", "none") else 0
    return rank, level


def _factors(language: str) -> list[dict]:
    cancers = _factor_cancers()
    factors = []
    for factor, levels in factor_levels().items():
        name = FACTOR_NAMES.get(factor) or LEVEL_TEXTS[(factor, "yes")]
        factors.append({"code": factor, "label": translate(language, name),
                        "cancers": cancers.get(factor, []),
                        "levels": _named(sorted(levels, key=_level_order), LEVEL_NAMES, language)})
    return sorted(factors, key=lambda f: (CANCERS.index(f["cancers"][0]), f["code"]))


def targeting_options(language: str) -> dict:
    """Every code an article may be targeted at, with its name in ``language``."""
    return {"kinds": _named(KINDS, KIND_NAMES, language),
            "cancers": _named(CANCERS, CANCER_NAMES, language),
            "bands": _named(BANDS, BAND_NAMES, language),
            "tests": _named(TESTS, TEST_NAMES, language),
            "sexes": _named(SEXES, SEX_NAMES, language),
            "findings": _named(FINDINGS, FINDING_NAMES, language),
            "factors": _factors(language)}
