"""Pure scoring core (no Flask): reference, simulation, models, fast scoring engine.

The public functions below score from the verified artifacts under ``models/``:

* ``five_year_risk(cancer, sex, age, factors)``: one resident, one cancer;
* ``five_year_risk_batch(cancer, sex_index, age, codes)``: many rows at once (NumPy), and
  ``five_year_risk_rows(cancer, rows)`` for one array of rows ``[sex index, age, codes…]``;
* ``average_five_year_risk(cancer, sex, age)`` and ``risk_band(cancer, sex, age, risk)``.

``factors`` maps reference factor ids to levels (``{"smoking": "current_30_pack_years_or_more",
"hbv": "yes"}``); a factor that is missing or None is unknown and contributes the
prevalence-weighted mean effect.
"""
from __future__ import annotations

from functools import lru_cache

from backend.scoring.engine import Engine, OutsideModelError


@lru_cache(maxsize=1)
def default_engine() -> Engine:
    """The engine over the repository's models, verified once per process."""
    return Engine.from_directory()


def five_year_risk(cancer: str, sex: str, age: int, factors: dict) -> float:
    """Five-year risk of ``cancer`` for one person (raises OutsideModelError outside 40-74)."""
    return default_engine().models[cancer].risk(sex, age, factors)


def five_year_risk_batch(cancer: str, sex_index, age, codes):
    """Vectorised risks: sex index into the model's sexes, ages, level codes (-1 = unknown)."""
    return default_engine().models[cancer].risk_batch(sex_index, age, codes)


def five_year_risk_rows(cancer: str, rows):
    """Vectorised risks for a float array of rows ``[sex index, age, level codes…]``."""
    return default_engine().models[cancer].risk_rows(rows)


def average_five_year_risk(cancer: str, sex: str, age: int) -> float:
    """Average five-year risk of people of the same sex and 5-year age band."""
    return default_engine().models[cancer].average(sex, age)


def risk_band(cancer: str, sex: str, age: int, risk: float) -> str:
    """'average', 'raised' or 'high'."""
    return default_engine().models[cancer].band(sex, age, risk)


__all__ = ["Engine", "OutsideModelError", "average_five_year_risk", "default_engine",
           "five_year_risk", "five_year_risk_batch", "five_year_risk_rows", "risk_band"]
