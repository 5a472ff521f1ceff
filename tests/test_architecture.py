"""The import contract of pyproject.toml ([tool.importlinter]) holds, and it would catch a breach.

``lint-imports`` (import-linter) checks that imports go down the layers, that the scoring core
imports no Flask or database code, and that serving never loads the training lab. The second
test adds one upward import to a copy of the package and expects the contract to fail on it,
so a contract that silently checks nothing cannot pass.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True,
                          text=True, env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"})


def test_the_import_contract_is_kept():
    run = _lint(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "backend", tmp_path / "backend",
                    ignore=shutil.ignore_patterns("__pycache__", "migrations", "starter"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    texts = tmp_path / "backend" / "assessments" / "texts.py"
    texts.write_text(texts.read_text() + "\nimport backend.doctors.tables  # noqa\n")
    core = tmp_path / "backend" / "scoring" / "assess.py"
    core.write_text(core.read_text() + "\nimport flask  # noqa\n")
    run = _lint(tmp_path)
    assert run.returncode != 0
    assert "backend.assessments is not allowed to import backend.doctors" in run.stdout
    assert "backend.scoring.assess -> flask" in run.stdout
