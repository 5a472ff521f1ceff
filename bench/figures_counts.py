"""Benchmark: programme figures (GET /figures's service) over programme_counts sized for a
large programme.

The figures read ``programme_counts`` (a few rows per centre, month and measure), so their cost
depends on centres × months, not on the number of assessments: this fills the table as a
programme of ``--centres`` centres over ``--months`` months would (one row per measure, cancer
and result; the counts themselves are what a million assessments would give), then times
``programme_figures`` for one centre (a doctor) and for all centres side by side (an admin),
and the CSV export. Prints the median and the worst of ``--repeat`` runs. Target (issue 13):
≤ 200 ms on PostgreSQL at 1,000,000 assessments.

Run: ``.venv/bin/python bench/figures_counts.py [--database-url postgresql://…]`` (default a
temporary SQLite file). The database is emptied and migrated first: never point it at data
you want to keep.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CANCERS = ("lung", "breast", "liver", "upper_gi", "colorectal")
RESULTS = ("normal", "abnormal", "cancer_found")


def rows(centres: int, months: int, assessments: int):
    per = max(1, assessments // (centres * months))
    for c in range(centres):
        for m in range(months):
            month = f"{2022 + m // 12}-{m % 12 + 1:02d}"
            base = {"centre_code": f"HC-{c:04d}", "month": month}
            yield {**base, "measure": "assessed", "cancer": "", "n": per}
            yield {**base, "measure": "shared", "cancer": "", "n": per * 6 // 10}
            for cancer in CANCERS:
                yield {**base, "measure": "high_risk", "cancer": cancer, "n": per // 10}
            yield {**base, "measure": "followed_up", "cancer": "", "n": per // 5}
            yield {**base, "measure": "screened", "cancer": "", "n": per // 10}
            for result in RESULTS:
                yield {**base, "measure": "result", "cancer": result, "n": per // 30}


def reset_schema(db) -> None:
    """Start from nothing and migrate (as the test suite does)."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(directory=str(ROOT / "backend" / "migrations"))


def timed(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--centres", type=int, default=50)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--assessments", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    from backend.app import create_app
    from backend.config import TestConfig, database_url

    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI=database_url(url)))
    with app.app_context():
        from sqlalchemy import insert

        from backend.accounts.staff import Staff
        from backend.assessments.tables import ProgrammeCount
        from backend.doctors.figures import figures_csv, programme_figures
        from backend.extensions import db

        reset_schema(db)
        batch = list(rows(args.centres, args.months, args.assessments))
        db.session.execute(insert(ProgrammeCount), batch)
        db.session.commit()
        admin = Staff(id=None, username="bench", role="admin")
        doctor = Staff(id=None, username="bench-dr", role="doctor", centre_code="HC-0000")
        print(f"programme_counts rows: {len(batch)} ({args.centres} centres × {args.months} "
              f"months, ~{args.assessments:,} assessments) on {db.engine.dialect.name}")
        for name, fn in (("one centre (doctor)", lambda: programme_figures(doctor)),
                         ("all centres side by side (admin)", lambda: programme_figures(admin)),
                         ("CSV, all centres", lambda: figures_csv(admin, None, "zh-CN"))):
            median, worst = timed(fn, args.repeat)
            print(f"{name:34s} median {median:7.1f} ms   worst {worst:7.1f} ms")
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
