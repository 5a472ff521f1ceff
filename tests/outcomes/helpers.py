"""Assessments with chosen risks and dates, written straight into the tables, for monitoring
tests whose figures are computed by hand (the city simulator makes the realistic ones)."""
from __future__ import annotations

import uuid
from datetime import date, datetime, time, timezone

from backend.assessments.tables import Assessment, AssessmentCancer
from backend.doctors.tables import FINDING_RESULT, FollowUp, ScreeningOutcome
from backend.extensions import db


def add_assessment(assessed: date, risks: dict, band="average", priority=3, sex="male",
                   age=60) -> str:
    """An assessment made on ``assessed`` with ``risks`` ``{cancer: five-year risk}``."""
    assessment_id = str(uuid.uuid4())
    cancers = [{"cancer": c, "risk": r, "status": "not_needed"} for c, r in risks.items()]
    db.session.add(Assessment(
        id=assessment_id, client_id=assessment_id, request_hash="0" * 64, token_hash="0" * 64,
        created_at=datetime.combine(assessed, time(9), tzinfo=timezone.utc), language="zh-CN",
        questionnaire_id="test", questionnaire_version="1", model_version="test", sex=sex,
        age=age, answers={}, factors={c: {} for c in risks}, result={"cancers": cancers},
        priority=priority,
        cancers=[AssessmentCancer(cancer=c, band=band, band_rank=0, risk=r, high=band == "high")
                 for c, r in risks.items()]))
    db.session.commit()
    return assessment_id


def add_screening(assessment_id: str, cancer: str, finding: str, tested: date) -> None:
    follow_up = FollowUp(assessment_id=assessment_id, status="screened",
                         result=FINDING_RESULT[finding], cancer=cancer, event_date=tested,
                         created_at=datetime.now(timezone.utc), created_by_name="test")
    db.session.add(follow_up)
    db.session.flush()
    db.session.add(ScreeningOutcome(follow_up_id=follow_up.id, assessment_id=assessment_id,
                                    cancer=cancer, test="liver_ultrasound_afp", test_date=tested,
                                    finding=finding))
    db.session.commit()


def registry_csv(lines) -> bytes:
    return ("identifier,cancer,diagnosis_date\n"
            + "".join(f"{a},{c},{d}\n" for a, c, d in lines)).encode()
