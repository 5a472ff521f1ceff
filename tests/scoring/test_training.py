"""Training is reproducible, checked, and refits to a region's own incidence table."""
import csv
import json

from backend.scoring.lab.artifacts import sha256_of
from backend.scoring.reference import INCIDENCE_PATH, load_reference
from backend.scoring.lab.training import train_models

SEED = 99


def train(tmp_path, name, incidence=INCIDENCE_PATH):
    reference = load_reference(incidence_path=incidence)
    return train_models(tmp_path / name, reference, incidence, SEED, 1_000_000_000, 1_000_000_000,
                        cancers=["breast"], progress=lambda _: None)["breast"]


def test_same_seed_same_artifacts_and_a_complete_manifest(tmp_path):
    first, second = train(tmp_path, "a"), train(tmp_path, "b")
    assert first["artifacts"] == second["artifacts"]
    for name in ("model.joblib", "scoring.json"):
        assert sha256_of(tmp_path / "a" / "breast" / name) == first["artifacts"][name]
    manifest = json.loads((tmp_path / "a" / "breast" / "manifest.json").read_text())
    assert {"python", "scikit-learn", "joblib"} <= set(manifest["library_versions"])
    assert manifest["feature_names"][0] == "cell:female:45-49"
    assert all(0.95 <= r["ratio"] <= 1.05 for r in manifest["metrics"]["observed_expected"])
    assert manifest["metrics"]["auc"] >= manifest["metrics"]["auc_true_risk"] - 0.01
    low, high = manifest["risk_bands"]["flagged_share_observed"]
    assert low <= manifest["risk_bands"]["flagged_share"] <= high
    card = (tmp_path / "a" / "breast" / "MODEL_CARD.md").read_text()
    assert "not a diagnosis" in card and "O/E" in card
    assert (tmp_path / "a" / "breast" / "calibration.png").read_bytes()[:4] == b"\x89PNG"


def test_region_incidence_makes_a_new_version_with_its_own_average(tmp_path):
    region = tmp_path / "region.csv"
    with open(INCIDENCE_PATH) as src, open(region, "w", newline="") as out:
        rows = list(csv.DictReader(src))
        writer = csv.DictWriter(out, rows[0].keys())
        writer.writeheader()
        for row in rows:
            writer.writerow(dict(row, rate_per_100000=float(row["rate_per_100000"]) * 1.5))
    base, refit = train(tmp_path, "base"), train(tmp_path, "region", region)
    assert refit["model_version"] != base["model_version"]
    assert refit["reference"]["incidence_file"] == "region.csv"
    base_avg = json.loads((tmp_path / "base/breast/scoring.json").read_text())["average_risk"]
    region_avg = json.loads((tmp_path / "region/breast/scoring.json").read_text())["average_risk"]
    assert region_avg["female"][3] / base_avg["female"][3 ] > 1.45
