"""Artifacts that are altered, or built for another scikit-learn, are refused before loading."""
import json
import shutil

import joblib
import pytest
import sklearn
from sklearn.linear_model import LogisticRegression

from backend.scoring.lab.artifacts import sha256_of
from backend.scoring.engine import Engine
from backend.scoring.store import MODELS_DIR, ModelArtifactError, load_estimator, verify_all


@pytest.fixture
def models(tmp_path):
    target = tmp_path / "models"
    shutil.copytree(MODELS_DIR, target, ignore=shutil.ignore_patterns("*.png", "*.md"))
    return target


def test_shipped_models_verify():
    assert set(verify_all()) == {"lung", "breast", "liver", "upper_gi", "colorectal"}


def test_tampered_joblib_is_refused_naming_file_and_fix(models):
    path = models / "liver" / "model.joblib"
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelArtifactError, match=r"liver/model\.joblib.*flask models train"):
        load_estimator(models / "liver")


def test_tampered_scoring_table_stops_the_engine(models):
    path = models / "lung" / "scoring.json"
    table = json.loads(path.read_text())
    table["intercept"] += 1.0
    path.write_text(json.dumps(table))
    with pytest.raises(ModelArtifactError, match=r"lung/scoring\.json"):
        Engine.from_directory(models)


def test_other_scikit_learn_version_is_refused(models):
    manifest_path = models / "breast" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["library_versions"]["scikit-learn"] = "1.0.2"
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(ModelArtifactError, match=r"scikit-learn 1\.0\.2 but .* is installed"):
        Engine.from_directory(models)


def test_pickle_from_another_version_is_an_error_even_with_a_matching_hash(models, monkeypatch):
    path = models / "colorectal" / "model.joblib"
    monkeypatch.setattr(sklearn.base, "__version__", "0.24.0")  # what pickles record
    joblib.dump(LogisticRegression(), path)
    monkeypatch.undo()
    manifest_path = models / "colorectal" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["artifacts"]["model.joblib"] = sha256_of(path)
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(sklearn.exceptions.InconsistentVersionWarning):
        load_estimator(models / "colorectal")


def test_missing_manifest_says_how_to_build(models):
    (models / "upper_gi" / "manifest.json").unlink()
    with pytest.raises(ModelArtifactError, match="flask models train"):
        verify_all(models)
