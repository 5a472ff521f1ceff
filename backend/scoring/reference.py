"""The literature reference the models are built from: factors, levels, prevalences, incidence.

Everything the scoring engine calls a "factor" or a "level" is named here, read from
``models/reference/reference.json`` (with its sources and evidence tags) and the replaceable
incidence table ``models/reference/incidence.csv``. Pure Python: no Flask, no scikit-learn.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from backend.scoring.vocabulary import CANCERS

PROJECT_ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = PROJECT_ROOT / "models" / "reference"
REFERENCE_PATH = REFERENCE_DIR / "reference.json"
INCIDENCE_PATH = REFERENCE_DIR / "incidence.csv"

SEXES = ("male", "female")
MIN_MODEL_AGE, MAX_MODEL_AGE = 40, 74


class ReferenceError(ValueError):
    """The reference or incidence file is missing something the models need."""


@dataclass(frozen=True)
class Level:
    """One level of a factor, with its relative risk and prevalence per sex."""

    name: str
    rr: dict[str, float]
    prevalence: dict[str, float]


@dataclass(frozen=True)
class Factor:
    """A reference risk factor; the first level is the unexposed reference (RR 1)."""

    id: str
    definition: str
    sources: str
    levels: tuple[Level, ...]
    applies_when: dict | None = None

    @property
    def level_names(self) -> tuple[str, ...]:
        return tuple(level.name for level in self.levels)

    def mean_rr(self, sex: str) -> float:
        """Prevalence-weighted mean RR: what an unknown answer contributes (reference rule)."""
        return sum(level.prevalence[sex] * level.rr[sex] for level in self.levels)

    def applies(self, factors: dict) -> bool:
        """False when the factor is defined for a sub-group the person is known not to be in."""
        if not self.applies_when:
            return True
        value = factors.get(self.applies_when["factor"])
        return value is None or value in self.applies_when["levels"]


@dataclass(frozen=True)
class CancerReference:
    """The reference for one cancer: who it applies to, its factors and flagged shares."""

    name: str
    sexes: tuple[str, ...]
    factors: tuple[Factor, ...]
    flagged_share_range: tuple[float, float]

    def factor(self, factor_id: str) -> Factor:
        for factor in self.factors:
            if factor.id == factor_id:
                return factor
        raise KeyError(factor_id)


@dataclass(frozen=True)
class Reference:
    """The whole reference document plus the incidence table it is paired with."""

    version: str
    age_bands: tuple[str, ...]
    age_shares: tuple[float, ...]
    cancers: dict[str, CancerReference]
    incidence: dict[tuple[str, str, str], float]
    raw: dict

    def rate(self, cancer: str, sex: str, band: str) -> float:
        """Annual incidence per person (not per 100,000)."""
        return self.incidence[(cancer, sex, band)] / 100_000


def age_band(age: int, bands: tuple[str, ...] | None = None) -> str | None:
    """The 5-year band ``'40-44'`` … ``'70-74'`` holding ``age``, or None outside 40–74."""
    if age is None or not MIN_MODEL_AGE <= age <= MAX_MODEL_AGE:
        return None
    start = MIN_MODEL_AGE + 5 * ((int(age) - MIN_MODEL_AGE) // 5)
    return f"{start}-{start + 4}"


def _parse_factor(raw: dict) -> Factor:
    levels = tuple(Level(lv["level"], lv["rr"], lv["prevalence"]) for lv in raw["levels"])
    if levels[0].rr and any(abs(v - 1.0) > 1e-12 for v in levels[0].rr.values()):
        raise ReferenceError(f"factor {raw['id']}: first level must be the reference (RR 1)")
    return Factor(raw["id"], raw["definition"], raw["sources"], levels, raw.get("applies_when"))


def read_incidence(path: Path | str) -> dict[tuple[str, str, str], float]:
    """Read an incidence CSV (cancer, sex, age_band, rate_per_100000) into a lookup."""
    table = {}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"cancer", "sex", "age_band", "rate_per_100000"} - set(reader.fieldnames or ())
        if missing:
            raise ReferenceError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for line_no, row in enumerate(reader, start=2):
            try:
                rate = float(row["rate_per_100000"])
            except ValueError:
                raise ReferenceError(f"{path}:{line_no}: rate is not a number") from None
            if rate <= 0:
                raise ReferenceError(f"{path}:{line_no}: rate must be positive")
            table[(row["cancer"], row["sex"], row["age_band"])] = rate
    return table


def _check_incidence(reference: Reference, path) -> None:
    for cancer in reference.cancers.values():
        for sex in cancer.sexes:
            for band in reference.age_bands:
                if (cancer.name, sex, band) not in reference.incidence:
                    raise ReferenceError(f"{path}: no rate for {cancer.name} {sex} {band}")


def load_reference(reference_path=REFERENCE_PATH, incidence_path=INCIDENCE_PATH) -> Reference:
    """Load and check the reference document and an incidence table."""
    raw = json.loads(Path(reference_path).read_text(encoding="utf-8"))
    cancers = {
        name: CancerReference(
            name, tuple(c["sexes"]), tuple(_parse_factor(f) for f in c["factors"]),
            tuple(c["flagged_share_observed"]["range"]))
        for name, c in raw["cancers"].items()
    }
    reference = Reference(
        raw["version"], tuple(raw["age_bands"]),
        tuple(raw["population_age_share_40_74"]["shares"]), cancers,
        read_incidence(incidence_path), raw)
    _check_incidence(reference, incidence_path)
    return reference


@lru_cache(maxsize=1)
def default_reference() -> Reference:
    """The reference shipped in the repository (cached: it never changes while running)."""
    return load_reference()
