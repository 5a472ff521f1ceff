"""Load script: N shared assessments in one centre, for the doctors' side benchmarks.

Realistic rather than random: a pool of a few hundred residents (ages 40-74, both sexes,
smokers, family histories, hepatitis B, positive FITs, a red-flag symptom now and then) is
submitted through the app's own ``submit_assessment``, so every stored answer, result and
per-cancer row is what the scoring pipeline makes and is encrypted with the app's data keys.
Those rows are then copied N times with bulk Core inserts (``COPY`` on PostgreSQL), each copy
with its own id, submission time (spread over two years), name and phone (encrypted like the
app does; their search keys made by ``backend.assessments.queue``), follow-ups (contacted,
booked, unreachable, screened with an outcome, declined), some doctors' tumour markers, and
a few people who submitted twice. The queue row of each copy is replayed with the app's own
``backend.doctors.queue.plan``, so tiers, due dates and open/closed states are consistent.

Columns are written only where the database has them, so the same script loads main's
schema (to measure "before") and later ones.

Run::

    createdb -h 127.0.0.1 -U postgres h15a_1m
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/h15a_1m \
        .venv/bin/python bench/load_doctors.py -n 1000000
    DATABASE_URL=sqlite:////tmp/doctors_100k.sqlite3 .venv/bin/python bench/load_doctors.py -n 100000

It migrates the database, empties the assessment tables, loads, and creates the doctor
``bench-doctor`` (password ``bench-password-1``) of the centre for ``bench/doctors_list.py``.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import time
import uuid
from datetime import date, datetime, time as clock, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import text  # noqa: E402

from answer_sets import man_62_smoker, woman_58  # noqa: E402
from backend.app import create_app  # noqa: E402
from backend.extensions import db  # noqa: E402

CENTRE = "DEMO-HC-01"
DOCTOR, PASSWORD = "bench-doctor", "bench-password-1"
CHUNK = 5_000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "建国秀英明华丽娟伟芳敏静强磊军洋勇艳杰娜涛超霞平刚桂兰玉梅志红文海云峰波"
NOTES = ("电话已联系，本人同意预约。", "家属代接，约下周再打。", "已预约社区卫生服务中心。",
         "Prefers a call after 6 pm.", "已完成检查，结果已告知。")
TABLES = ("assessments", "assessment_cancers", "queue_items", "follow_ups",
          "screening_outcomes", "tumour_markers")


def _variants(rng: random.Random, n: int) -> list[dict]:
    """Answer sets of ``n`` different residents who share with the centre."""
    out = []
    for i in range(n):
        base = woman_58 if i % 2 else man_62_smoker
        age = rng.randint(40, 74)
        changes = {"birth_year": date.today().year - age, "centre": CENTRE,
                   "share_with_doctor": "yes", "contact_name": "占位", "contact_phone": "13800000000"}
        if base is man_62_smoker and rng.random() < 0.5:
            changes.update(smoking_status="never", passive_smoking="no", smoking_start_age=None,
                           cigarettes_per_day=None, smoking_years=None)
        if base is woman_58 and rng.random() < 0.5:
            changes.update(family_cancer="no", family_cancers=None, family_breast_relatives=None)
        if base is woman_58:
            changes["menopause_age"] = min(51, age - 1)
        if rng.random() < 0.15:
            changes["hbsag_test"] = "positive"
        if rng.random() < 0.06:
            changes["fit_test"] = "positive"
        if rng.random() < 0.05:
            changes["current_symptoms"] = [rng.choice(["blood_or_mucus_stool", "coughing_blood",
                                                       "cough_over_3_weeks"])]
        answers = base(**{k: v for k, v in changes.items() if v is not None})
        for key, value in changes.items():  # None: an item that no longer applies
            if value is None:
                answers.pop(key, None)
        out.append(answers)
    return out


def build_pool(size: int, rng: random.Random) -> list[dict]:
    """Submit ``size`` residents through the app; their stored rows, read back raw."""
    from backend.assessments.service import Submission, submit_assessment
    from backend.errors import DomainError

    ids, refused = [], []
    for answers in _variants(rng, size):
        try:
            row, _created = submit_assessment(Submission(str(uuid.uuid4()), "cancer-risk", "2",
                                                         answers), "zh-CN")
        except DomainError as error:
            refused.append(error)
            continue
        ids.append(row.id)
    if not ids:  # answers of an older questionnaire, say: say why rather than load nothing
        raise SystemExit(f"no resident of the pool was accepted: {refused[0].message} "
                         f"{refused[0].details or ''}")
    pool = []
    for assessment_id in ids:
        entry = {}
        for table in ("assessments", "queue_items"):
            found = db.session.execute(text(f"SELECT * FROM {table} WHERE "
                                            f"{'id' if table == 'assessments' else 'assessment_id'}"
                                            " = :id"), {"id": assessment_id}).mappings().one()
            entry[table] = dict(found)
        entry["assessment_cancers"] = [dict(r) for r in db.session.execute(text(
            "SELECT * FROM assessment_cancers WHERE assessment_id = :id"),
            {"id": assessment_id}).mappings()]
        pool.append(entry)
    db.session.execute(text("DELETE FROM assessments WHERE id IN :ids").bindparams(
        db.bindparam("ids", expanding=True)), {"ids": ids})
    db.session.commit()
    return pool


class Loader:
    """Bulk writer: COPY on PostgreSQL, executemany Core inserts on SQLite."""

    def __init__(self):
        self.dialect = db.engine.dialect.name
        self.columns = {t: [c["name"] for c in db.inspect(db.engine).get_columns(t)]
                        for t in TABLES}
        self.rows = {t: [] for t in TABLES}
        self.written = {t: 0 for t in TABLES}

    def add(self, table: str, row: dict) -> None:
        self.rows[table].append(row)

    def flush(self) -> None:
        connection = db.session.connection()
        for table in TABLES:
            rows, columns = self.rows[table], self.columns[table]
            if not rows:
                continue
            if self.dialect == "postgresql":
                cursor = connection.connection.driver_connection.cursor()
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row([row.get(c) for c in columns])
            else:
                marks = ", ".join(f":{c}" for c in columns)
                connection.execute(text(f"INSERT INTO {table} ({', '.join(columns)}) "
                                        f"VALUES ({marks})"),
                                   [{c: _sqlite(row.get(c)) for c in columns} for row in rows])
            self.written[table] += len(rows)
            self.rows[table] = []
        db.session.commit()


def _sqlite(value):
    """A value as SQLAlchemy's SQLite types store it (naive UTC text for a timestamp)."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value.isoformat() if isinstance(value, date) else value


def _person(rng: random.Random) -> tuple[str, str]:
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return name, "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))


def _follow_ups(rng: random.Random, created: datetime, tier: int, today: date) -> list:
    """A plausible follow-up history: more for urgent residents, more for older submissions."""
    age_days = (today - created.date()).days
    chance = {1: 0.7, 2: 0.35, 3: 0.03}[tier] * min(1.0, age_days / 60)
    history, day = [], created.date()
    while rng.random() < chance and len(history) < 4:
        day = day + timedelta(days=rng.randint(1, 20))
        if day >= today:
            break
        status = rng.choices(("contacted", "booked", "unreachable", "screened", "declined"),
                             (30, 20, 25, 18, 7))[0]
        later = day + timedelta(days=rng.randint(3, 30))
        history.append(SimpleNamespace(
            status=status, event_date=day,
            next_contact=later if status in ("contacted", "booked") or (
                status == "unreachable" and rng.random() < 0.5) else None,
            result=rng.choices(("normal", "abnormal", "cancer_found"), (80, 18, 2))[0]
            if status == "screened" else None,
            created_at=datetime.combine(day, clock(9 + rng.randint(0, 8)), tzinfo=timezone.utc)))
        if status in ("screened", "declined"):
            break
        chance *= 0.6
    return history


def load(n: int, seed: int, pool_size: int) -> dict:
    from backend.accounts import service as accounts
    from backend.assessments.queue import person_keys
    from backend.centres.service import load_demo_centres
    from backend.doctors import priority, queue
    from backend.encryption import encrypt_text

    rng = random.Random(seed)
    for table in reversed(TABLES):
        db.session.execute(text(f"DELETE FROM {table}"))
    db.session.execute(text("DELETE FROM audit_log"))
    db.session.commit()
    load_demo_centres()
    doctor = accounts.find_user(DOCTOR) or accounts.create_user(
        DOCTOR, PASSWORD, "doctor", CENTRE, display_name="王医生")
    started = time.perf_counter()
    pool = build_pool(pool_size, rng)
    print(f"pool: {len(pool)} residents scored through the app in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    notes = [encrypt_text(note) for note in NOTES]
    loader = Loader()
    dropped = _drop_indexes(loader)
    today, now = date.today(), datetime.now(timezone.utc)
    follow_up_id = marker_id = outcome_id = 0
    started = time.perf_counter()
    i = 0
    while i < n:
        entry = pool[rng.randrange(len(pool))]
        # One person in 30 submitted twice (months apart): the earlier is not current.
        copies = 2 if rng.random() < 1 / 30 and i + 1 < n else 1
        name, phone = _person(rng)
        keys = person_keys(CENTRE, name, phone, _birth_year(entry))
        name_enc, phone_enc = encrypt_text(name), encrypt_text(phone)
        newest = now - timedelta(seconds=rng.randint(600, 730 * 86400))
        for copy_no in range(copies):
            created = newest - timedelta(days=180 * (copies - 1 - copy_no))
            assessment_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            row = dict(entry["assessments"], id=assessment_id, created_at=created,
                       client_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                       request_hash=hashlib.sha256(assessment_id.encode()).hexdigest(),
                       token_hash=hashlib.sha256(b"t" + assessment_id.encode()).hexdigest(),
                       contact_name_enc=name_enc, contact_phone_enc=phone_enc)
            loader.add("assessments", row)
            for cancer in entry["assessment_cancers"]:
                loader.add("assessment_cancers", dict(cancer, assessment_id=assessment_id))
            markers = []
            if rng.random() < 0.01:  # a doctor entered a tumour marker (a third above its limit)
                code, _field, limit = rng.choice([m for m in _markers() if m[2]])
                value = round(limit * rng.choice((0.4, 0.7, 1.8)), 1)
                marker_id += 1
                markers.append({"marker": code, "value": value, "upper_limit": limit,
                                "measured_on": created.date()})
                loader.add("tumour_markers", {
                    "id": marker_id, "assessment_id": assessment_id, "marker": code,
                    "value": value, "upper_limit": limit, "measured_on": created.date(),
                    "created_at": created + timedelta(days=3), "created_by": doctor.id,
                    "created_by_name": "王医生"})
            tier = priority.priority_tier(_result_priority(entry), markers)
            history = _follow_ups(rng, created, tier, today)
            last_id = None
            for record in history:
                follow_up_id += 1
                last_id = follow_up_id
                loader.add("follow_ups", {
                    "id": follow_up_id, "assessment_id": assessment_id, "status": record.status,
                    "result": record.result, "cancer": None, "event_date": record.event_date,
                    "next_contact": record.next_contact, "created_at": record.created_at,
                    "note_enc": rng.choice(notes) if rng.random() < 0.4 else None,
                    "created_by": doctor.id, "created_by_name": "王医生"})
                if record.status == "screened":
                    outcome_id += 1
                    cancer = _high_cancer(entry) or "colorectal"
                    loader.add("screening_outcomes", {
                        "id": outcome_id, "follow_up_id": follow_up_id,
                        "assessment_id": assessment_id, "cancer": cancer,
                        "test": "colonoscopy" if cancer == "colorectal" else "ldct"
                        if cancer == "lung" else "gastroscopy" if cancer == "upper_gi"
                        else "liver_ultrasound_afp" if cancer == "liver" else "mammography",
                        "test_date": record.event_date,
                        "finding": {"normal": "normal", "abnormal": "benign",
                                    "cancer_found": "cancer_confirmed"}[record.result]})
            state = queue.plan(created, tier, history)
            item = dict(entry["queue_items"], assessment_id=assessment_id, tier=tier,
                        is_current=copy_no == copies - 1, last_follow_up_id=last_id,
                        red_flag=entry["assessments"]["red_flag"],
                        top_band=max((c["band_rank"] for c in entry["assessment_cancers"]),
                                     default=None),
                        **{f"band_{c['cancer']}": c["band_rank"]
                           for c in entry["assessment_cancers"]}, **keys, **state)
            loader.add("queue_items", item)
            i += 1
        if len(loader.rows["assessments"]) >= CHUNK:
            loader.flush()
            if i % 100_000 < CHUNK:
                print(f"  {i:,} rows, {time.perf_counter() - started:.0f} s", flush=True)
    loader.flush()
    _finish(loader, dropped)
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, **loader.written}


def _markers():
    from backend.scoring.vocabulary import TUMOUR_MARKERS
    return TUMOUR_MARKERS


def _result_priority(entry: dict) -> dict:
    return {"priority": entry["queue_items"]["tier"]}


def _high_cancer(entry: dict) -> str | None:
    return next((c["cancer"] for c in entry["assessment_cancers"] if c["high"]), None)


def _birth_year(entry: dict):
    return date.today().year - entry["assessments"]["age"]


def _drop_indexes(loader: Loader) -> list[str]:
    """PostgreSQL: drop the secondary indexes before the bulk load (rebuilt after, faster than
    keeping them up to date row by row); their definitions are returned."""
    if loader.dialect != "postgresql":
        return []
    rows = db.session.execute(text(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' "
        "AND i.tablename = ANY(:tables) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conname = i.indexname)"), {"tables": list(TABLES)}).all()
    for name, _definition in rows:
        db.session.execute(text(f'DROP INDEX "{name}"'))
    db.session.commit()
    return [definition for _name, definition in rows]


def _finish(loader: Loader, definitions: list[str]) -> None:
    if loader.dialect == "postgresql":
        db.session.execute(text("SET maintenance_work_mem = '512MB'"))
        for definition in definitions:
            db.session.execute(text(definition))
        for table in ("follow_ups", "tumour_markers", "screening_outcomes"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"))
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="assessments to load")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--pool", type=int, default=300, help="residents scored by the app")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL (the database is emptied and loaded).")
    app = create_app()
    with app.app_context():
        upgrade(directory=str(ROOT / "backend" / "migrations"))
        figures = load(args.n, args.seed, args.pool)
    print(f"loaded {args.n:,} assessments in {figures.pop('seconds'):.0f} s: " +
          ", ".join(f"{table} {count:,}" for table, count in figures.items()))


if __name__ == "__main__":
    main()
