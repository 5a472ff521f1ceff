"""One stored assessment as a FHIR R4 ``Bundle`` (type ``collection``). Pure: no Flask, no SQL.

The ONE place that reads the stored result's shape (``result["cancers"]`` with risk, average,
relative risk, comparison, screening status, reasons, rules, referral; ``tumour_markers_above_limit``): when the result changes
shape, this module changes and nothing else in ``backend.fhir``. ``AssessmentFacts`` is what
the service hands in; ids are pseudonymous (``ids``) so that the same resident gets the same
Patient id in every Bundle and every export.

Resources: ``Patient`` (pseudonymous identifier; name and phone only when ``contact`` is
given), the ``QuestionnaireResponse``, an ``Observation`` per rapid test and tumour marker the
resident reported (LOINC where the questionnaire item has it, the laboratory's upper limit as
reference range), a ``RiskAssessment`` per cancer and a ``ServiceRequest`` per referred test.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from backend.fhir.response import from_answers
from backend.questionnaires.fhir_format import PROJECT_BASE, UCUM, UCUM_CODES, option_system
from backend.scoring.assess import add_months

PSEUDONYM_SYSTEM = f"{PROJECT_BASE}/NamingSystem/resident-pseudonym"
CANCER_SYSTEM = f"{PROJECT_BASE}/CodeSystem/cancers"
COMPARISON_SYSTEM = f"{PROJECT_BASE}/CodeSystem/comparison-with-peers"
STATUS_SYSTEM = f"{PROJECT_BASE}/CodeSystem/screening-status"
REASON_SYSTEM = f"{PROJECT_BASE}/CodeSystem/screening-reason"
RULE_SYSTEM = f"{PROJECT_BASE}/CodeSystem/guideline-rules"
TEST_SYSTEM = f"{PROJECT_BASE}/CodeSystem/screening-tests"
MODEL_SYSTEM = f"{PROJECT_BASE}/CodeSystem/risk-models"
SCREENING_CENTRE_SYSTEM = f"{PROJECT_BASE}/NamingSystem/screening-centre"
SNOMED = "http://snomed.info/sct"
RESULT_CODES = {"positive": ("10828004", "Positive"), "negative": ("260385009", "Negative")}
OBSERVATION_CATEGORY = {"coding": [{
    "system": "http://terminology.hl7.org/CodeSystem/observation-category",
    "code": "laboratory"}]}
MARKER_VALUE = re.compile(r"^marker_(?P<name>.+)_value$")
RISK_YEARS = 5


@dataclass(frozen=True)
class AssessmentFacts:
    """What one Bundle needs from a stored assessment (the service builds it from the row)."""

    id: str
    created_at: datetime
    language: str
    sex: str
    answers: dict
    result: dict
    definition: object  # the working-form Definition the answers were written for
    patient_id: str  # pseudonymous, stable for the resident
    contact: dict | None = None  # {"name", "phone"} only for the resident's own centre
    cancer_names: dict = field(default_factory=dict)  # cancer code -> English name
    test_names: dict = field(default_factory=dict)  # test code -> English name
    centres_for: object = None  # tests -> [(code, name)] of screening centres offering them


def _ref(kind: str, resource_id: str) -> dict:
    return {"reference": f"{kind}/{resource_id}"}


def _rid(facts: AssessmentFacts, kind: str, suffix: str = "") -> str:
    """A resource id derived from the assessment's pseudonymous id (``facts.id``).

    FHIR ids allow letters, digits, ``-`` and ``.`` only: linkIds' underscores become ``-``.
    """
    tail = f"-{suffix}" if suffix else ""
    return f"{facts.id}-{kind.lower()}{tail}".replace("_", "-")[:64]


def _instant(moment: datetime) -> str:
    """An instant with its time zone (SQLite gives the stored UTC time back without one)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()


def patient(facts: AssessmentFacts) -> dict:
    resource = {"resourceType": "Patient", "id": facts.patient_id,
                "identifier": [{"system": PSEUDONYM_SYSTEM, "value": facts.patient_id}],
                "gender": facts.sex if facts.sex in ("male", "female") else "unknown"}
    birth_year = facts.answers.get(facts.definition.birth_year_item or "")
    if isinstance(birth_year, int):
        resource["birthDate"] = f"{birth_year:04d}"
    if facts.contact and facts.contact.get("name"):
        resource["name"] = [{"text": facts.contact["name"]}]
    if facts.contact and facts.contact.get("phone"):
        resource["telecom"] = [{"system": "phone", "value": facts.contact["phone"],
                                "use": "mobile"}]
    return resource


def questionnaire_response(facts: AssessmentFacts) -> dict:
    public = {k: v for k, v in facts.answers.items() if k not in facts.definition.personal_items}
    resource = from_answers(facts.definition, public, authored=_instant(facts.created_at),
                            language=facts.language)
    return {"resourceType": "QuestionnaireResponse", "id": _rid(facts, "QR"),
            **{k: v for k, v in resource.items() if k != "resourceType"},
            "subject": _ref("Patient", facts.patient_id)}


def _item_code(facts: AssessmentFacts, item: dict) -> dict:
    codings = list(item.get("code", ()))
    codings.append({"system": f"{PROJECT_BASE}/CodeSystem/{facts.definition.id}",
                    "code": item["linkId"]})
    return {"coding": codings, "text": item.get("text", item["linkId"])}


def _quantity(value, unit: str | None) -> dict:
    quantity = {"value": value}
    if unit:
        quantity["unit"] = unit
        if unit in UCUM_CODES:
            quantity.update(system=UCUM, code=UCUM_CODES[unit])
    return quantity


def _observation(facts: AssessmentFacts, item: dict, value: dict, extra: dict) -> dict:
    return {"resourceType": "Observation", "id": _rid(facts, "obs", item["linkId"]),
            "status": "final", "category": [OBSERVATION_CATEGORY],
            "code": _item_code(facts, item), "subject": _ref("Patient", facts.patient_id),
            "issued": _instant(facts.created_at), **value, **extra,
            "derivedFrom": [_ref("QuestionnaireResponse", _rid(facts, "QR"))]}


def _test_result(facts: AssessmentFacts, item: dict, answer: str) -> dict | None:
    if answer not in RESULT_CODES:
        return None  # "not tested": nothing was observed
    snomed, display = RESULT_CODES[answer]
    concept = {"coding": [{"system": SNOMED, "code": snomed, "display": display},
                          {"system": option_system(facts.definition.id, item["linkId"]),
                           "code": answer}], "text": display}
    return _observation(facts, item, {"valueCodeableConcept": concept}, {})


def _marker(facts: AssessmentFacts, item: dict, name: str) -> dict:
    limit_id = f"marker_{name}_limit"
    extra = {}
    if isinstance(facts.answers.get(limit_id), (int, float)):
        limit_item = facts.definition.by_link.get(limit_id, {})
        high = _quantity(facts.answers[limit_id], limit_item.get("unit"))
        extra["referenceRange"] = [{"high": high, "text": "Upper limit of the laboratory"}]
    value = {"valueQuantity": _quantity(facts.answers[item["linkId"]], item.get("unit"))}
    return _observation(facts, item, value, extra)


def observations(facts: AssessmentFacts) -> list[dict]:
    """An Observation per reported rapid test (a coded choice) and tumour marker value."""
    out = []
    for item in facts.definition.items:
        answer = facts.answers.get(item["linkId"])
        if answer in (None, "", []):
            continue
        marker = MARKER_VALUE.match(item["linkId"])
        if marker and isinstance(answer, (int, float)):
            out.append(_marker(facts, item, marker["name"]))
        elif item.get("code") and item["type"] == "choice":
            observation = _test_result(facts, item, answer)
            if observation:
                out.append(observation)
    return out


def _period(facts: AssessmentFacts, months: int) -> dict:
    start = facts.created_at.date()
    return {"start": start.isoformat(), "end": add_months(start, months).isoformat()}


def _cancer_concept(facts: AssessmentFacts, cancer: str) -> dict:
    return {"coding": [{"system": CANCER_SYSTEM, "code": cancer}],
            "text": facts.cancer_names.get(cancer, cancer)}


def _comparison(cancer: dict) -> str:
    """The comparison with the age-sex average, in words (English)."""
    status = cancer["status"].replace("_", " ")
    if cancer.get("risk") is None:
        return f"No model estimate for this age; screening: {status}."
    return (f"Five-year risk {cancer['risk']:.2%} against {cancer['average_risk']:.2%} on "
            f"average for this age and sex ({cancer['relative_risk']}x, "
            f"{cancer['comparison'].replace('_', ' ')}); screening: {status}.")


def _prediction(facts: AssessmentFacts, cancer: dict) -> dict:
    prediction = {"outcome": _cancer_concept(facts, cancer["cancer"]),
                  "whenPeriod": _period(facts, 12 * RISK_YEARS),
                  "rationale": _comparison(cancer)}
    if cancer.get("comparison"):  # ages 40-74 only: the comparison with peers
        prediction["qualitativeRisk"] = {"coding": [{"system": COMPARISON_SYSTEM,
                                                     "code": cancer["comparison"]}]}
    if cancer.get("risk") is not None:
        prediction["probabilityDecimal"] = cancer["risk"]
        prediction["relativeRisk"] = cancer["relative_risk"]
    return prediction


def risk_assessments(facts: AssessmentFacts) -> list[dict]:
    """A RiskAssessment per cancer of the result."""
    versions = facts.result.get("model_versions", {})
    out = []
    for cancer in facts.result["cancers"]:
        version = versions.get(cancer["cancer"])
        resource = {
            "resourceType": "RiskAssessment", "id": _rid(facts, "risk", cancer["cancer"]),
            "status": "final", "subject": _ref("Patient", facts.patient_id),
            "occurrenceDateTime": _instant(facts.created_at),
            "code": _cancer_concept(facts, cancer["cancer"]),
            "basis": [_ref("QuestionnaireResponse", _rid(facts, "QR"))],
            "prediction": [_prediction(facts, cancer)]}
        if version:
            resource["method"] = {"coding": [{"system": MODEL_SYSTEM, "code": version}],
                                  "text": f"Zaoshai {cancer['cancer']} model {version}"}
        # The second statement: whether screening is advised now, and every reason.
        resource["reasonCode"] = [{"coding": [{"system": STATUS_SYSTEM, "code": cancer["status"]}]}] + [
            {"coding": [{"system": REASON_SYSTEM, "code": reason["code"]}]}
            for reason in cancer["reasons"]] + [
            {"coding": [{"system": RULE_SYSTEM, "code": rule}]} for rule in cancer["rules"]]
        out.append(resource)
    return out


def _service_request(facts: AssessmentFacts, cancer: dict, test: str) -> dict:
    referral = cancer["referral"]
    resource = {
        "resourceType": "ServiceRequest", "id": _rid(facts, "sr", f"{cancer['cancer']}-{test}"),
        "status": "active", "intent": "proposal",
        "code": {"coding": [{"system": TEST_SYSTEM, "code": test}],
                 "text": facts.test_names.get(test, test)},
        "subject": _ref("Patient", facts.patient_id),
        "authoredOn": _instant(facts.created_at),
        "occurrencePeriod": {"start": facts.created_at.date().isoformat(),
                             "end": referral["due_by"]},
        "reasonCode": [_cancer_concept(facts, cancer["cancer"])] + [
            {"coding": [{"system": RULE_SYSTEM, "code": rule}]} for rule in cancer["rules"]],
        "reasonReference": [_ref("RiskAssessment", _rid(facts, "risk", cancer["cancer"]))],
        "note": [{"text": f"Interval: {referral['interval'].replace('_', ' ')} "
                          f"(shortest {referral['interval_months']} months)."}]}
    centres = facts.centres_for(referral["tests"]) if facts.centres_for else []
    if centres:
        resource["performer"] = [{"identifier": {"system": SCREENING_CENTRE_SYSTEM,
                                                 "value": code}, "display": name}
                                 for code, name in centres]
    return resource


def service_requests(facts: AssessmentFacts) -> list[dict]:
    """A ServiceRequest per test of each cancer's referral (test, reason, where, by when)."""
    return [_service_request(facts, cancer, test) for cancer in facts.result["cancers"]
            if cancer.get("referral") for test in cancer["referral"]["tests"]]


def resources(facts: AssessmentFacts) -> list[dict]:
    """Every resource of one assessment, Patient first."""
    return ([patient(facts), questionnaire_response(facts)] + observations(facts)
            + risk_assessments(facts) + service_requests(facts))


def bundle(facts: AssessmentFacts, timestamp: datetime) -> dict:
    """The ``collection`` Bundle of one assessment."""
    return {"resourceType": "Bundle", "id": _rid(facts, "bundle"), "type": "collection",
            "timestamp": _instant(timestamp),
            "entry": [{"fullUrl": f"{PROJECT_BASE}/{r['resourceType']}/{r['id']}", "resource": r}
                      for r in resources(facts)]}

