"""Feature encoding shared by training and serving: (sex, age band, factor levels) -> columns.

Each model sees one indicator per age band x sex cell (the first cell is absorbed in the
intercept) and one indicator per non-reference factor level. Bands rather than a spline because
the reference incidence is itself given per 5-year band, and band x sex cells because the two
sexes' incidence curves have different shapes. The order of ``feature_names`` is recorded in
each model's manifest; serving refuses a model whose order differs.
"""
from __future__ import annotations

import numpy as np

from backend.scoring.reference import CancerReference


def cell_names(cancer: CancerReference, bands: tuple[str, ...]) -> list[str]:
    """Name of every (sex, band) cell, in index order (sex-major)."""
    return [f"cell:{sex}:{band}" for sex in cancer.sexes for band in bands]


def sex_specific(factor, cancer: CancerReference) -> bool:
    """True when the reference gives the factor a different RR per sex (cooking fumes)."""
    return any(len({lv.rr[s] for s in cancer.sexes}) > 1 for lv in factor.levels)


def level_feature_names(cancer: CancerReference) -> list[str]:
    """``factor=level`` for every non-reference level (``@sex`` when the RR differs by sex)."""
    names = []
    for f in cancer.factors:
        suffixes = [f"@{s}" for s in cancer.sexes] if sex_specific(f, cancer) else [""]
        names += [f"{f.id}={level}{suffix}" for level in f.level_names[1:] for suffix in suffixes]
    return names


def feature_names(cancer: CancerReference, bands: tuple[str, ...]) -> list[str]:
    """All model columns: cells except the first, then factor levels."""
    return cell_names(cancer, bands)[1:] + level_feature_names(cancer)


def encode(cancer: CancerReference, bands: tuple[str, ...], sex_index: np.ndarray,
           band_index: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """The design matrix for rows with known levels (codes >= 0)."""
    rows = len(sex_index)
    n_cells = len(cancer.sexes) * len(bands)
    cells = np.zeros((rows, n_cells))
    cells[np.arange(rows), np.asarray(sex_index) * len(bands) + np.asarray(band_index)] = 1.0
    blocks = [cells[:, 1:]]
    for j, factor in enumerate(cancer.factors):
        onehot = np.zeros((rows, len(factor.levels)))
        onehot[np.arange(rows), codes[:, j]] = 1.0
        if not sex_specific(factor, cancer):
            blocks.append(onehot[:, 1:])
            continue
        per_sex = [onehot[:, 1:] * (np.asarray(sex_index) == s)[:, None]
                   for s in range(len(cancer.sexes))]
        # interleave so that columns follow level-major, sex-minor order like the names
        blocks.append(np.stack(per_sex, axis=2).reshape(rows, -1))
    return np.hstack(blocks)
