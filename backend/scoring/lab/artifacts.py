"""Write a trained model's artifacts: joblib file, scoring table, manifest, model card, plot.

``models/<cancer>/`` receives ``model.joblib`` (the scikit-learn object), ``scoring.json`` (the
same function as an additive table, for the fast path), ``manifest.json`` (hashes, versions,
feature order, data, metrics, thresholds), ``MODEL_CARD.md`` and ``calibration.png``.
"""
from __future__ import annotations

import json
import platform
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

import joblib
import numpy as np

from backend.scoring.design import feature_names
from backend.scoring.store import sha256_of
from backend.scoring.lab.model_card import render_model_card
from backend.scoring.reference import REFERENCE_PATH, Reference


def library_versions() -> dict[str, str]:
    """The versions a loaded artifact must match (scikit-learn) or that explain it (the rest)."""
    return {"python": platform.python_version(), "scikit-learn": version("scikit-learn"),
            "joblib": version("joblib"), "numpy": version("numpy")}


def model_version(reference: Reference, incidence_sha: str) -> str:
    """Reference version plus the incidence table it was fitted to: a region's refit is new."""
    return f"{reference.version}+inc.{incidence_sha[:8]}"


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")


def calibration_groups(y, p, weight, groups: int = 10) -> tuple[list[float], list[float]]:
    """Mean predicted and observed risk in equal-weight groups of predicted risk.

    Rows with the same prediction (a pattern's cases and non-cases) always share a group:
    splitting a tie would put its cases in one group and its non-cases in the next.
    """
    values, inverse = np.unique(p, return_inverse=True)
    total = np.bincount(inverse, weights=weight)
    cases = np.bincount(inverse, weights=weight * y)
    middle = (np.cumsum(total) - total / 2) / total.sum()
    group = np.minimum((middle * groups).astype(int), groups - 1)
    predicted = [float(values[group == g] @ total[group == g] / total[group == g].sum())
                 for g in range(groups) if total[group == g].sum() > 0]
    observed = [float(cases[group == g].sum() / total[group == g].sum())
                for g in range(groups) if total[group == g].sum() > 0]
    return predicted, observed


def calibration_plot(path: Path, cancer: str, y, p, weight) -> None:
    """Observed vs predicted risk in ten equal-weight groups of predicted risk."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pred, obs = calibration_groups(y, p, weight)
    fig, ax = plt.subplots(figsize=(5, 5), dpi=100)
    top = max(max(obs), max(pred)) * 1.1
    ax.plot([0, top], [0, top], color="#888", linestyle="--", label="perfect calibration")
    ax.plot(pred, obs, marker="o", color="#1f5f99", label="validation deciles")
    ax.set_xlabel("predicted five-year risk")
    ax.set_ylabel("observed five-year risk")
    ax.set_title(f"{cancer}: calibration on the validation cohort")
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def write_model(out_dir: Path, reference: Reference, cancer: str, trained: dict,
                incidence_path: Path, seed: int) -> dict:
    """Write all artifacts of one trained cancer model; return its manifest."""
    target = Path(out_dir) / cancer
    target.mkdir(parents=True, exist_ok=True)
    joblib.dump(trained["model"], target / "model.joblib")
    incidence_sha = sha256_of(incidence_path)
    table = dict(trained["table"], model_version=model_version(reference, incidence_sha))
    _write_json(target / "scoring.json", table)
    metrics = dict(trained["metrics"])
    y, p, w = metrics.pop("_plot")
    calibration_plot(target / "calibration.png", cancer, y, p, w)
    manifest = {
        "cancer": cancer,
        "model_version": table["model_version"],
        "trained_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "artifacts": {name: sha256_of(target / name) for name in ("model.joblib", "scoring.json")},
        "library_versions": library_versions(),
        "feature_names": feature_names(reference.cancers[cancer], reference.age_bands),
        "reference": {"version": reference.version, "sha256": sha256_of(REFERENCE_PATH),
                      "incidence_file": Path(incidence_path).name,
                      "incidence_sha256": incidence_sha},
        "seed": seed,
        "training": trained["training"],
        "metrics": metrics,
        "risk_bands": table["risk_bands"],
    }
    _write_json(target / "manifest.json", manifest)
    (target / "MODEL_CARD.md").write_text(render_model_card(reference, manifest), encoding="utf-8")
    return manifest
