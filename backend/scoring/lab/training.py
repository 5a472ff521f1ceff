"""Fit, check and export the default models (scikit-learn; no Flask).

For each cancer: draw a training and an independent validation cohort from the simulated
reference population, fit ``CalibratedClassifierCV(LogisticRegression(), method="sigmoid")``,
compose the fitted logistic function and its Platt calibrator into one additive table for the
fast scoring path, measure the model against the truth it was simulated from, choose the
risk-band thresholds, and hand everything to ``artifacts.write_model``.

The cohorts arrive counted by pattern, so each pattern becomes two weighted rows (cases and
non-cases). Cross-validation for the calibrator must split residents, not patterns: each
pattern's cases and non-cases are dealt to the folds multinomially, exactly as shuffling the
individual residents into folds would.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy.special import expit, logit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
from sklearn.model_selection import PredefinedSplit

from backend.scoring.design import encode, feature_names, sex_specific
from backend.scoring.reference import Reference
from backend.scoring.vocabulary import CANCERS
from backend.scoring.lab.simulation import Cohort, cell_probabilities, draw_cohort, pattern_grid

FOLDS = 5
# "Raised" = at least one and a half times the average risk of people of the same age and sex,
# below the "high" threshold. A ratio, so that it means the same thing at every age.
RAISED_MIN_RELATIVE_RISK = 1.5
OE_LIMITS = (0.95, 1.05)


class TrainingCheckError(RuntimeError):
    """A fitted model failed one of the checks it must pass before it may be saved."""


@dataclass
class WeightedRows:
    """A cohort as weighted (features, outcome) rows."""

    X: np.ndarray
    y: np.ndarray
    weight: np.ndarray
    true_risk: np.ndarray
    sex_index: np.ndarray
    band_index: np.ndarray
    fold: np.ndarray | None = None


def _rows(reference: Reference, cohort: Cohort, rng=None) -> WeightedRows:
    """Two rows per pattern (or per pattern and fold when ``rng`` deals folds)."""
    cancer = reference.cancers[cohort.cancer]
    X = encode(cancer, cohort.bands, cohort.sex_index, cohort.band_index, cohort.codes)
    splits = [(cohort.cases, cohort.count - cohort.cases)]
    folds = [None]
    if rng is not None:
        fold_cases = np.stack([rng.multinomial(c, [1 / FOLDS] * FOLDS) for c in cohort.cases])
        fold_non = np.stack([rng.multinomial(c, [1 / FOLDS] * FOLDS)
                             for c in cohort.count - cohort.cases])
        splits = [(fold_cases[:, k], fold_non[:, k]) for k in range(FOLDS)]
        folds = list(range(FOLDS))
    parts = []
    for (cases, non_cases), fold in zip(splits, folds):
        for y, weight in ((1, cases), (0, non_cases)):
            keep = weight > 0
            parts.append((X[keep], np.full(keep.sum(), y), weight[keep].astype(float),
                          cohort.true_risk[keep], cohort.sex_index[keep],
                          cohort.band_index[keep], np.full(keep.sum(), -1 if fold is None else fold)))
    cols = [np.concatenate(c) for c in zip(*parts)]
    return WeightedRows(*cols[:6], fold=cols[6] if rng is not None else None)


def fit_calibrated(rows: WeightedRows) -> CalibratedClassifierCV:
    """Unpenalised logistic regression with a sigmoid (Platt) calibrator fitted out of fold."""
    base = LogisticRegression(C=np.inf, solver="lbfgs", tol=1e-10, max_iter=5000)
    model = CalibratedClassifierCV(base, method="sigmoid", cv=PredefinedSplit(rows.fold),
                                   ensemble=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a convergence warning must stop training, not pass
        model.fit(rows.X, rows.y, sample_weight=rows.weight)
    return model


def compose(reference: Reference, cancer_name: str, model: CalibratedClassifierCV) -> dict:
    """The calibrated model as one additive logit table: intercept, cell terms, level terms.

    Platt's calibrator maps the decision value f to expit(-(a f + b)); with
    f = intercept + coef . x, the calibrated logit is (-a) intercept - b + sum (-a) coef_j x_j.
    """
    cancer = reference.cancers[cancer_name]
    pair = model.calibrated_classifiers_[0]
    slope, offset = -pair.calibrators[0].a_, -pair.calibrators[0].b_
    coef = dict(zip(feature_names(cancer, reference.age_bands), pair.estimator.coef_[0]))
    bands = reference.age_bands
    cells = {sex: [slope * coef.get(f"cell:{sex}:{band}", 0.0) for band in bands]
             for sex in cancer.sexes}
    levels, unknown = {}, {}
    for sex in cancer.sexes:
        levels[sex], unknown[sex] = {}, {}
        for factor in cancer.factors:
            suffix = f"@{sex}" if sex_specific(factor, cancer) else ""
            raw = [0.0] + [coef[f"{factor.id}={lv}{suffix}"] for lv in factor.level_names[1:]]
            levels[sex][factor.id] = [slope * b for b in raw]
            # unknown answer: the prevalence-weighted mean of the fitted effects, on the RR scale
            mean = sum(lv.prevalence[sex] * np.exp(b) for lv, b in zip(factor.levels, raw))
            unknown[sex][factor.id] = float(slope * np.log(mean))
    return {
        "cancer": cancer_name,
        "sexes": list(cancer.sexes),
        "age_bands": list(bands),
        "factors": [{"id": f.id, "levels": list(f.level_names), "applies_when": f.applies_when}
                    for f in cancer.factors],
        "intercept": float(slope * pair.estimator.intercept_[0] + offset),
        "cell_terms": cells,
        "level_terms": levels,
        "unknown_terms": unknown,
        "calibrator": {"a": float(pair.calibrators[0].a_), "b": float(pair.calibrators[0].b_)},
    }


def grid_risks(reference: Reference, cancer_name: str, table: dict):
    """Model risk of every (sex, band, pattern) with its population probability."""
    cancer = reference.cancers[cancer_name]
    cell_prob = cell_probabilities(reference, cancer_name).reshape(len(cancer.sexes), -1)
    out = []
    for s, sex in enumerate(cancer.sexes):
        grid = pattern_grid(cancer, sex)
        terms = sum(np.array(table["level_terms"][sex][f.id])[grid.codes[:, j]]
                    for j, f in enumerate(cancer.factors))
        for b, band in enumerate(reference.age_bands):
            risk = expit(table["intercept"] + table["cell_terms"][sex][b] + terms)
            out.append((sex, band, risk, grid.probability * cell_prob[s, b]))
    return out


def average_risks(reference: Reference, cancer_name: str, table: dict) -> dict:
    """Mean model risk of each sex and age band (what 'average for your age and sex' shows)."""
    averages = {sex: [] for sex in reference.cancers[cancer_name].sexes}
    for sex, _band, risk, prob in grid_risks(reference, cancer_name, table):
        averages[sex].append(float(risk @ prob / prob.sum()))
    return averages


def choose_high_threshold(reference: Reference, cancer_name: str, table: dict) -> dict:
    """The lowest risk flagged 'high', so that the flagged share is nearest the observed mid-range."""
    risks = np.concatenate([r for _, _, r, _ in grid_risks(reference, cancer_name, table)])
    probs = np.concatenate([p for _, _, _, p in grid_risks(reference, cancer_name, table)])
    order = np.argsort(-risks)
    risks, share = risks[order], np.cumsum(probs[order])
    low, high = reference.cancers[cancer_name].flagged_share_range
    i = int(np.argmin(np.abs(share - (low + high) / 2)))
    below = risks[i + 1] if i + 1 < len(risks) else 0.0
    threshold = float(np.sqrt(risks[i] * below)) if below > 0 else float(risks[i])
    rounded = float(f"{threshold:.3g}")
    if below < rounded <= risks[i]:
        threshold = rounded  # a readable number that flags exactly the same people
    if not low <= share[i] <= high:
        raise TrainingCheckError(f"{cancer_name}: no threshold gives a flagged share in {low}-{high}")
    return {"high_min_risk": threshold, "flagged_share": float(share[i]),
            "flagged_share_observed": [low, high],
            "raised_min_relative_risk": RAISED_MIN_RELATIVE_RISK}


def predict(table: dict, rows: WeightedRows, reference: Reference, cancer_name: str,
            codes: np.ndarray) -> np.ndarray:
    """Fast-path risks for cohort rows (all factors known)."""
    sexes = table["sexes"]
    logit_ = np.full(len(rows.y), table["intercept"])
    logit_ += np.array([table["cell_terms"][sexes[s]][b]
                        for s, b in zip(rows.sex_index, rows.band_index)])
    for j, f in enumerate(reference.cancers[cancer_name].factors):
        for s, sex in enumerate(sexes):
            mask = rows.sex_index == s
            logit_[mask] += np.array(table["level_terms"][sex][f.id])[codes[mask, j]]
    return expit(logit_)


def _calibration_line(y, p, w):
    """Calibration slope (logistic refit on logit p) and intercept (with logit p as offset)."""
    lp = logit(p)
    fit = LogisticRegression(C=np.inf, tol=1e-10, max_iter=1000)
    fit.fit(lp.reshape(-1, 1), y, sample_weight=w)
    a = 0.0
    for _ in range(50):  # Newton steps for the intercept with offset
        q = expit(a + lp)
        step = np.sum(w * (y - q)) / np.sum(w * q * (1 - q))
        a += step
        if abs(step) < 1e-12:
            break
    return float(fit.coef_[0][0]), float(a)


def evaluate(reference: Reference, cancer_name: str, model, table: dict, cohort: Cohort) -> dict:
    """Validation metrics on an independent cohort, against the truth it was drawn from."""
    rows = _rows(reference, cohort)
    codes = np.concatenate([cohort.codes[cohort.cases > 0],
                            cohort.codes[cohort.count - cohort.cases > 0]])
    p = predict(table, rows, reference, cancer_name, codes)
    proba = model.predict_proba(rows.X)[:, 1]
    slope, intercept = _calibration_line(rows.y, p, rows.weight)
    oe = []
    for s, sex in enumerate(cohort.sexes):
        for b, band in enumerate(cohort.bands):
            m = (rows.sex_index == s) & (rows.band_index == b)
            observed = float(rows.weight[m] @ rows.y[m])
            expected = float(rows.weight[m] @ p[m])
            oe.append({"sex": sex, "age_band": band, "observed": observed,
                       "expected": round(expected, 1), "ratio": round(observed / expected, 4)})
    return {
        "validation_residents": cohort.residents,
        "validation_cases": cohort.cases_by_sex(),
        "observed_expected": oe,
        "calibration_slope": round(slope, 4),
        "calibration_intercept": round(intercept, 4),
        "brier": float(brier_score_loss(rows.y, p, sample_weight=rows.weight)),
        "log_loss": float(log_loss(rows.y, p, sample_weight=rows.weight)),
        "auc": round(float(roc_auc_score(rows.y, p, sample_weight=rows.weight)), 4),
        "auc_true_risk": round(float(roc_auc_score(rows.y, rows.true_risk,
                                                   sample_weight=rows.weight)), 4),
        "max_abs_fast_vs_predict_proba": float(np.max(np.abs(p - proba))),
        "_plot": (rows.y, p, rows.weight),
    }


def effect_table(reference: Reference, cancer_name: str, table: dict) -> list[dict]:
    """Fitted effect (calibrated odds ratio) of every level next to the reference RR."""
    cancer = reference.cancers[cancer_name]
    out = []
    for factor in cancer.factors:
        for i, level in enumerate(factor.levels[1:], start=1):
            for sex in cancer.sexes:
                if not sex_specific(factor, cancer) and sex != cancer.sexes[0]:
                    continue
                out.append({"factor": factor.id, "level": level.name,
                            "sex": sex if sex_specific(factor, cancer) else "all",
                            "reference_rr": level.rr[sex],
                            "fitted_or": round(float(np.exp(table["level_terms"][sex][factor.id][i])), 3)})
    return out


def check(cancer_name: str, metrics: dict) -> None:
    """Refuse to save a model that does not reproduce the reference."""
    bad = [r for r in metrics["observed_expected"] if not OE_LIMITS[0] <= r["ratio"] <= OE_LIMITS[1]]
    if bad:
        raise TrainingCheckError(f"{cancer_name}: O/E outside {OE_LIMITS}: {bad}")
    if metrics["auc"] < metrics["auc_true_risk"] - 0.01:
        raise TrainingCheckError(f"{cancer_name}: AUC {metrics['auc']} more than 0.01 below "
                                 f"the true risk's {metrics['auc_true_risk']}")
    if metrics["max_abs_fast_vs_predict_proba"] > 1e-9:
        raise TrainingCheckError(f"{cancer_name}: fast path differs from predict_proba")


def train_cancer(reference: Reference, cancer_name: str, seed: int, train_residents: int,
                 valid_residents: int) -> dict:
    """Everything ``artifacts.write_model`` needs for one cancer."""
    train_rng, fold_rng, valid_rng = (np.random.default_rng(s)
                                      for s in np.random.SeedSequence([seed, CANCERS.index(cancer_name)]).spawn(3))
    train = draw_cohort(reference, cancer_name, train_residents, train_rng)
    model = fit_calibrated(_rows(reference, train, fold_rng))
    table = compose(reference, cancer_name, model)
    table["average_risk"] = average_risks(reference, cancer_name, table)
    table["risk_bands"] = choose_high_threshold(reference, cancer_name, table)
    metrics = evaluate(reference, cancer_name, model, table,
                       draw_cohort(reference, cancer_name, valid_residents, valid_rng))
    metrics["effects"] = effect_table(reference, cancer_name, table)
    check(cancer_name, metrics)
    return {"model": model, "table": table, "metrics": metrics,
            "training": {"residents": train.residents, "cases": train.cases_by_sex(),
                         "patterns": int(len(train.count))}}


def train_models(out_dir, reference: Reference, incidence_path, seed: int,
                 train_residents: int, valid_residents: int, cancers=None, progress=print) -> dict:
    """Train, check and write every cancer's model; return the manifests."""
    from backend.scoring.lab.artifacts import write_model  # writing needs joblib and matplotlib

    manifests = {}
    for cancer in cancers or CANCERS:
        progress(f"{cancer}: fitting on {train_residents:,} simulated residents …")
        trained = train_cancer(reference, cancer, seed, train_residents, valid_residents)
        manifests[cancer] = write_model(out_dir, reference, cancer, trained, incidence_path, seed)
        m = manifests[cancer]["metrics"]
        progress(f"{cancer}: AUC {m['auc']} (ceiling {m['auc_true_risk']}), "
                 f"calibration slope {m['calibration_slope']}, "
                 f"high from {manifests[cancer]['risk_bands']['high_min_risk']:.3%}")
    return manifests
