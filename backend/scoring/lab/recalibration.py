"""Recalibrate one cancer's serving model on a city's own outcomes, as a new model version.

The fitted correction is ``logit p' = a + b logit p`` (``monitoring.fit_calibration``), chosen
by the closed testing procedure of Vergouwe et al. (Stat Med 2017;36:4529): on the fitting
part, the intercept-and-slope update is first tested against the model as it is (likelihood
ratio, 2 df, 5%); if the model is not contradicted, no version is written (an update fitted
to noise would make it worse). Otherwise the slope is kept only if it improves on the
intercept alone (1 df, and at least ``SLOPE_MIN_EVENTS`` cases), else the intercept alone is
kept if it improves on the model as it is. Because the scoring table is additive on the logit scale, the corrected model is again
a scoring table: the intercept becomes ``a + b * intercept`` and every other term is multiplied
by ``b``. Nothing else about the model changes (its factors, their order, the high-risk
threshold as a risk level); the same-age averages are recomputed for the new function.

Residents are split once, by a hash of their assessment id, into a fitting part and a held-out
part; the correction is fitted on the first and judged on the second (before and after O/E,
calibration slope), and the manifest and model card record both. Too few cases in either
part is a refusal, not a model.

The version directory holds the base estimator (``model.joblib``, unchanged), the composed
``scoring.json`` the service serves, ``recalibration.json`` (the steps that map the estimator's
risk to the served one) and the manifest with their hashes, so the store verifies it exactly
as it verifies a trained model.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from scipy.stats import chi2

from backend.scoring import monitoring
from backend.scoring.monitoring import Outcomes
from backend.scoring.reference import Reference
from backend.scoring.store import VERSIONS_DIR, read_manifest, sha256_of
from backend.scoring.lab.artifacts import library_versions
from backend.scoring.lab.training import average_risks, grid_risks

# Cases needed in each part (fitting, held-out) before a correction is fitted and judged.
MIN_EVENTS = 40
# Cases in the fitting part before the slope is fitted too (below: the intercept only).
SLOPE_MIN_EVENTS = 200
HELD_OUT_SHARE = 0.5
SPLIT_SALT = "zaoshai-recalibration-split"


ALPHA = 0.05


class TooFewEventsError(ValueError):
    """Not enough registry cases to fit or to judge a recalibration."""


class NoUpdateNeededError(ValueError):
    """The local outcomes do not contradict the model: recalibrating would fit noise."""


def held_out(assessment_ids) -> np.ndarray:
    """True for the held-out part: a fixed half of residents, by a hash of the assessment id."""
    return np.array([hashlib.sha256(f"{SPLIT_SALT}:{i}".encode()).digest()[0] < 256 * HELD_OUT_SHARE
                     for i in assessment_ids], dtype=bool)


def compose(table: dict, a: float, b: float, version: str) -> dict:
    """The scoring table of ``logit p' = a + b logit p`` (the caller recomputes averages)."""
    scale = lambda terms: {sex: [b * t for t in values] for sex, values in terms.items()}  # noqa: E731
    return dict(
        table, model_version=version, intercept=a + b * table["intercept"],
        cell_terms=scale(table["cell_terms"]),
        level_terms={sex: {f: [b * t for t in terms] for f, terms in factors.items()}
                     for sex, factors in table["level_terms"].items()},
        unknown_terms={sex: {f: b * t for f, t in terms.items()}
                       for sex, terms in table["unknown_terms"].items()})


def _check(name: str, outcomes: Outcomes, cancer: str) -> None:
    events = int(outcomes.event.sum())
    if events < MIN_EVENTS:
        raise TooFewEventsError(
            f"{cancer}: too few registry cases to recalibrate: {events} in the {name} part, "
            f"at least {MIN_EVENTS} are needed in each half (fitting and held-out); import "
            f"more registry data or wait for more follow-up")


def _judge(outcomes: Outcomes) -> dict:
    summary = monitoring.observed_expected(outcomes)
    summary["calibration_slope"] = monitoring.calibration_slope(outcomes)
    return summary


def base_version(version: str) -> str:
    """The version without an earlier local recalibration's suffix."""
    return re.sub(r"\+cal\.[0-9a-f]{8}$", "", version)


def _new_version(manifest: dict, fit: dict, local: dict) -> str:
    digest = hashlib.sha256(json.dumps({"from": manifest["model_version"], "fit": fit,
                                        "local": local}, sort_keys=True).encode()).hexdigest()
    return f"{base_version(manifest['model_version'])}+cal.{digest[:8]}"


def fit_and_judge(outcomes: Outcomes, held: np.ndarray, cancer: str) -> dict:
    """Fit on the fitting part, judge before/after on the held-out part (or refuse)."""
    fitting, check = outcomes.subset(~held), outcomes.subset(held)
    _check("fitting", fitting, cancer)
    _check("held-out", check, cancer)
    (a, b), tests = choose_update(fitting, cancer)
    with_slope = b != 1.0
    after = Outcomes(monitoring.recalibrated(check.p, a, b), check.years, check.event)
    return {"a": round(a, 6), "b": round(b, 6), "slope_fitted": with_slope, "tests": tests,
            "fitting": {"residents": int(len(fitting.p)), "events": int(fitting.event.sum())},
            "held_out": {"residents": int(len(check.p)), "events": int(check.event.sum()),
                         "before": _judge(check), "after": _judge(after)}}


def _p_value(statistic: float, df: int) -> float:
    return float(chi2.sf(max(statistic, 0.0), df))


def choose_update(fitting: Outcomes, cancer: str) -> tuple[tuple[float, float], dict]:
    """The closed test (see the module docstring): ``((a, b), p-values)`` or a refusal."""
    base = monitoring.log_likelihood(fitting)
    intercept = monitoring.fit_calibration(fitting, slope=False)
    both = monitoring.fit_calibration(fitting, slope=True)
    ll_intercept = monitoring.log_likelihood(fitting, *intercept)
    ll_both = monitoring.log_likelihood(fitting, *both)
    tests = {"update_vs_model": _p_value(2 * (ll_both - base), 2),
             "slope_vs_intercept": _p_value(2 * (ll_both - ll_intercept), 1),
             "intercept_vs_model": _p_value(2 * (ll_intercept - base), 1)}
    tests = {k: round(v, 6) for k, v in tests.items()}
    if tests["update_vs_model"] >= ALPHA:
        raise NoUpdateNeededError(
            f"{cancer}: the local outcomes do not contradict the model (likelihood-ratio test "
            f"of an updated intercept and slope, p = {tests['update_vs_model']:.2f}); no new "
            f"version written: recalibrating now would fit chance")
    enough = int(fitting.event.sum()) >= SLOPE_MIN_EVENTS
    if enough and tests["slope_vs_intercept"] < ALPHA:
        return both, tests
    return intercept, tests


def _flagged_share(reference: Reference, cancer: str, table: dict) -> float:
    rows = grid_risks(reference, cancer, table)
    threshold = table["risk_bands"]["high_min_risk"]
    return float(sum(p[r >= threshold].sum() for _, _, r, p in rows) / sum(p.sum() for *_, p in rows))


def write_version(models_dir: Path, reference: Reference, cancer: str, source_dir: Path,
                  fit: dict, local: dict, plot) -> dict:
    """Write the new version next to the base model; return its manifest (not activated)."""
    manifest = read_manifest(source_dir)
    table = json.loads((source_dir / "scoring.json").read_text(encoding="utf-8"))
    version = _new_version(manifest, {k: fit[k] for k in ("a", "b")}, local)
    new = compose(table, fit["a"], fit["b"], version)
    new["average_risk"] = average_risks(reference, cancer, new)
    new["risk_bands"] = dict(table["risk_bands"], flagged_share=_flagged_share(reference, cancer, new))
    target = Path(models_dir) / cancer / VERSIONS_DIR / version
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source_dir / "model.joblib", target / "model.joblib")
    steps = _earlier_steps(source_dir) + [{"a": fit["a"], "b": fit["b"]}]
    _write_json(target / "recalibration.json", {"from_version": manifest["model_version"],
                                                "steps": steps})
    _write_json(target / "scoring.json", new)
    out = dict(manifest, model_version=version,
               trained_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
               artifacts={n: sha256_of(target / n)
                          for n in ("model.joblib", "scoring.json", "recalibration.json")},
               library_versions=library_versions(), risk_bands=new["risk_bands"],
               recalibrated_from=manifest["model_version"], local_data=local,
               recalibration=fit)
    _write_json(target / "manifest.json", out)
    card = (source_dir / "MODEL_CARD.md").read_text(encoding="utf-8")
    section = card_section(cancer, version, manifest["model_version"], fit, local)
    (target / "MODEL_CARD.md").write_text(card.rstrip() + "\n\n" + section, encoding="utf-8")
    plot(target / "calibration.png")
    return out


def _earlier_steps(source_dir: Path) -> list[dict]:
    path = source_dir / "recalibration.json"
    return json.loads(path.read_text(encoding="utf-8"))["steps"] if path.is_file() else []


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")


def _p(value: float) -> str:
    return "< 0.001" if value < 0.001 else f"{value:.3g}"


def card_section(cancer: str, version: str, source_version: str, fit: dict, local: dict) -> str:
    """The model card's section on the local recalibration (Markdown)."""
    before, after = fit["held_out"]["before"], fit["held_out"]["after"]
    line = lambda s: (f"{s['oe']} ({s['oe_low']}–{s['oe_high']}), calibration slope "  # noqa: E731
                      f"{s['calibration_slope']}")
    form = ("intercept and slope" if fit["slope_fitted"] else
            "intercept only; the slope did not improve on it, or there were fewer than "
            f"{SLOPE_MIN_EVENTS} cases in the fitting half")
    return (f"## Local recalibration ({version})\n\n"
            f"Recalibrated from `{source_version}` on this city's own outcomes: residents "
            f"assessed {local['period_start']} to {local['period_end']}, registry complete to "
            f"{local['complete_to']}; {local['residents']:,} residents, {local['events']:,} "
            f"registry-diagnosed {cancer} cancers within five years of assessment. Expected "
            f"cases assume a constant hazard over the five years.\n\n"
            f"Correction: logit p' = {fit['a']:.4f} + {fit['b']:.4f} × logit p ({form}), fitted "
            f"on {fit['fitting']['residents']:,} residents ({fit['fitting']['events']} cases) "
            f"and judged on the other half ({fit['held_out']['residents']:,} residents, "
            f"{fit['held_out']['events']} cases), split by a hash of the assessment id, and "
            f"chosen by a closed testing procedure (likelihood-ratio p-values: update against "
            f"the model {_p(fit['tests']['update_vs_model'])}, slope against intercept only "
            f"{_p(fit['tests']['slope_vs_intercept'])}).\n\n"
            f"| Held-out half | O/E (95% exact Poisson interval) |\n|---|---|\n"
            f"| before | {line(before)} |\n| after | {line(after)} |\n\n"
            f"Serving switches to this version only when an administrator activates it; results "
            f"already given keep the version they were scored with.\n")
