"""The model store: find, verify and load the trained artifacts under ``models/``.

Nothing is loaded before it is checked: the file's sha256 must match the manifest, the
installed scikit-learn must be the version the model was trained with, and the feature order
must be the one the engine encodes. A mismatch raises ``ModelArtifactError`` naming the file and
the command that fixes it. Loading the joblib file itself needs scikit-learn; verifying and
reading the scoring tables does not.
"""
from __future__ import annotations

import hashlib
import json
import os
import warnings
from importlib.metadata import version
from pathlib import Path

from backend.scoring.design import feature_names
from backend.scoring.reference import PROJECT_ROOT, Reference, default_reference
from backend.scoring.vocabulary import CANCERS

MODELS_DIR = PROJECT_ROOT / "models"
FIX_COMMAND = "flask models train"
# Which version of each cancer's model serves: ``{cancer: version}`` in ``models/active.json``.
# A cancer not listed serves its base model (``models/<cancer>/``); a local version lives in
# ``models/<cancer>/versions/<version>/`` with the same artifacts and checks.
ACTIVE_FILE = "active.json"
VERSIONS_DIR = "versions"


class ModelArtifactError(RuntimeError):
    """A model artifact is missing, altered, or was built for other library versions."""


def sha256_of(path: Path | str) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(model_dir: Path) -> dict:
    """The manifest of one model directory."""
    path = Path(model_dir) / "manifest.json"
    if not path.is_file():
        raise ModelArtifactError(f"{path} is missing; run `{FIX_COMMAND}` to build the models")
    return json.loads(path.read_text(encoding="utf-8"))


def verify_model_dir(model_dir: Path, reference: Reference | None = None) -> dict:
    """Check one model directory against its manifest; return the manifest."""
    model_dir = Path(model_dir)
    manifest = read_manifest(model_dir)
    for name, expected in manifest["artifacts"].items():
        path = model_dir / name
        if not path.is_file():
            raise ModelArtifactError(f"{path} is missing; run `{FIX_COMMAND}`")
        if sha256_of(path) != expected:
            raise ModelArtifactError(
                f"{path} does not match the sha256 in its manifest (altered or corrupted); "
                f"restore it from the repository or run `{FIX_COMMAND}`")
    trained_with = manifest["library_versions"]["scikit-learn"]
    if trained_with != version("scikit-learn"):
        raise ModelArtifactError(
            f"{model_dir / 'model.joblib'} was trained with scikit-learn {trained_with} but "
            f"{version('scikit-learn')} is installed; install scikit-learn=={trained_with} "
            f"(pyproject.toml pins it) or run `{FIX_COMMAND}`")
    reference = reference or default_reference()
    cancer = reference.cancers[manifest["cancer"]]
    if manifest["feature_names"] != feature_names(cancer, reference.age_bands):
        raise ModelArtifactError(
            f"{model_dir / 'manifest.json'}: feature order differs from this code's; "
            f"run `{FIX_COMMAND}`")
    return manifest


def read_active(models_dir: Path = MODELS_DIR) -> dict[str, str]:
    """The activated versions by cancer (empty: every cancer serves its base model)."""
    path = Path(models_dir) / ACTIVE_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def active_stamp(models_dir: Path = MODELS_DIR):
    """Changes whenever an activation is written: lets every worker notice and reload."""
    try:  # os.stat of a joined string: this runs on every submission, pathlib cost more
        stat = os.stat(os.path.join(models_dir, ACTIVE_FILE))
    except FileNotFoundError:
        return None
    return stat.st_mtime_ns, stat.st_size


def version_dir(models_dir: Path, cancer: str, version: str | None) -> Path:
    """Where one version of a cancer's model lives (None or the base version: the base)."""
    base = Path(models_dir) / cancer
    if version is None or version == read_manifest(base)["model_version"]:
        return base
    path = base / VERSIONS_DIR / version
    if not path.is_dir() or "/" in version or version.startswith("."):
        raise ModelArtifactError(f"{cancer}: no model version {version!r} under {base}")
    return path


def active_dir(models_dir: Path, cancer: str) -> Path:
    """The directory of the version that serves ``cancer``."""
    return version_dir(models_dir, cancer, read_active(models_dir).get(cancer))


def list_versions(models_dir: Path, cancer: str) -> list[dict]:
    """The base model and every local version of ``cancer`` (manifests, oldest first)."""
    base = Path(models_dir) / cancer
    manifests = [read_manifest(base)]
    versions = base / VERSIONS_DIR
    if versions.is_dir():
        manifests += sorted((read_manifest(d) for d in versions.iterdir() if d.is_dir()),
                            key=lambda m: m["trained_at"])
    return manifests


def write_active(models_dir: Path, cancer: str, version: str) -> None:
    """Make ``version`` (checked first) the one that serves ``cancer``; atomic on disk."""
    verify_model_dir(version_dir(models_dir, cancer, version))
    active = dict(read_active(models_dir), **{cancer: version})
    target = Path(models_dir) / ACTIVE_FILE
    temporary = target.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(active, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    temporary.replace(target)  # readers see the old file or the new one, never half of it


def verify_all(models_dir: Path = MODELS_DIR) -> dict[str, dict]:
    """Verify every cancer's serving model; return manifests by cancer."""
    return {cancer: verify_model_dir(active_dir(models_dir, cancer)) for cancer in CANCERS}


def load_scoring_table(model_dir: Path) -> dict:
    """The verified fast-path table of one model."""
    verify_model_dir(model_dir)
    return json.loads((Path(model_dir) / "scoring.json").read_text(encoding="utf-8"))


def load_estimator(model_dir: Path):
    """The verified scikit-learn estimator; a pickle from another version is an error."""
    import joblib
    from sklearn.exceptions import InconsistentVersionWarning

    verify_model_dir(model_dir)
    with warnings.catch_warnings():
        warnings.simplefilter("error", InconsistentVersionWarning)
        return joblib.load(Path(model_dir) / "model.joblib")
