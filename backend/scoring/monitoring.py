"""Is the model right here? Observed against expected cases among a city's own residents. Pure.

Each assessed resident contributes, per cancer, the five-year risk the model told them (``p``),
the years of registry follow-up actually observed after the assessment (``years``, at most
five: until the registry's completeness date, or the diagnosis) and whether the registry
recorded that cancer in that time (``event``).

Expected cases assume a constant hazard over the five years (the same assumption the
reference simulation makes): a five-year risk ``p`` is a hazard ``-ln(1 - p) / 5`` a year, so
the chance of a diagnosis within ``t`` years is ``1 - (1 - p) ** (t / 5)``, and a group's
expected count is the sum of that over its residents. Deaths and moves out of the city are not
known here and are not censored (they make O/E slightly low, never high).

Observed / expected gets the exact (Garwood) Poisson interval: with ``O`` observed cases,
``[chi2(a/2; 2O) / 2, chi2(1 - a/2; 2O + 2) / 2] / E``. A group raises a drift alert when that
interval excludes 1 and it has at least ``DRIFT_MIN_EVENTS`` observed cases; with fewer, the
honest statement is that there are too few events to judge.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, logit
from scipy.stats import chi2

HORIZON_YEARS = 5.0
CONFIDENCE = 0.95
# Fewer observed cases than this and an interval is too wide to call drift either way.
DRIFT_MIN_EVENTS = 20
DECILES = 10


@dataclass(frozen=True)
class Outcomes:
    """Per resident (one cancer): predicted five-year risk, years observed, registry event."""

    p: np.ndarray
    years: np.ndarray
    event: np.ndarray

    @classmethod
    def of(cls, p, years, event) -> "Outcomes":
        return cls(np.asarray(p, float), np.clip(np.asarray(years, float), 0, HORIZON_YEARS),
                   np.asarray(event, bool))

    def subset(self, mask) -> "Outcomes":
        return Outcomes(self.p[mask], self.years[mask], self.event[mask])


def risk_within(p, years):
    """Chance of a diagnosis within ``years`` given a five-year risk ``p`` (constant hazard)."""
    p, years = np.asarray(p, float), np.asarray(years, float)
    return -np.expm1(np.log1p(-p) * years / HORIZON_YEARS)


def expected_cases(p, years) -> float:
    """Sum of each resident's chance of a diagnosis over the follow-up actually observed."""
    return float(np.sum(risk_within(p, years)))


def poisson_interval(observed: int, expected: float, confidence: float = CONFIDENCE):
    """Exact (Garwood) interval of O/E; ``(None, None)`` when nothing is expected."""
    if expected <= 0:
        return None, None
    alpha = 1 - confidence
    low = chi2.ppf(alpha / 2, 2 * observed) / 2 if observed > 0 else 0.0
    high = chi2.ppf(1 - alpha / 2, 2 * observed + 2) / 2
    return float(low / expected), float(high / expected)


def verdict(observed: int, low, high, min_events: int = DRIFT_MIN_EVENTS) -> str:
    """"too_few" below ``min_events``; "drift" when the interval excludes 1; else "ok"."""
    if observed < min_events or low is None:
        return "too_few"
    return "drift" if low > 1 or high < 1 else "ok"


def observed_expected(outcomes: Outcomes) -> dict:
    """Residents, observed and expected cases, O/E with its interval, and the verdict."""
    observed = int(outcomes.event.sum())
    expected = expected_cases(outcomes.p, outcomes.years)
    low, high = poisson_interval(observed, expected)
    return {"residents": int(len(outcomes.p)), "observed": observed,
            "expected": round(expected, 2),
            "oe": round(observed / expected, 3) if expected > 0 else None,
            "oe_low": None if low is None else round(low, 3),
            "oe_high": None if high is None else round(high, 3),
            "verdict": verdict(observed, low, high)}


def decile_of(p) -> np.ndarray:
    """Decile (0-9) of each predicted risk: equal numbers of residents, lowest risks first.

    Residents are ranked by risk (ties in a stable order), so every decile has n/10 residents
    give or take one, even when many share a risk.
    """
    p = np.asarray(p, float)
    ranks = np.empty(len(p), dtype=int)
    ranks[np.argsort(p, kind="stable")] = np.arange(len(p))
    return (ranks * DECILES) // max(len(p), 1)


def calibration_by_decile(outcomes: Outcomes) -> list[dict]:
    """Per decile: mean predicted risk over the observed time and observed rate, with interval."""
    decile = decile_of(outcomes.p)
    rows = []
    for d in range(DECILES):
        part = outcomes.subset(decile == d)
        if len(part.p) == 0:
            continue
        row = observed_expected(part)
        n = row["residents"]
        row.update(decile=d + 1, mean_risk=round(float(part.p.mean()), 6),
                   predicted_rate=round(row["expected"] / n, 6),
                   observed_rate=round(row["observed"] / n, 6),
                   observed_rate_low=None if row["oe_low"] is None else
                   round(row["oe_low"] * row["expected"] / n, 6),
                   observed_rate_high=None if row["oe_high"] is None else
                   round(row["oe_high"] * row["expected"] / n, 6))
        rows.append(row)
    return rows


def _negative_log_likelihood(params, lp, years, event):
    a, b = params
    risk = np.clip(risk_within(expit(a + b * lp), years), 1e-12, 1 - 1e-12)
    return -np.sum(np.where(event, np.log(risk), np.log1p(-risk)))


def log_likelihood(outcomes: Outcomes, a: float = 0.0, b: float = 1.0) -> float:
    """Log-likelihood of the registry outcomes under ``logit p' = a + b logit p``."""
    observed = outcomes.years > 0
    lp = logit(np.clip(outcomes.p[observed], 1e-12, 1 - 1e-12))
    return -float(_negative_log_likelihood([a, b], lp, outcomes.years[observed],
                                           outcomes.event[observed]))


def fit_calibration(outcomes: Outcomes, slope: bool = True) -> tuple[float, float]:
    """Intercept ``a`` and slope ``b`` of ``logit p' = a + b logit p`` by maximum likelihood.

    The likelihood is each resident's chance of a diagnosis within the follow-up they had
    (``risk_within``), so residents seen for two years count for two years. With
    ``slope=False`` only the intercept is fitted (``b = 1``).
    """
    observed = outcomes.years > 0
    lp = logit(np.clip(outcomes.p[observed], 1e-12, 1 - 1e-12))
    years, event = outcomes.years[observed], outcomes.event[observed]
    if slope:
        fit = minimize(_negative_log_likelihood, x0=[0.0, 1.0], args=(lp, years, event),
                       method="Nelder-Mead", options={"xatol": 1e-6, "fatol": 1e-8,
                                                      "maxiter": 4000})
        return float(fit.x[0]), float(fit.x[1])
    fit = minimize(lambda a: _negative_log_likelihood([a[0], 1.0], lp, years, event),
                   x0=[0.0], method="Nelder-Mead", options={"xatol": 1e-7, "fatol": 1e-9})
    return float(fit.x[0]), 1.0


def calibration_slope(outcomes: Outcomes) -> float | None:
    """The slope of ``fit_calibration`` (1 is ideal); None without any case."""
    if not outcomes.event.any():
        return None
    return round(fit_calibration(outcomes, slope=True)[1], 3)


def recalibrated(p, a: float, b: float) -> np.ndarray:
    """Risks after the recalibration ``logit p' = a + b logit p``."""
    return expit(a + b * logit(np.clip(np.asarray(p, float), 1e-12, 1 - 1e-12)))


def detection_yield(screened: int, cancers: int, precancerous: int) -> dict:
    """Of those screened: cancers found and precancerous lesions found, as shares."""
    return {"screened": screened, "cancers": cancers, "precancerous": precancerous,
            "cancer_yield": round(cancers / screened, 4) if screened else None,
            "lesion_yield": round((cancers + precancerous) / screened, 4) if screened else None}
