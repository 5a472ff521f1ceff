"""A simulated city whose true risks differ from the literature: residents and their outcomes.

Seeded and deterministic: the same plan gives the same city, resident by resident. Each
resident (40-74, sexes equally common, ages as the reference's age shares) has, per cancer,
factor levels drawn from the reference prevalences (independently per cancer, as the
reference population is built), an assessment date in the plan's period, and a true constant
hazard: the reference's (incidence x RR / mean RR) times the city's multiplier for that
cancer (liver 1.5 and colorectal 0.8 by default: a city where the literature under-states
liver cancer and over-states bowel cancer). A cancer is diagnosed if its exponential time
falls within five years and before the registry's completeness date.

Screening (``screening_outcome``) follows the result the service gave: a share of the
residents for whom screening was recommended attend within four months; the test finds a
cancer the registry would record within the next year (and the diagnosis date becomes the
screening date), otherwise a precancerous lesion, a benign finding or nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from backend.scoring.reference import Reference
from backend.scoring.lab.simulation import pattern_grid

DAYS_A_YEAR = 365.25
HORIZON_YEARS = 5
LESION_SHARE = {"lung": 0.03, "breast": 0.05, "liver": 0.04, "upper_gi": 0.08, "colorectal": 0.2}
BENIGN_SHARE = 0.12


@dataclass(frozen=True)
class CityPlan:
    """What city to play: size, seed, assessment period, registry date, true-risk multipliers."""

    residents: int = 2000
    seed: int = 20261201
    first_day: date = date(2020, 1, 1)
    days: int = 730  # assessments spread over two years
    complete_to: date = date(2026, 6, 30)
    multipliers: dict = field(default_factory=lambda: {"liver": 1.5, "colorectal": 0.8})
    screening_uptake: float = 0.5


@dataclass(frozen=True)
class Resident:
    """One simulated resident: who, assessed when, factor levels and registry diagnoses."""

    index: int
    sex: str
    age: int
    assessed_on: date
    factors: dict  # {cancer: {factor: level}}
    diagnoses: dict  # {cancer: date}


def _people(reference: Reference, plan: CityPlan, rng):
    shares = np.array(reference.age_shares) / sum(reference.age_shares)
    band = rng.choice(len(shares), size=plan.residents, p=shares)
    age = 40 + 5 * band + rng.integers(0, 5, size=plan.residents)
    sex = np.where(rng.random(plan.residents) < 0.5, "male", "female")
    day = rng.integers(0, plan.days, size=plan.residents)
    return sex, band, age, day


def _cancer(reference: Reference, plan: CityPlan, cancer: str, sex, band, rng):
    """Per resident: level codes (or None) and the years to a diagnosis (inf: none)."""
    ref = reference.cancers[cancer]
    codes = [None] * len(sex)
    years = np.full(len(sex), np.inf)
    for s in ref.sexes:
        rows = np.flatnonzero(sex == s)
        grid = pattern_grid(ref, s)
        pattern = rng.choice(len(grid.probability), size=rows.size, p=grid.probability)
        rates = np.array([reference.rate(cancer, s, b) for b in reference.age_bands])
        hazard = rates[band[rows]] * grid.rr[pattern] / grid.mean_rr
        hazard *= plan.multipliers.get(cancer, 1.0)
        years[rows] = rng.exponential(1 / hazard)
        for r, p in zip(rows, pattern):
            codes[r] = grid.codes[p]
    return codes, years


def simulate_city(reference: Reference, plan: CityPlan) -> list[Resident]:
    """The plan's residents (deterministic for a plan)."""
    rng = np.random.default_rng(plan.seed)
    sex, band, age, day = _people(reference, plan, rng)
    drawn = {c: _cancer(reference, plan, c, sex, band, rng) for c in reference.cancers}
    residents = []
    for i in range(plan.residents):
        assessed = plan.first_day + timedelta(days=int(day[i]))
        factors, diagnoses = {}, {}
        for cancer, (codes, years) in drawn.items():
            if codes[i] is None:
                continue
            ref = reference.cancers[cancer]
            factors[cancer] = {f.id: f.levels[int(k)].name for f, k in zip(ref.factors, codes[i])
                               if f.applies({g.id: g.levels[int(c)].name
                                             for g, c in zip(ref.factors, codes[i])})}
            if years[i] < HORIZON_YEARS:
                when = assessed + timedelta(days=int(years[i] * DAYS_A_YEAR))
                if when <= plan.complete_to:
                    diagnoses[cancer] = when
        residents.append(Resident(i, str(sex[i]), int(age[i]), assessed, factors, diagnoses))
    return residents


def screening_outcome(plan: CityPlan, resident: Resident, cancer: str):
    """``(test date, finding, diagnosis date or None)`` of a resident referred for ``cancer``,
    or None if they do not attend. Deterministic per plan, resident and cancer."""
    rng = np.random.default_rng([plan.seed, resident.index, sorted(LESION_SHARE).index(cancer)])
    if rng.random() >= plan.screening_uptake:
        return None
    tested = resident.assessed_on + timedelta(days=int(rng.integers(14, 120)))
    if tested > plan.complete_to:
        return None
    diagnosed = resident.diagnoses.get(cancer)
    if diagnosed is not None and tested <= diagnosed <= tested + timedelta(days=365):
        return tested, "cancer_confirmed", tested  # found at screening, registered then
    draw = rng.random()
    finding = ("precancerous" if draw < LESION_SHARE[cancer] else
               "benign" if draw < LESION_SHARE[cancer] + BENIGN_SHARE else "normal")
    return tested, finding, diagnosed
