"""The fast scoring path: five-year risk, the same-age average and the band, from the tables.

Each model's calibrated logistic function is stored as an additive table (``scoring.json``):
an intercept, a term per age band and sex, a term per factor level, and the term an unknown
answer contributes. Scoring one resident is a handful of dictionary look-ups and one exp, which
is what lets one request score five cancers in microseconds (``predict_proba`` on the same
model costs two orders of magnitude more). The batch form does the same with NumPy gathers.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from backend.scoring.reference import MAX_MODEL_AGE, MIN_MODEL_AGE
from backend.scoring.vocabulary import CANCERS

AGES = 151  # batch look-up covers ages 0-150; others are clipped (and outside the model anyway)


class OutsideModelError(ValueError):
    """The model does not apply to this person (age outside 40-74, or breast for men)."""


class CancerModel:
    """One cancer's scoring table, indexed for fast look-ups."""

    def __init__(self, table: dict):
        self.cancer = table["cancer"]
        self.version = table["model_version"]
        self.sexes = tuple(table["sexes"])
        self.factors = table["factors"]
        self.factor_ids = tuple(f["id"] for f in self.factors)
        self.intercept = table["intercept"]
        self.cells = table["cell_terms"]
        self.averages = table["average_risk"]
        self.high_min_risk = table["risk_bands"]["high_min_risk"]
        self.raised_min_relative = table["risk_bands"]["raised_min_relative_risk"]
        self.unknown = table["unknown_terms"]
        self.terms = {sex: {f["id"]: dict(zip(f["levels"], table["level_terms"][sex][f["id"]]))
                            for f in self.factors} for sex in self.sexes}
        self._batch = self._batch_tables(table)
        self._fast = self._fast_tables()
        self._table = None  # built on the first batch call

    def applies_to(self, sex: str, age) -> bool:
        return sex in self.sexes and age is not None and MIN_MODEL_AGE <= age <= MAX_MODEL_AGE

    def _check(self, sex: str, age) -> int:
        if sex not in self.sexes:
            raise OutsideModelError(f"the {self.cancer} model does not apply to sex {sex!r}")
        if age is None or not MIN_MODEL_AGE <= age <= MAX_MODEL_AGE:
            raise OutsideModelError(f"the models cover ages {MIN_MODEL_AGE}-{MAX_MODEL_AGE}, not {age}")
        return (int(age) - MIN_MODEL_AGE) // 5

    def age_band(self, sex: str, age) -> int:
        """The 5-year age band the tables use (0 = 40-44); raises ``OutsideModelError``. Every
        age of a band scores alike: same sex, band and levels, same risk and average."""
        return self._check(sex, age)

    def term(self, sex: str, factor: dict, factors: dict) -> float:
        """What one factor adds to the logit (0 for the reference level or outside its group)."""
        rule = factor["applies_when"]
        if rule and factors.get(rule["factor"]) not in (None, *rule["levels"]):
            return 0.0  # e.g. passive smoking is not asked of smokers
        level = factors.get(factor["id"])
        if level is None:
            return self.unknown[sex][factor["id"]]
        try:
            return self.terms[sex][factor["id"]][level]
        except KeyError:
            raise ValueError(f"{factor['id']}: unknown level {level!r}; expected one of "
                             f"{', '.join(factor['levels'])}") from None

    def risk(self, sex: str, age, factors: dict) -> float:
        """Five-year risk; ``factors`` maps factor id to level, None or absent = unknown."""
        self._check(sex, age)  # refuse clearly before any look-up
        return self.risk_of_terms(sex, age, self.terms_of(sex, factors))

    def terms_of(self, sex: str, factors: dict) -> list[float]:
        """What each factor adds to the logit, in the model's factor order: ``term`` for every
        factor, over tables prepared per sex (this runs for every cancer of every row)."""
        out = []
        for factor_id, gate, allowed, terms, unknown in self._fast[sex]:
            if gate is not None and factors.get(gate) not in allowed:
                out.append(0.0)
                continue
            level = factors.get(factor_id)
            if level is None:
                out.append(unknown)
            elif level in terms:
                out.append(terms[level])
            else:
                out.append(self.term(sex, self.factors[len(out)], factors))  # raises, naming it
        return out

    def _fast_tables(self) -> dict[str, list[tuple]]:
        """Per sex, per factor: (id, gate factor, levels of the gate that ask it, terms, unknown)."""
        fast = {}
        for sex in self.sexes:
            fast[sex] = []
            for f in self.factors:
                rule = f["applies_when"]
                gate, allowed = (rule["factor"], frozenset((None, *rule["levels"]))) if rule else (None, None)
                fast[sex].append((f["id"], gate, allowed, self.terms[sex][f["id"]], self.unknown[sex][f["id"]]))
        return fast

    def risk_of_terms(self, sex: str, age, terms: list[float]) -> float:
        """Five-year risk from ``terms_of``: summed in factor order, so the figure is the
        same to the last bit whether the terms were computed once (the result's reasons and
        what-ifs reuse them) or afresh."""
        band = self._check(sex, age)
        logit = self.intercept + self.cells[sex][band]
        for term in terms:
            logit += term
        return 1.0 / (1.0 + math.exp(-logit))

    def average(self, sex: str, age) -> float:
        """Mean model risk of people of the same sex and 5-year age band."""
        return self.averages[sex][self._check(sex, age)]

    def band(self, sex: str, age, risk: float) -> str:
        """'high' above the threshold, 'raised' at 1.5x the same-age average, else 'average'."""
        if risk >= self.high_min_risk:
            return "high"
        return "raised" if risk >= self.raised_min_relative * self.average(sex, age) else "average"

    def _batch_tables(self, table: dict) -> dict:
        """Per factor a (sex, level + unknown) array: code -1 picks the unknown column."""
        out = {}
        for f in self.factors:
            out[f["id"]] = np.array([table["level_terms"][sex][f["id"]] + [self.unknown[sex][f["id"]]]
                                     for sex in self.sexes])
        out["_cells"] = np.array([self.cells[sex] for sex in self.sexes])
        return out

    def _gates(self) -> dict[int, tuple[int, list[int]]]:
        """Factors defined for a sub-group: column -> (parent column, parent codes that qualify)."""
        column = {f["id"]: i for i, f in enumerate(self.factors)}
        gates = {}
        for j, f in enumerate(self.factors):
            if rule := f["applies_when"]:
                parent = column[rule["factor"]]
                levels = self.factors[parent]["levels"]
                gates[j] = (parent, [levels.index(lv) for lv in rule["levels"]] + [-1])
        return gates

    def _logits(self, sex_index: np.ndarray, band: np.ndarray, codes: np.ndarray) -> np.ndarray:
        """Logits by gathering each factor's term (codes -1 = unknown)."""
        logit = self.intercept + self._batch["_cells"][sex_index, band]
        gates = self._gates()
        for j, f in enumerate(self.factors):
            term = self._batch[f["id"]][sex_index, codes[:, j]]
            if j in gates:
                parent, allowed = gates[j]
                term = np.where(np.isin(codes[:, parent], allowed), term, 0.0)
            logit += term
        return logit

    def _risk_table(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Risk of every (sex, age band, answer combination incl. unknown), NaN outside 40-74.

        The inputs are all categorical, so the whole function fits in a table of at most a few
        hundred thousand entries; a batch is then one matrix-vector product for the index and
        one gather. Slot 0 of each factor is "unknown" (code -1), slot k+1 is level k.
        """
        bases = [len(f["levels"]) + 1 for f in self.factors]
        slots = np.array(np.meshgrid(*[np.arange(b) for b in bases], indexing="ij"))
        codes = slots.reshape(len(bases), -1).T - 1
        n = len(codes)
        table = np.full((len(self.sexes), 8, n), np.nan)  # band 7 = outside the model's ages
        for s in range(len(self.sexes)):
            for band in range(7):
                logits = self._logits(np.full(n, s), np.full(n, band), codes)
                table[s, band] = 1.0 / (1.0 + np.exp(-logits))
        strides = np.cumprod([1] + bases[::-1])[:-1][::-1]
        # weights of a row [sex index, age, codes…]: sex picks its block of 8 bands, age 0
        # (its band comes from the offsets below), each code its stride
        weights = np.zeros((2 + len(bases), 2))
        weights[:, 0] = np.concatenate([[8 * n, 0], strides])  # exact in float64: all < 2**53
        weights[1, 1] = 1.0  # second output column: the age itself, read in the same pass
        band_of_age = np.full(AGES, 7)
        band_of_age[MIN_MODEL_AGE:MAX_MODEL_AGE + 1] = np.arange(MAX_MODEL_AGE - MIN_MODEL_AGE + 1) // 5
        offsets = (band_of_age * n + strides.sum()).astype(np.intp)  # +1 of every slot
        return table.ravel(), weights, offsets

    def risk_rows(self, rows) -> np.ndarray:
        """Risks for a 2-D array of rows ``[sex index, age, code per factor…]`` (-1 unknown).

        The fastest batch form: one pass of matrix products over the rows and two gathers; a
        float64 array is used without copying. Rows outside 40-74 get NaN.
        """
        if self._table is None:
            self._table = self._risk_table()
        table, weights, offsets = self._table
        rows = np.asarray(rows, dtype=np.float64)
        both = (rows @ weights).astype(np.intp)  # one pass over the rows: [index part, age]
        index = both[:, 0] + np.take(offsets, both[:, 1], mode="clip")  # ages clipped to 0-150
        return np.take(table, index)

    def risk_batch(self, sex_index, age, codes) -> np.ndarray:
        """``risk_rows`` over separate columns: sex index, age in years, codes (n x factors)."""
        return self.risk_rows(np.column_stack([sex_index, age, codes]))


class Engine:
    """All cancers' models, loaded from verified tables."""

    def __init__(self, tables: dict[str, dict]):
        self.models = {cancer: CancerModel(table) for cancer, table in tables.items()}

    @classmethod
    def from_directory(cls, models_dir: Path | None = None) -> "Engine":
        from backend.scoring.store import MODELS_DIR, active_dir, load_scoring_table

        root = Path(models_dir or MODELS_DIR)
        return cls({cancer: load_scoring_table(active_dir(root, cancer)) for cancer in CANCERS})

    def versions(self) -> dict[str, str]:
        return {cancer: model.version for cancer, model in self.models.items()}
