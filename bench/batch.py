"""Benchmark of ``flask assessments score-file``: rows a second and peak memory at a million rows.

Generates ``--rows`` realistic paper-campaign rows (a generator writes them straight to a
temporary file, nothing is kept in memory or in the repository): residents of 35-74, both
sexes, smokers and drinkers in plausible proportions, women's-health answers, symptoms, rapid
test results and tumour markers now and then, and about one row in 500 that a clerk mistyped
(a height of 1,750 cm, a missing answer, a broken line) so the error path is measured too.
Then runs the real command (a fresh SQLite database with the demo centres) and samples the
memory of its whole process tree (the parent and every worker) ten times a second: PSS (the
fair share of pages the workers share with the parent after fork) and RSS (counting shared
pages once per process, an upper bound).

Run: ``.venv/bin/python bench/batch.py [--rows 1000000] [--format jsonl|csv] [--out jsonl|csv]``.
Target (issue 15): >= 10,000 rows/s, peak memory < 500 MB at any size.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CENTRES = ["DEMO-HC-01", "DEMO-HC-02", "DEMO-HC-03"]
FREQ4 = ["daily", "4_6_days", "1_3_days", "under_weekly"]
FREQ3 = ["rarely", "1_3_days", "4_plus_days"]
SYMPTOMS = ["blood_or_mucus_stool", "bowel_habit_change", "coughing_blood", "cough_over_3_weeks",
            "difficulty_swallowing", "vomiting_blood_or_black_stool", "jaundice", "weight_loss"]
FAMILY = ["lung", "breast", "ovarian", "liver", "oesophageal", "stomach", "colorectal", "other"]


def _some(rng: random.Random, options: list[str], p: float) -> list[str]:
    """Each option with probability p; ["none"] when none is picked."""
    chosen = [o for o in options if rng.random() < p]
    return chosen or ["none"]


def _smoking(rng: random.Random, sex: str, age: int) -> dict:
    status = rng.choices(["never", "former", "current"],
                         [0.4, 0.15, 0.45] if sex == "male" else [0.95, 0.02, 0.03])[0]
    if status == "never":
        return {"smoking_status": status, "passive_smoking": rng.choice(["yes", "no"])}
    start = rng.randint(15, 30)
    years = max(1, min(age - start, rng.randint(5, 50)))
    out = {"smoking_status": status, "smoking_start_age": start,
           "cigarettes_per_day": rng.choice([5, 10, 15, 20, 20, 30, 40]), "smoking_years": years}
    if status == "former":
        out["quit_years"] = rng.randint(0, max(0, age - start - years))
    return out


def _alcohol(rng: random.Random, sex: str, age: int) -> dict:
    frequency = rng.choices(["never", "less_than_weekly", "weekly_or_more"],
                            [0.4, 0.3, 0.3] if sex == "male" else [0.8, 0.15, 0.05])[0]
    if frequency == "never":
        return {"alcohol_frequency": frequency}
    kinds = rng.sample(["baijiu", "beer", "wine", "rice_wine"], rng.randint(1, 2))
    out = {"alcohol_frequency": frequency, "alcohol_types": kinds,
           "drinking_years": rng.randint(1, min(40, age - 18))}
    if frequency == "weekly_or_more":
        out["drinking_days_per_week"] = rng.randint(1, 7)
    for kind in kinds:
        out[f"{kind}_per_day"] = rng.choice([0.5, 1, 2, 3, 4])
    return out


def _womens_health(rng: random.Random, age: int) -> dict:
    births = rng.choices([0, 1, 2, 3], [0.08, 0.55, 0.3, 0.07])[0]
    status = "still_menstruating" if age < 48 else rng.choice(["natural", "natural", "surgical"])
    out = {"menarche_age": rng.randint(11, 17), "menopause_status": status, "live_births": births,
           "abortions": rng.choice([0, 0, 1, 2]), "breast_biopsy": rng.choices(["no", "yes"], [0.95, 0.05])[0],
           "dense_breasts": rng.choice(["yes", "no", "never_had", "dont_know"]),
           "hrt_type": rng.choices(["none", "oestrogen_only", "combined"], [0.92, 0.04, 0.04])[0],
           "second_degree_breast_ovarian": rng.choice(["none", "none", "one", "dont_know"]),
           "breast_symptoms": rng.choices(["no", "yes"], [0.97, 0.03])[0]}
    if status != "still_menstruating":
        out["menopause_age"] = rng.randint(45, min(55, age))
    if births:
        out["first_birth_age"] = rng.randint(20, 32)
        out["breastfeeding_months"] = rng.randint(0, 24 * births)
    if out["breast_biopsy"] == "yes":
        out["atypical_hyperplasia"] = rng.choice(["yes", "no", "dont_know"])
    if out["hrt_type"] != "none":
        out["hrt_months"] = rng.randint(6, 120)
    return out


def _family(rng: random.Random) -> dict:
    history = rng.choices(["no", "yes", "dont_know"], [0.7, 0.25, 0.05])[0]
    out = {"family_cancer": history}
    if history == "yes":
        cancers = rng.sample(FAMILY, rng.randint(1, 2))
        out["family_cancers"] = cancers
        for cancer in cancers:
            if cancer != "other":
                out[f"family_{cancer}_relatives"] = [rng.choice(["parent", "sibling", "child"])]
    return out


def _tests(rng: random.Random, sex: str, age: int) -> dict:
    out = {"hbsag_test": rng.choices(["not_tested", "negative", "positive"], [0.5, 0.45, 0.05])[0],
           "fit_test": rng.choices(["not_tested", "negative", "positive"], [0.5, 0.45, 0.05])[0]}
    if age >= 45:
        out["tumour_markers_done"] = rng.choices(["no", "yes"], [0.85, 0.15])[0]
        if out["tumour_markers_done"] == "yes":
            out["marker_cea_value"] = round(rng.uniform(0.5, 8), 1)
            out["marker_afp_value"] = round(rng.uniform(1, 12), 1)
            if sex == "male":
                out["marker_psa_value"] = round(rng.uniform(0.2, 5), 2)
    return out


def resident(rng: random.Random, today: date) -> dict:
    """One plausible paper form's answers ({linkId: value}) to the current questionnaire (v2)."""
    sex = rng.choice(["male", "female"])
    age = rng.randint(35, 74)
    answers = {
        "sex": sex, "birth_year": today.year - age,
        "height_cm": rng.randint(150, 185) if sex == "male" else rng.randint(145, 172),
        "weight_kg": round(rng.uniform(45, 95), 1), "centre": rng.choice(CENTRES),
        "education": rng.choice(["primary_or_less", "junior_secondary", "senior_secondary",
                                 "junior_college", "bachelor", "postgraduate"]),
        **_smoking(rng, sex, age), **_alcohol(rng, sex, age),
        "vegetables": rng.choice(FREQ4), "fruit": rng.choice(FREQ4),
        "pickled_food": rng.choice(FREQ3), "processed_meat": rng.choice(FREQ3),
        "salty_taste": rng.choice(["light", "medium", "salty"]),
        "hot_food": rng.choice(["yes", "no"]),
        "cooking_fumes": rng.choice(["none", "a_little", "quite_a_lot", "a_lot"]),
        "exercise": rng.choice(["yes", "no"]),
        "work_exposure": _some(rng, ["asbestos", "silica", "diesel_exhaust", "coal_smoke_soot"], 0.02),
        "conditions": _some(rng, ["copd", "tuberculosis", "fatty_liver", "diabetes"], 0.05),
        "h_pylori": rng.choice(["yes", "cleared", "no", "dont_know"]),
        "stomach_conditions": _some(rng, ["atrophic_gastritis", "gastric_polyp", "gastric_ulcer"], 0.03),
        "bowel_conditions": _some(rng, ["colorectal_polyps", "chronic_colitis"], 0.03),
        "bowel_history": _some(rng, ["chronic_diarrhoea", "chronic_constipation", "appendicitis",
                                     "cholecystitis"], 0.05),
        "previous_cancer": rng.choices(["no", "yes"], [0.98, 0.02])[0],
        **_family(rng), "brca": rng.choices(["dont_know", "no", "yes"], [0.7, 0.29, 0.01])[0],
        "current_symptoms": _some(rng, SYMPTOMS, 0.005),
        **_tests(rng, sex, age), "share_with_doctor": rng.choice(["yes", "no"]),
    }
    if sex == "female":
        answers.update(_womens_health(rng, age))
    if answers["share_with_doctor"] == "yes":
        answers["contact_name"] = "张三"
        answers["contact_phone"] = f"138{rng.randint(0, 99_999_999):08d}"
    return answers


def mistyped(rng: random.Random, answers: dict) -> dict | str:
    """What a clerk gets wrong: an impossible number, a skipped answer, a broken line."""
    kind = rng.randrange(3)
    if kind == 0:
        return {**answers, "height_cm": answers["height_cm"] * 10}
    if kind == 1:
        return {k: v for k, v in answers.items() if k != "smoking_status"}
    return json.dumps(answers, ensure_ascii=False)[:-7]


def rows(n: int, seed: int = 15):
    """n rows (answers, or a broken JSON line as str); one in 500 mistyped."""
    rng, today = random.Random(seed), date.today()
    for _ in range(n):
        answers = resident(rng, today)
        yield mistyped(rng, answers) if rng.random() < 0.002 else answers


def write_jsonl(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows(n):
            handle.write((row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n")


def write_csv(path: Path, n: int, link_ids: list[str]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, link_ids)
        writer.writeheader()
        for row in rows(n):
            if isinstance(row, str):
                row = {"sex": "unknown"}  # a CSV cannot break like a JSON line; a bad code does
            writer.writerow({k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()})


def _tree(pid: int) -> list[int]:
    """pid and all its descendants (from /proc)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(children.get(current, ()))
    return out


def _memory(pids: list[int]) -> tuple[int, int]:
    """(PSS, RSS) in bytes summed over pids."""
    pss = rss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return pss, rss


def run(command: list[str], env: dict) -> tuple[float, float, int, int, str]:
    """(seconds, CPU seconds of the whole tree, peak PSS, peak RSS of the tree, stdout's last
    line). The workers are waited for by the command, so their CPU time is in its own."""
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # Files, not pipes: the command reports every bad row on stderr, which would fill a pipe.
    stdout, stderr = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=stdout, stderr=stderr, text=True)
    peak_pss = peak_rss = 0
    while process.poll() is None:
        pss, rss = _memory(_tree(process.pid))
        peak_pss, peak_rss = max(peak_pss, pss), max(peak_rss, rss)
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    stdout.seek(0)
    stderr.seek(0)
    if process.returncode:
        raise SystemExit(f"score-file failed ({process.returncode}):\n{stderr.read()[-2000:]}")
    return seconds, cpu, peak_pss, peak_rss, stdout.read().strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    parser.add_argument("--out", choices=["jsonl", "csv"], default="jsonl")
    parser.add_argument("--workers", type=int, default=None, help="score-file --workers")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="zaoshai-batch-"))
    env = dict(os.environ, FLASK_APP="backend.app:create_cli_app", ZAOSHAI_ENV="development",
               ZAOSHAI_INSTANCE=str(tmp), DATABASE_URL=f"sqlite:///{tmp}/batch.sqlite3")
    flask = str(Path(sys.executable).parent / "flask")
    subprocess.run([flask, "db", "upgrade"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([flask, "seed"], env=env, cwd=ROOT, check=True, capture_output=True)
    source, out = tmp / f"in.{args.format}", tmp / f"out.{args.out}"
    started = time.perf_counter()
    if args.format == "csv":
        sys.path.insert(0, str(ROOT))
        from backend.questionnaires.definition import get_questionnaire
        definition = get_questionnaire("cancer-risk")
        write_csv(source, args.rows, [i["linkId"] for i in definition.items if i["type"] != "group"])
    else:
        write_jsonl(source, args.rows)
    print(f"generated {args.rows:,} rows ({source.stat().st_size / 1e6:.0f} MB {args.format}) "
          f"in {time.perf_counter() - started:.1f} s")
    command = [flask, "assessments", "score-file", str(source), str(out)]
    if args.workers is not None:
        command += ["--workers", str(args.workers)]
    seconds, cpu, pss, rss, summary = run(command, env)
    cores = os.cpu_count()
    print(f"score-file {args.format} -> {args.out}: {summary}")
    print(f"{args.rows / seconds:,.0f} rows/s ({seconds:.1f} s for {args.rows:,} rows, "
          f"{cores} cores); peak memory of the process tree {pss / 1e6:.0f} MB PSS, "
          f"{rss / 1e6:.0f} MB RSS (target >= 10,000 rows/s, < 500 MB)")
    # On a shared machine the wall-clock figure depends on the neighbours: the CPU time says
    # what the command costs, and what it would do with the cores to itself.
    print(f"CPU {cpu:.1f} s in all ({args.rows / cpu:,.0f} rows per CPU-second; it had "
          f"{cpu / seconds / cores:.0%} of the {cores} cores): {args.rows / cpu * cores:,.0f} rows/s "
          f"with the cores to itself")
    for path in (source, out):
        path.unlink()


if __name__ == "__main__":
    main()
