"""Load a simulated city (``backend.scoring.lab.city``) into the database: ``flask seed --outcomes``.

Each simulated resident becomes an assessment scored by the serving engine on the day it was
made (through ``backend.scoring.assess``, from the factor levels directly: the city has no
questionnaire answers), marked by its questionnaire id ``city-simulation`` and never shared,
so it is in no doctor's list. A resident referred for screening who attends gets a doctor's
"screened" follow-up with the coded finding. The registry's diagnoses go through the real
registry import, as a CSV named by result numbers. Ids derive from the plan's seed, so loading
the same city again adds nothing.
"""
from __future__ import annotations

import hashlib
import io
import secrets
import uuid
from datetime import datetime, time, timezone

from sqlalchemy import insert, select

from backend.assessments.tables import Assessment, AssessmentCancer
from backend.doctors.tables import FINDING_RESULT, FollowUp, ScreeningOutcome
from backend.extensions import db
from backend.models_runtime import scoring_engine
from backend.outcomes.registry import ImportReport, import_registry
from backend.scoring.assess import assess
from backend.scoring.features import Profile
from backend.scoring.lab.city import CityPlan, Resident, screening_outcome, simulate_city
from backend.scoring.reference import default_reference

QUESTIONNAIRE = "city-simulation"
NAMESPACE = uuid.UUID("0d6f7c1e-1f57-4b8e-a3c0-5c17c1a0e517")
SIMULATOR = "City simulator (模拟城市)"
BATCH = 1000


def _id(plan: CityPlan, index: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{plan.seed}:{plan.residents}:{index}"))


def _at(day) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=timezone.utc)


def _assessment(plan: CityPlan, resident: Resident, engine) -> tuple[dict, list[dict]]:
    """The assessment's row and its per-cancer index rows, as the submission would store them."""
    result = assess(Profile(resident.sex, resident.age, resident.factors, {}), engine,
                    resident.assessed_on)
    assessment_id = _id(plan, resident.index)
    row = dict(
        id=assessment_id, client_id=assessment_id,
        request_hash=hashlib.sha256(assessment_id.encode()).hexdigest(),
        token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),  # nobody can open it
        created_at=_at(resident.assessed_on), language="zh-CN", questionnaire_id=QUESTIONNAIRE,
        questionnaire_version="1",
        model_version=" ".join(sorted(set(result["model_versions"].values()))),
        sex=resident.sex, age=resident.age, centre_code=None, shared=False,
        answers={"sex": resident.sex, "age": resident.age}, factors=resident.factors,
        result=result, red_flag=False, priority=result["priority"],
        high_risk=any(c["status"] == "recommended" for c in result["cancers"]),
        top_risk=max((c["risk"] for c in result["cancers"] if c["risk"] is not None), default=None))
    index = []
    for cancer in result["cancers"]:
        entry = AssessmentCancer.of(cancer)
        index.append(dict(assessment_id=assessment_id, cancer=entry.cancer, band=entry.band,
                          band_rank=entry.band_rank, risk=entry.risk, high=entry.high))
    return row, index


def _screenings(plan: CityPlan, resident: Resident, row: dict, registry: list) -> list:
    """The follow-ups of the referred cancers the resident was screened for (and the registry
    lines, the screening date replacing a diagnosis found by it)."""
    made = []
    diagnoses = dict(resident.diagnoses)
    for cancer in row["result"]["cancers"]:
        if cancer["status"] != "recommended" or not cancer["referral"]:
            continue
        outcome = screening_outcome(plan, resident, cancer["cancer"])
        if outcome is None:
            continue
        tested, finding, diagnosed = outcome
        if diagnosed is not None:
            diagnoses[cancer["cancer"]] = diagnosed
        follow_up = dict(assessment_id=row["id"], status="screened",
                         result=FINDING_RESULT[finding], cancer=cancer["cancer"],
                         event_date=tested, created_at=_at(tested), created_by_name=SIMULATOR)
        made.append((follow_up, dict(assessment_id=row["id"], cancer=cancer["cancer"],
                                     test=cancer["referral"]["tests"][0], test_date=tested,
                                     finding=finding)))
    registry += [(row["id"], c, d) for c, d in sorted(diagnoses.items())]
    return made


def _store(batch: list) -> None:
    """One batch in bulk INSERTs (the ORM's unit of work costs more than the scoring)."""
    db.session.execute(insert(Assessment), [row for row, _, _ in batch])
    db.session.execute(insert(AssessmentCancer), [i for _, index, _ in batch for i in index])
    pairs = [pair for _, _, made in batch for pair in made]
    if pairs:
        ids = db.session.scalars(insert(FollowUp).returning(FollowUp.id, sort_by_parameter_order=True),
                                 [f for f, _ in pairs]).all()
        db.session.execute(insert(ScreeningOutcome), [dict(o, follow_up_id=i)
                                                      for (_, o), i in zip(pairs, ids)])
    db.session.commit()


def _registry_csv(lines: list) -> bytes:
    out = io.StringIO()
    out.write("identifier,cancer,diagnosis_date\n")
    for assessment_id, cancer, diagnosed in lines:
        out.write(f"{assessment_id},{cancer},{diagnosed.isoformat()}\n")
    return out.getvalue().encode()


def load_city(plan: CityPlan = CityPlan(), progress=lambda n: None) -> tuple[int, ImportReport | None]:
    """Store the plan's city and import its registry; ``(residents added, import report)``.

    A city already loaded (its first assessment exists) is left as it is: ``(0, None)``.
    """
    if db.session.scalar(select(Assessment.id).where(Assessment.id == _id(plan, 0))):
        return 0, None
    engine, registry, batch = scoring_engine(), [], []
    for resident in simulate_city(default_reference(), plan):
        row, index = _assessment(plan, resident, engine)
        batch.append((row, index, _screenings(plan, resident, row, registry)))
        if len(batch) == BATCH:
            _store(batch)
            progress(len(batch))
            batch = []
    if batch:
        _store(batch)
        progress(len(batch))
    report = import_registry(_registry_csv(registry), f"city-{plan.seed}-registry.csv",
                             plan.complete_to)
    return plan.residents, report
