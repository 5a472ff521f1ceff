"""The simulated reference population: true five-year risks and drawn outcomes.

The generative model is the one stated in the reference file (Harvard Cancer Risk Index form,
made absolute): for a person of sex s in age band a with factor levels k,

    RR = prod_i RR_i(k_i),   RRbar_s = E[RR | s],   h = I(a, s) * RR / RRbar_s,
    five-year risk = 1 - exp(-5 h).

Dividing by the population mean RR makes each age-sex band's average hazard equal the registry
incidence. With independent factors E[RR] is the product of each factor's mean RR; passive
smoking is defined for never smokers only, so the mean is taken over the exact joint
distribution instead (it equals the product wherever the factors are independent).

Residents are exchangeable within an age band x sex cell, so drawing N of them one by one and
counting them by factor pattern is the same, in distribution, as drawing the counts directly:
multinomial over patterns, then binomial outcomes per pattern. ``draw_cohort`` does the latter,
which is how a billion simulated residents fit in a few megabytes; ``draw_residents`` draws
individual rows for the tests and the batch benchmark.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from backend.scoring.reference import CancerReference, Reference

HORIZON_YEARS = 5


@dataclass(frozen=True)
class PatternGrid:
    """Every factor-level combination possible for one cancer and sex, with its probability."""

    codes: np.ndarray  # (patterns, factors) level index per factor
    probability: np.ndarray  # (patterns,)
    rr: np.ndarray  # (patterns,) product of relative risks

    @property
    def mean_rr(self) -> float:
        """RRbar_s: the population mean relative risk for this sex."""
        return float(self.probability @ self.rr)


def pattern_grid(cancer: CancerReference, sex: str) -> PatternGrid:
    """Enumerate level combinations; a factor outside its sub-group is fixed at its first level."""
    names = [f.id for f in cancer.factors]
    codes, probs, rrs = [], [], []
    for combo in itertools.product(*(range(len(f.levels)) for f in cancer.factors)):
        levels = {names[i]: cancer.factors[i].levels[c].name for i, c in enumerate(combo)}
        prob, rr = 1.0, 1.0
        for factor, code in zip(cancer.factors, combo):
            if factor.applies(levels):
                prob *= factor.levels[code].prevalence[sex]
                rr *= factor.levels[code].rr[sex]
            elif code != 0:
                prob = 0.0
        if prob > 0:
            codes.append(combo)
            probs.append(prob)
            rrs.append(rr)
    return PatternGrid(np.array(codes, dtype=np.int8), np.array(probs), np.array(rrs))


def risk_from_hazard(annual_hazard):
    """Five-year risk from a constant annual hazard."""
    return -np.expm1(-HORIZON_YEARS * np.asarray(annual_hazard, dtype=float))


def person_rr(cancer: CancerReference, sex: str, factors: dict) -> float:
    """A person's relative risk; an unknown (None or missing) factor gives its mean RR."""
    rr = 1.0
    for factor in cancer.factors:
        if not factor.applies(factors):
            continue
        level = factors.get(factor.id)
        if level is None:
            rr *= factor.mean_rr(sex)
        else:
            rr *= factor.levels[factor.level_names.index(level)].rr[sex]
    return rr


def true_five_year_risk(reference: Reference, cancer: str, sex: str, band: str,
                        factors: dict) -> float:
    """The generative model's five-year risk for one person (the 'truth' models are fitted to)."""
    ref = reference.cancers[cancer]
    hazard = reference.rate(cancer, sex, band) * person_rr(ref, sex, factors)
    return float(risk_from_hazard(hazard / pattern_grid(ref, sex).mean_rr))


@dataclass(frozen=True)
class Cohort:
    """A simulated cohort counted by (sex, age band, factor pattern)."""

    cancer: str
    sexes: tuple[str, ...]
    bands: tuple[str, ...]
    sex_index: np.ndarray
    band_index: np.ndarray
    codes: np.ndarray
    count: np.ndarray
    cases: np.ndarray
    true_risk: np.ndarray

    @property
    def residents(self) -> int:
        return int(self.count.sum())

    def cases_by_sex(self) -> dict[str, int]:
        return {s: int(self.cases[self.sex_index == i].sum()) for i, s in enumerate(self.sexes)}


def cell_probabilities(reference: Reference, cancer: str) -> np.ndarray:
    """Share of the 40-74 population in each (sex, band) cell, sexes equally common."""
    sexes = reference.cancers[cancer].sexes
    shares = np.array(reference.age_shares) / sum(reference.age_shares)
    return np.concatenate([shares / len(sexes) for _ in sexes])


def _grid_and_risks(reference: Reference, cancer: str):
    """Per sex: the pattern grid and the true risk of each pattern in each band."""
    ref = reference.cancers[cancer]
    out = {}
    for sex in ref.sexes:
        grid = pattern_grid(ref, sex)
        rates = np.array([reference.rate(cancer, sex, b) for b in reference.age_bands])
        out[sex] = (grid, risk_from_hazard(np.outer(rates, grid.rr / grid.mean_rr)))
    return out


def draw_cohort(reference: Reference, cancer: str, residents: int,
                rng: np.random.Generator) -> Cohort:
    """Draw ``residents`` people aged 40-74 and their five-year outcomes, counted by pattern."""
    sexes, bands = reference.cancers[cancer].sexes, reference.age_bands
    grids = _grid_and_risks(reference, cancer)
    cell_counts = rng.multinomial(residents, cell_probabilities(reference, cancer))
    parts = []
    for cell, n in enumerate(cell_counts):
        s, b = divmod(cell, len(bands))
        grid, risks = grids[sexes[s]]
        counts = rng.multinomial(n, grid.probability)
        keep = counts > 0
        cases = rng.binomial(counts[keep], risks[b][keep])
        parts.append((np.full(keep.sum(), s), np.full(keep.sum(), b), grid.codes[keep],
                      counts[keep], cases, risks[b][keep]))
    columns = [np.concatenate(column) for column in zip(*parts)]
    return Cohort(cancer, sexes, bands, *columns)


def draw_residents(reference: Reference, cancer: str, residents: int,
                   rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Individual rows: sex, age in whole years, level codes, true risk and outcome."""
    sexes, bands = reference.cancers[cancer].sexes, reference.age_bands
    grids = _grid_and_risks(reference, cancer)
    cell = rng.choice(len(sexes) * len(bands), size=residents, p=cell_probabilities(reference, cancer))
    sex_index, band_index = np.divmod(cell, len(bands))
    codes = np.zeros((residents, len(reference.cancers[cancer].factors)), dtype=np.int8)
    risk = np.zeros(residents)
    for s, sex in enumerate(sexes):
        grid, risks = grids[sex]
        rows = np.flatnonzero(sex_index == s)
        pattern = rng.choice(len(grid.probability), size=rows.size, p=grid.probability)
        codes[rows] = grid.codes[pattern]
        risk[rows] = risks[band_index[rows], pattern]
    age = 40 + 5 * band_index + rng.integers(0, 5, size=residents)
    return {"sex_index": sex_index, "age": age, "band_index": band_index, "codes": codes,
            "true_risk": risk, "outcome": rng.random(residents) < risk}
