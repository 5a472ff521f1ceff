"""The benchmarks under bench/ still run against the current code (small sizes, SQLite).

They are how issue 15's figures are reproduced; when the questionnaire moved to v2 the load
script kept submitting v1 answers, every one was refused, and it failed with an empty-range
error that nothing caught. These runs fail as soon as a benchmark no longer works.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(script: str, *args: str, env: dict) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_doctors_load_script_and_its_benchmark_run(tmp_path):
    env = dict(os.environ, ZAOSHAI_ENV="development", ZAOSHAI_INSTANCE=str(tmp_path),
               DATABASE_URL=f"sqlite:///{tmp_path}/doctors.sqlite3")
    loaded = _run("load_doctors.py", "-n", "300", "--pool", "20", env=env)
    assert "loaded 300 assessments" in loaded and "queue_items 300" in loaded
    listed = _run("doctors_list.py", "--rounds", "1", "--no-csv", env=env)
    assert "worklist page 1" in listed and "resident detail" in listed


def test_the_batch_benchmark_runs_and_reports_its_figures(tmp_path):
    out = _run("batch.py", "--rows", "2000", env=dict(os.environ))
    assert "rows/s" in out and "MB PSS" in out and "skipped" in out


def test_the_http_benchmark_runs_both_baselines_and_counts_the_rows(tmp_path):
    out = _run("http_assess.py", "--seconds", "1", "--rounds", "1", "--answer-sets", "40",
               env=dict(os.environ))
    assert "bare Flask hello-world JSON" in out and "one INSERT of the body" in out
    assert "submission / hello-world:" in out and "of that floor" in out
    assert ": equal" in out, out  # every 201 the server sent is a stored row
    posts = [line for line in out.splitlines() if "POST" in line or "same, Accept" in line]
    assert len(posts) == 2 and all("non-2xx 0 " in line for line in posts), out  # all 40 accepted


def test_the_instruction_count_benchmark_counts_the_measured_submissions_only(tmp_path):
    out = _run("submission_instructions.py", "--warm-up", "10", "--submissions", "3", env=dict(os.environ))
    per = float(out.split(": ")[1].split(" M instructions")[0])
    assert 3 < per < 40, out  # about 10 M: neither the start-up (billions) nor nothing counted
