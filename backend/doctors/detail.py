"""One resident's assessment as their doctor sees it: result, answers in words, follow-up
history, and the established scores beside our result. Every read is audited."""
from __future__ import annotations

from backend.accounts import audit
from backend.accounts.staff import Staff
from backend.assessments.service import decrypt
from backend.assessments.service import result_view
from backend.centres.service import list_health_centres, localised
from backend.doctors import priority, queue, records, texts
from backend.assessments.tables import QueueItem
from backend.doctors.worklist import earlier_assessments, is_overdue
from backend.extensions import db
from backend.questionnaires import service as questionnaires
from backend.scoring.established.inputs import LAB_FIELDS, established_scores


def _answers(row, language: str) -> list[dict]:
    definition = questionnaires.definition_for(row.questionnaire_id,
                                               int(row.questionnaire_version))
    centres = {c.code: localised(c, language, "name")["name"]
               for c in list_health_centres(active_only=False)}
    return texts.answers_in_words(definition, row.answers, language, centres)


def _scores(row, labs, language: str) -> list[dict]:
    lab_values = {name: getattr(labs, name) for name in LAB_FIELDS} if labs else None
    entries = established_scores(row.answers, row.sex, row.age, lab_values,
                                 row.result["cancers"])
    return [texts.score_words(entry, language) for entry in entries]


def _queue_view(row, item, language: str) -> dict | None:
    if item is None:
        return None
    reasons = priority.reasons(row.result, queue.doctor_markers(row.id))
    return {"tier": item.tier, "tier_text": texts.tier_text(language, item.tier),
            "reasons": texts.reasons_text(language, reasons), "is_open": item.is_open,
            "due_on": item.due_on.isoformat() if item.due_on else None,
            "attempts": item.attempts}


def assessment_detail(staff: Staff, assessment_id: str, language: str) -> dict:
    """Everything the doctor's screen shows about one resident (403 role, 404 not theirs)."""
    row = records.resident_assessment(staff, assessment_id)
    history = records.history(row.id)
    outcomes = records.outcomes_of([f.id for f in history])
    labs_history = records.labs_history(row.id)
    labs = labs_history[0] if labs_history else None
    item = db.session.get(QueueItem, row.id)
    detail = {
        "result": result_view(row, language),
        "reported_symptoms": [{"code": c, "text": texts.red_flag_text(language, c)}
                              for c in row.result["red_flags"]],
        "contact": {"name": decrypt(row.contact_name_enc), "phone": decrypt(row.contact_phone_enc)},
        "assisted": row.assisted_by is not None,
        "answers": _answers(row, language),
        "follow_ups": [records.follow_up_view(f, language, outcomes.get(f.id, []))
                       for f in history],
        "follow_up_status": history[-1].status if history else None,
        "overdue": is_overdue(item),
        "labs": records.labs_view(labs),
        "labs_history": [records.labs_view(entry) for entry in labs_history],
        "markers": [records.marker_view(m, language) for m in records.markers_of(row.id)],
        "queue": _queue_view(row, item, language),
        "earlier": earlier_assessments(row, language),
        "established_scores": _scores(row, labs, language),
    }
    audit.record(staff, "assessment.read", row.id)
    db.session.commit()
    return detail
