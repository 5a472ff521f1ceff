"""Benchmark of the scoring core: prints µs per resident and batch rows per second.

1. One resident, all cancers that apply: the fast path (``Engine.risks``, additive tables) vs
   ``predict_proba`` on the saved calibrated models, in the same run. Target: fast <= 50 µs.
2. 1,000,000 factor rows in batch per cancer (``risk_rows``) vs a bare NumPy dot product plus
   sigmoid over the same float64 array of rows ([sex, age, codes]). Target: ratio >= 0.5.

Run: ``.venv/bin/python bench/scoring.py``.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backend.scoring.design import encode  # noqa: E402
from backend.scoring.engine import Engine  # noqa: E402
from backend.scoring.reference import age_band, default_reference  # noqa: E402
from backend.scoring.vocabulary import CANCERS  # noqa: E402
from backend.scoring.lab.simulation import draw_residents, pattern_grid  # noqa: E402
from backend.scoring.store import MODELS_DIR, load_estimator  # noqa: E402

REF = default_reference()


def sample_residents(n: int, rng) -> list[tuple[str, int, dict]]:
    """Residents with factor levels for every cancer (drawn per cancer with the reference)."""
    people = []
    grids = {(c, s): pattern_grid(REF.cancers[c], s) for c in CANCERS for s in REF.cancers[c].sexes}
    for _ in range(n):
        sex = "male" if rng.random() < 0.5 else "female"
        age = int(rng.integers(40, 75))
        factors = {}
        for cancer in CANCERS:
            if (cancer, sex) not in grids:
                continue
            grid = grids[(cancer, sex)]
            codes = grid.codes[rng.choice(len(grid.probability), p=grid.probability)]
            factors[cancer] = {f.id: f.level_names[c] for f, c in zip(REF.cancers[cancer].factors, codes)}
        people.append((sex, age, factors))
    return people


def per_resident_fast(engine: Engine, people) -> float:
    start = time.perf_counter()
    for sex, age, factors in people:
        for cancer, model in engine.models.items():
            if model.applies_to(sex, age):
                model.risk(sex, age, factors[cancer])
    return (time.perf_counter() - start) / len(people) * 1e6


def per_resident_predict_proba(estimators, people) -> float:
    start = time.perf_counter()
    for sex, age, factors in people:
        band = REF.age_bands.index(age_band(age))
        for cancer, model in estimators.items():
            ref = REF.cancers[cancer]
            if sex not in ref.sexes:
                continue
            codes = np.array([[f.level_names.index(factors[cancer][f.id]) for f in ref.factors]])
            X = encode(ref, REF.age_bands, np.array([ref.sexes.index(sex)]), np.array([band]), codes)
            model.predict_proba(X)
    return (time.perf_counter() - start) / len(people) * 1e6


def best_of(repeats: int, fn):
    return min(fn() for _ in range(repeats))


def batch(engine: Engine, cancer: str, rows: int = 1_000_000) -> tuple[float, float]:
    """(our rows/s, bare NumPy rows/s) for the same rows."""
    data = draw_residents(REF, cancer, rows, np.random.default_rng(5))
    # The same array for both: one float64 row per resident, [sex index, age, level codes…].
    X = np.column_stack([data["sex_index"], data["age"], data["codes"]]).astype(np.float64)
    model = engine.models[cancer]
    w = np.random.default_rng(1).normal(size=X.shape[1])
    ours_times, bare_times = [], []
    for _ in range(9):  # alternate, so that both see the same machine; keep the best of each
        ours_times.append(_timed(lambda: model.risk_rows(X)))
        bare_times.append(_timed(lambda: 1.0 / (1.0 + np.exp(-(X @ w)))))
    return rows / min(ours_times), rows / min(bare_times)


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    rng = np.random.default_rng(2026)
    engine = Engine.from_directory(MODELS_DIR)
    estimators = {c: load_estimator(MODELS_DIR / c) for c in CANCERS}
    people = sample_residents(2_000, rng)
    fast = best_of(5, lambda: per_resident_fast(engine, people))
    slow = best_of(3, lambda: per_resident_predict_proba(estimators, people[:300]))
    print("== one resident, all applicable cancers")
    print(f"fast path (additive tables): {fast:8.2f} µs per resident  (target <= 50)")
    print(f"predict_proba:               {slow:8.2f} µs per resident")
    print(f"speed-up:                    {slow / fast:8.1f} x")
    print("== batch, 1,000,000 factor rows per cancer")
    for cancer in CANCERS:
        ours, bare = batch(engine, cancer)
        print(f"{cancer:10s} risk_rows {ours / 1e6:6.2f} M rows/s | bare NumPy dot+sigmoid "
              f"{bare / 1e6:6.2f} M rows/s | ratio {ours / bare:5.2f}  (target >= 0.5)")


if __name__ == "__main__":
    main()
