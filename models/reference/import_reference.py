"""Convert the programme's literature reference into the project's own reference files.

The shared file (``shared/reference/risk_reference.json``) is written for people; the scoring
engine wants one regular shape. This script keeps every figure's source and evidence tag and
writes two files beside itself:

* ``reference.json``: factors, levels, relative risks and prevalences per sex (a relative risk
  given once for both sexes is repeated per sex so that no reader has to special-case it),
  age bands and shares, flagged shares, and the generative model the simulation follows;
* ``incidence.csv``: the age-specific incidence table (cancer, sex, age band, rate per
  100,000), kept apart because a region replaces it with its own registry's.

Run it again only when the shared reference changes: ``python models/reference/import_reference.py
../shared/reference/risk_reference.json``.
"""
import csv
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Factors that the reference defines for a sub-group only. Passive smoking is asked of never
# smokers; for everyone else it is "not applicable" and contributes nothing.
APPLIES_WHEN = {("lung", "passive_smoking_20y"): {"factor": "smoking", "levels": ["never"]}}


def per_sex(value, sexes):
    """Return ``value`` as a ``{sex: number}`` mapping for every sex of the cancer."""
    if isinstance(value, dict):
        return {sex: value[sex] for sex in sexes}
    return {sex: value for sex in sexes}


def convert_factor(cancer, factor, sexes):
    """One factor in the project's shape, sources kept verbatim."""
    converted = {
        "id": factor["id"],
        "definition": factor["definition"],
        "sources": factor["sources"],
        "levels": [
            {"level": lvl["level"], "rr": per_sex(lvl["rr"], sexes),
             "prevalence": per_sex(lvl["prevalence"], sexes)}
            for lvl in factor["levels"]
        ],
    }
    if (cancer, factor["id"]) in APPLIES_WHEN:
        converted["applies_when"] = APPLIES_WHEN[(cancer, factor["id"])]
    return converted


def convert(shared):
    """The project reference document built from the shared one."""
    cancers = {}
    for name, cancer in shared["cancers"].items():
        sexes = cancer["sexes"]
        cancers[name] = {
            "sexes": sexes,
            "note": cancer.get("note", ""),
            "factors": [convert_factor(name, f, sexes) for f in cancer["factors"]],
            "flagged_share_observed": cancer["flagged_share_observed"],
        }
    return {
        "name": shared["name"],
        "version": shared["version"],
        "imported_from": "shared/reference/risk_reference.json",
        "evidence_tags": shared["evidence_tags"],
        "generative_model": shared["generative_model"],
        "age_bands": shared["age_bands"],
        "population_age_share_40_74": shared["population_age_share_40_74"],
        "incidence": {"file": "incidence.csv", "note": shared["incidence_per_100000"]["note"]},
        "cancers": cancers,
        "tests_not_factors": shared["tests_not_factors"],
    }


def incidence_rows(shared):
    """Rows of the incidence CSV, in the reference's order."""
    for cancer, by_sex in shared["incidence_per_100000"].items():
        if cancer == "note":
            continue
        for sex, rates in by_sex.items():
            if sex == "note":
                continue
            for band, rate in zip(shared["age_bands"], rates):
                yield {"cancer": cancer, "sex": sex, "age_band": band, "rate_per_100000": rate}


def main(path):
    shared = json.loads(Path(path).read_text(encoding="utf-8"))
    (HERE / "reference.json").write_text(
        json.dumps(convert(shared), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    with open(HERE / "incidence.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, ["cancer", "sex", "age_band", "rate_per_100000"])
        writer.writeheader()
        writer.writerows(incidence_rows(shared))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else HERE.parents[2] / "shared/reference/risk_reference.json")
