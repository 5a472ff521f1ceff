"""Model versions on local outcomes: recalibrate (a new version), check, activate.

``recalibrate`` scores every monitored resident again with the model that serves now (from
the factor levels stored with their assessment; their stored result is not touched), fits the
correction on one half and judges it on the other (``backend.scoring.lab.recalibration``),
and writes the new version beside the base model. It does not serve until ``activate``: an
admin's decision, recorded with their name. Results already given keep the version they were
scored with (each stores its versions by cancer).
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from backend.assessments.tables import Assessment
from backend.errors import ConflictError, NotFoundError
from backend.extensions import db
from backend.models_runtime import forget_engine
from backend.outcomes.monitoring import CancerOutcomes, cancer_outcomes
from backend.outcomes.tables import ModelActivation
from backend.scoring import monitoring
from backend.scoring.engine import CancerModel
from backend.scoring.monitoring import Outcomes
from backend.scoring.store import (ModelArtifactError, active_dir, list_versions, read_active,
                                   read_manifest, verify_model_dir, write_active)
from backend.scoring.vocabulary import CANCERS

CHUNK = 500
HELD_OUT_LIMITS = (0.9, 1.1)


def models_dir() -> Path:
    return Path(current_app.config["MODELS_DIR"])


def serving_model(cancer: str) -> CancerModel:
    """The verified model that serves ``cancer`` now."""
    from backend.scoring.store import load_scoring_table

    return CancerModel(load_scoring_table(active_dir(models_dir(), cancer)))


def rescore(rows: CancerOutcomes, model: CancerModel) -> np.ndarray:
    """``model``'s risk for each row, from the factor levels stored with its assessment."""
    risks: dict[str, float] = {}
    for start in range(0, len(rows.ids), CHUNK):
        query = select(Assessment.id, Assessment.sex, Assessment.age, Assessment.factors).where(
            Assessment.id.in_(rows.ids[start:start + CHUNK]))
        for assessment_id, sex, age, factors in db.session.execute(query):
            risks[assessment_id] = model.risk(sex, age, (factors or {}).get(model.cancer, {}))
    return np.array([risks[i] for i in rows.ids])


def _held_out(rows: CancerOutcomes) -> np.ndarray:
    from backend.scoring.lab.recalibration import held_out

    return held_out(rows.ids)


def _local(rows: CancerOutcomes) -> dict:
    return {"period_start": min(rows.assessed).isoformat(),
            "period_end": max(rows.assessed).isoformat(),
            "complete_to": rows.complete_to.isoformat(), "residents": len(rows.ids),
            "events": int(rows.outcomes.event.sum())}


def recalibrate(cancer: str, progress=lambda text: None) -> dict:
    """Write a recalibrated version of ``cancer``'s serving model; return its manifest.

    Raises ``TooFewEventsError`` (a ValueError) with the counts when the data cannot carry it.
    """
    from backend.scoring.lab import recalibration
    from backend.scoring.lab.plots import held_out_plot
    from backend.scoring.reference import default_reference

    rows = cancer_outcomes(cancer)
    if rows.complete_to is None or not rows.ids:
        raise recalibration.TooFewEventsError(
            f"{cancer}: no registry data imported yet (flask outcomes import FILE)")
    source = active_dir(models_dir(), cancer)
    progress(f"{cancer}: scoring {len(rows.ids):,} residents with {read_manifest(source)['model_version']} …")
    p = rescore(rows, serving_model(cancer))
    outcomes, held = Outcomes(p, rows.outcomes.years, rows.outcomes.event), _held_out(rows)
    fit = recalibration.fit_and_judge(outcomes, held, cancer)
    check = outcomes.subset(held)
    after = Outcomes(monitoring.recalibrated(check.p, fit["a"], fit["b"]), check.years, check.event)
    return recalibration.write_version(models_dir(), default_reference(), cancer, source, fit,
                                       _local(rows), lambda path: held_out_plot(path, cancer, check, after))


def fits_held_out_worse(recalibration: dict | None) -> bool:
    """The held-out half does not bear the update out: its observed / expected moved away from
    1. Such a version is written (the closed test chose it on the fitting half) but serves
    only if an admin accepts that, knowingly."""
    if not recalibration:
        return False
    before, after = recalibration["held_out"]["before"], recalibration["held_out"]["after"]
    return abs(after["oe"] - 1) > abs(before["oe"] - 1)


def versions(cancer: str) -> list[dict]:
    """The base model and the local versions of ``cancer``, the serving one marked."""
    if cancer not in CANCERS:
        raise NotFoundError(_("There is no cancer %(cancer)s.", cancer=cancer))
    serving = read_manifest(active_dir(models_dir(), cancer))["model_version"]
    return [{"version": m["model_version"], "created_at": m["trained_at"],
             "serving": m["model_version"] == serving,
             "recalibrated_from": m.get("recalibrated_from"),
             "local_data": m.get("local_data"), "recalibration": m.get("recalibration"),
             "fits_held_out_worse": fits_held_out_worse(m.get("recalibration"))}
            for m in list_versions(models_dir(), cancer)]


def activate(cancer: str, version: str, actor_name: str, accept_worse: bool = False) -> dict:
    """Serve ``version`` for ``cancer`` from the next scoring on (all workers). A version that
    fits the held-out half worse than the one it recalibrates needs ``accept_worse``."""
    known = {v["version"]: v for v in versions(cancer)}
    if version not in known:
        raise NotFoundError(_("There is no model version %(version)s for this cancer.",
                              version=version))
    if known[version]["fits_held_out_worse"] and not accept_worse:
        held = known[version]["recalibration"]["held_out"]
        before, after = (f"{held[when]['oe']:.2f}" for when in ("before", "after"))
        raise ConflictError(
            _("On the held-out residents this version fits worse than the one it recalibrates "
              "(observed / expected %(before)s before, %(after)s after): keep the serving "
              "version. To serve it all the same, confirm that you accept the worse fit.",
              before=before, after=after),
            {"accept_worse": "required", "held_out_oe_before": held["before"]["oe"],
             "held_out_oe_after": held["after"]["oe"]})
    try:
        write_active(models_dir(), cancer, version)
    except ModelArtifactError as exc:  # altered since it was written: refuse, say why
        raise ConflictError(_("This model version failed its checks (an altered or missing "
                              "file) and cannot serve. The details name the file."),
                            {"problem": str(exc)}) from None
    db.session.add(ModelActivation(cancer=cancer, version=version, activated_by=actor_name,
                                   activated_at=datetime.now(timezone.utc)))
    db.session.commit()
    forget_engine()
    return {"cancer": cancer, "version": version}


def held_out_check(cancer: str, live: bool = True) -> dict | None:
    """The serving version's O/E on the held-out half (the half no recalibration is fitted on).

    ``live``: rescored now, on the outcomes known now (the report: seconds per hundred
    thousand residents). Otherwise the figures its manifest recorded when it was fitted (the
    admin screen, which must answer at once; None for a base model, which has none).
    """
    source = active_dir(models_dir(), cancer)
    manifest = verify_model_dir(source)
    if not live and "recalibration" not in manifest:
        return None  # nothing recorded: the base model was fitted elsewhere
    if live:
        rows = cancer_outcomes(cancer)
        rows = rows.subset(_held_out(rows))
        outcomes = Outcomes(rescore(rows, serving_model(cancer)), rows.outcomes.years,
                            rows.outcomes.event)
        summary = monitoring.observed_expected(outcomes)
        summary["calibration_slope"] = monitoring.calibration_slope(outcomes)
    else:
        summary = dict(manifest["recalibration"]["held_out"]["after"])
    enough = summary["observed"] >= monitoring.DRIFT_MIN_EVENTS
    summary.update(version=manifest["model_version"], enough_events=enough, live=live,
                   within=enough and summary["oe"] is not None
                   and HELD_OUT_LIMITS[0] <= summary["oe"] <= HELD_OUT_LIMITS[1],
                   # outside the limits but its interval holds 1: chance cannot be ruled out
                   consistent=summary["oe_low"] is not None
                   and summary["oe_low"] <= 1 <= summary["oe_high"])
    return summary


def serving_versions() -> dict[str, str]:
    """``{cancer: serving version}`` as ``models/active.json`` (or the base) says."""
    active = read_active(models_dir())
    return {c: active.get(c) or read_manifest(models_dir() / c)["model_version"] for c in CANCERS}
