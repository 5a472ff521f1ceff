"""FHIR in and out: QuestionnaireResponse submissions, a resident's Bundle, the bulk export."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from fhir.resources import construct_fhir_element
from sqlalchemy import select, update

from answer_sets import man_62_smoker, submission, woman_58
from backend.accounts.tables import AuditRecord, AuditSubject
from backend.assessments.tables import Assessment
from backend.extensions import db
from backend.fhir.response import from_answers
from backend.questionnaires.service import current_definition

API = "/api/v1"
FHIR_JSON = "application/fhir+json"
OWN, OTHER = "DEMO-HC-01", "DEMO-HC-02"
PERSONAS = {
    "woman_58": woman_58(),
    "man_62_smoker": man_62_smoker(),
    "man_62_markers_and_tests": man_62_smoker(
        hbsag_test="positive", fit_test="negative", tumour_markers_done="yes",
        marker_afp_value=12.5, marker_afp_limit=7.0, marker_cea_value=2.1,
        marker_cea_limit=5.0, marker_nse_value=10.0),
    "woman_58_shared": woman_58(share_with_doctor="yes", contact_name="李秀英",
                                contact_phone="13900139000"),
}


def questionnaire_response(app, answers, client_id):
    with app.app_context():
        return from_answers(current_definition("cancer-risk"), answers, client_id=client_id)


def post_fhir(client, body, lang="en"):
    return client.post(f"{API}/assessments?lang={lang}", data=json.dumps(body),
                       content_type=FHIR_JSON)


def without_ids(body):
    return {k: v for k, v in body.items()
            if k not in ("assessment_id", "access_token", "created_at", "result_code")}


def stored(app, assessment_id):
    with app.app_context():
        row = db.session.get(Assessment, assessment_id)
        return row.answers, row.result, row.shared, row.centre_code


@pytest.mark.parametrize("name", PERSONAS)
def test_questionnaire_response_gives_the_native_result(app, client, new_client_id, name):
    answers = PERSONAS[name]
    native = client.post(f"{API}/assessments?lang=en", json=submission(answers, new_client_id()))
    body = questionnaire_response(app, answers, new_client_id())
    construct_fhir_element("QuestionnaireResponse", body)  # what we send is valid R4 too
    fhir = post_fhir(client, body)
    assert (native.status_code, fhir.status_code) == (201, 201), fhir.json
    assert without_ids(fhir.json) == without_ids(native.json)
    assert stored(app, fhir.json["assessment_id"]) == stored(app, native.json["assessment_id"])
    assert fhir.headers["Location"].endswith(fhir.json["assessment_id"])


def test_a_retried_questionnaire_response_returns_the_stored_result(app, client, new_client_id):
    body = questionnaire_response(app, woman_58(), new_client_id())
    first, again = post_fhir(client, body), post_fhir(client, body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["assessment_id"] == first.json["assessment_id"]


def test_language_of_the_response_is_used(app, client, new_client_id):
    body = dict(questionnaire_response(app, woman_58(), new_client_id()), language="zh-CN")
    response = post_fhir(client, body, lang="en")
    assert response.status_code == 201 and response.json["language"] == "zh-CN"


def item_of(node, link_id):
    """The response item answering ``link_id``, wherever its group puts it."""
    for item in node.get("item", ()):
        if item["linkId"] == link_id:
            return item
        found = item_of(item, link_id)
        if found:
            return found
    return None


def broken(body, change):
    body = json.loads(json.dumps(body))
    change(body)
    return body


BAD = {
    "not_a_response": (lambda b: b.update(resourceType="Patient"), 422, "invalid_fhir_resource"),
    "no_version": (lambda b: b.update(questionnaire=b["questionnaire"].split("|")[0]), 422,
                   "invalid_fhir_resource"),
    "foreign_questionnaire": (lambda b: b.update(questionnaire="http://example.org/Q|1"), 422,
                              "invalid_fhir_resource"),
    "no_identifier": (lambda b: b.pop("identifier"), 422, "invalid_fhir_resource"),
    "in_progress": (lambda b: b.update(status="in-progress"), 422, "invalid_fhir_resource"),
    "not_r4": (lambda b: b.update(item="everything"), 422, "invalid_fhir_resource"),
    "unknown_element": (lambda b: b.update(answers={}), 422, "invalid_fhir_resource"),
    "unknown_questionnaire": (lambda b: b.update(questionnaire=b["questionnaire"].replace(
        "cancer-risk", "nope")), 404, "not_found"),
    "old_version": (lambda b: b.update(questionnaire=b["questionnaire"].split("|")[0] + "|1"),
                    409, "conflict"),
    "bad_answer": (lambda b: item_of(b, "birth_year")["answer"][0].update(valueInteger=999), 422,
                   "invalid_answers"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_questionnaire_responses_get_a_4xx_in_the_error_shape(app, client, new_client_id,
                                                                  case):
    change, status, code = BAD[case]
    body = broken(questionnaire_response(app, woman_58(), new_client_id()), change)
    response = post_fhir(client, body, lang="zh-CN")
    assert response.status_code == status, response.json
    assert response.json["error"]["code"] == code
    assert set(response.json["error"]) <= {"code", "message", "details"}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json["error"]["message"])


def test_unreadable_fhir_json_is_a_400(client):
    response = client.post(f"{API}/assessments", data="{not json", content_type=FHIR_JSON)
    assert response.status_code == 400 and response.json["error"]["code"]


# --- Bundle out -----------------------------------------------------------------------------

def shared_man(**changes):
    return man_62_smoker(**{"centre": OWN, "hbsag_test": "positive", "tumour_markers_done": "yes",
                            "marker_afp_value": 12.5, "marker_afp_limit": 7.0, **changes})


@pytest.fixture
def shared(client, new_client_id):
    response = client.post(f"{API}/assessments", json=submission(shared_man(), new_client_id()))
    assert response.status_code == 201
    return response.json["assessment_id"]


def by_type(bundle_body):
    out = {}
    for entry in bundle_body["entry"]:
        out.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    return out


def test_a_doctor_gets_the_residents_bundle(app, staff, shared):
    doctor = staff("doctor", OWN)
    response = doctor.get(f"{API}/doctor/assessments/{shared}/fhir")
    assert response.status_code == 200 and response.mimetype == FHIR_JSON
    body = response.get_json(force=True)
    construct_fhir_element("Bundle", body)
    assert body["type"] == "collection"
    resources = by_type(body)
    patient = resources["Patient"][0]
    assert patient["name"][0]["text"] == "王建国" and patient["telecom"][0]["value"]
    assert patient["identifier"][0]["value"] == patient["id"] and shared not in json.dumps(body)
    _, result, _, _ = stored(app, shared)
    risks = resources["RiskAssessment"]
    assert len(risks) == len(result["cancers"])
    liver = next(r for r in risks if r["code"]["coding"][0]["code"] == "liver")
    stored_liver = next(c for c in result["cancers"] if c["cancer"] == "liver")
    prediction = liver["prediction"][0]
    assert prediction["probabilityDecimal"] == pytest.approx(stored_liver["risk"])
    assert prediction["relativeRisk"] == stored_liver["relative_risk"]
    assert "average for this age and sex" in prediction["rationale"]
    start, end = (date.fromisoformat(prediction["whenPeriod"][k]) for k in ("start", "end"))
    assert end.year - start.year == 5
    assert liver["method"]["coding"][0]["code"] == result["model_versions"]["liver"]
    assert liver["basis"][0]["reference"].startswith("QuestionnaireResponse/")
    tests = [t for c in result["cancers"] if c["referral"] for t in c["referral"]["tests"]]
    assert sorted(s["code"]["coding"][0]["code"] for s in resources["ServiceRequest"]) == sorted(
        tests)
    request = resources["ServiceRequest"][0]
    assert request["occurrencePeriod"]["end"] and request["reasonReference"]
    observations = {o["code"]["coding"][0]["code"]: o for o in resources["Observation"]}
    assert observations["1834-1"]["referenceRange"][0]["high"]["value"] == 7.0
    assert observations["1834-1"]["valueQuantity"]["code"] == "ng/mL"
    assert observations["75410-1"]["valueCodeableConcept"]["coding"][0]["code"] == "10828004"
    response_items = json.dumps(resources["QuestionnaireResponse"][0])
    assert "13800138000" not in response_items and "王建国" not in response_items


def test_the_bundle_read_is_audited(app, staff, shared):
    staff("doctor", OWN).get(f"{API}/doctor/assessments/{shared}/fhir")
    with app.app_context():
        actions = [(r.action, r.assessment_id) for r in db.session.scalars(select(AuditRecord))]
    assert ("fhir.read", shared) in actions


@pytest.mark.parametrize("who, status", [(None, 401), (("admin", None), 403),
                                         (("editor", None), 403), (("doctor", OTHER), 404)])
def test_only_the_residents_own_centre_gets_the_bundle(client, staff, shared, who, status):
    caller = staff(*who) if who else client
    assert caller.get(f"{API}/doctor/assessments/{shared}/fhir").status_code == status


def test_a_resident_who_did_not_share_is_not_found(staff, client, new_client_id):
    response = client.post(f"{API}/assessments", json=submission(
        shared_man(share_with_doctor="no", contact_name=None, contact_phone=None),
        new_client_id()))
    assessment_id = response.json["assessment_id"]
    assert staff("doctor", OWN).get(
        f"{API}/doctor/assessments/{assessment_id}/fhir").status_code == 404


def test_the_openapi_document_has_the_fhir_media_types(client):
    spec = client.get("/api/openapi.json").json
    bundle = spec["paths"]["/api/v1/doctor/assessments/{assessment_id}/fhir"]["get"]
    assert FHIR_JSON in bundle["responses"]["200"]["content"]
    submit = spec["paths"]["/api/v1/assessments"]["post"]["requestBody"]["content"]
    assert {"application/json", FHIR_JSON} <= set(submit)


# --- bulk export ----------------------------------------------------------------------------

def read_ndjson(out):
    files = {path.stem: [json.loads(line) for line in path.read_text("utf-8").splitlines()]
             for path in out.glob("*.ndjson")}
    for kind, resources in files.items():
        for resource in resources:
            construct_fhir_element(kind, resource)  # every line parses as R4
    return files


def export(app, out, centre=OWN, since="2020-01-01"):
    result = app.test_cli_runner().invoke(
        args=["export", "fhir", "--centre", centre, "--since", since, str(out)])
    assert result.exit_code == 0, result.output
    return result


TOKENS = {}


@pytest.fixture
def seeded_centre(app, client, new_client_id):
    """OWN: two shared residents (one of them twice), one not shared; OTHER: one shared."""
    def post(answers):
        response = client.post(f"{API}/assessments", json=submission(answers, new_client_id()))
        assert response.status_code == 201, response.json
        TOKENS[response.json["assessment_id"]] = response.json["access_token"]
        return response.json["assessment_id"]
    ids = {"man": post(shared_man()), "man_again": post(shared_man(weight_kg=80)),
           "woman": post(woman_58(centre=OWN, share_with_doctor="yes", contact_name="李秀英",
                                  contact_phone="13900139000")),
           "not_shared": post(woman_58(centre=OWN)),
           "other_centre": post(shared_man(centre=OTHER, contact_phone="13700137000"))}
    return ids


def test_export_writes_ndjson_of_the_centres_consenting_residents(app, tmp_path, seeded_centre):
    result = export(app, tmp_path / "out")
    files = read_ndjson(tmp_path / "out")
    assert len(files["Patient"]) == 2  # the man's two assessments link to one Patient
    assert len(files["QuestionnaireResponse"]) == 3
    with app.app_context():
        cancers = sum(len(db.session.get(Assessment, seeded_centre[k]).result["cancers"])
                      for k in ("man", "man_again", "woman"))
    assert len(files["RiskAssessment"]) == cancers
    assert len(files["Observation"]) == 3 + 3 + 1  # HBsAg, FIT, AFP twice; the woman's HBsAg
    assert files["ServiceRequest"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert {o["type"]: o["count"] for o in manifest["output"]} == {
        kind: len(resources) for kind, resources in files.items()}
    text = "".join(p.read_text("utf-8") for p in (tmp_path / "out").glob("*.ndjson"))
    assert "王建国" not in text and "13800138000" not in text and "李秀英" not in text
    assert all(seeded_centre[k] not in text for k in seeded_centre)
    assert "3 assessments of 2 residents" in result.output
    with app.app_context():
        audit = db.session.scalars(select(AuditRecord).where(
            AuditRecord.action == "export.fhir")).one()
        listed = set(db.session.scalars(select(AuditSubject.assessment_id).where(
            AuditSubject.audit_id == audit.id)))
    assert audit.username == "cli" and audit.details["residents"] == 2
    # The export is in each exported resident's trail, like a CSV export.
    assert listed == {seeded_centre[k] for k in ("man", "man_again", "woman")}


def test_export_ids_are_stable_and_erased_residents_are_never_exported_again(
        app, client, tmp_path, seeded_centre):
    export(app, tmp_path / "first")
    first = read_ndjson(tmp_path / "first")
    woman = seeded_centre["woman"]
    response = client.delete(f"{API}/assessments/{woman}",
                             headers={"Authorization": f"Bearer {TOKENS[woman]}"})
    assert response.status_code == 204  # the resident erases her assessment
    export(app, tmp_path / "second")
    second = read_ndjson(tmp_path / "second")
    assert len(second["Patient"]) == 1
    assert second["Patient"][0]["id"] in {p["id"] for p in first["Patient"]}
    assert {r["id"] for r in second["RiskAssessment"]} < {r["id"] for r in first["RiskAssessment"]}


def test_export_since_and_unknown_centre(app, tmp_path, seeded_centre):
    with app.app_context():
        db.session.execute(update(Assessment).where(Assessment.id == seeded_centre["man"]).values(
            created_at=datetime.now(timezone.utc) - timedelta(days=40)))
        db.session.commit()
    export(app, tmp_path / "recent", since=(date.today() - timedelta(days=7)).isoformat())
    assert len(read_ndjson(tmp_path / "recent")["QuestionnaireResponse"]) == 2
    result = app.test_cli_runner().invoke(args=["export", "fhir", "--centre", "NOPE",
                                                "--since", "2020-01-01", str(tmp_path / "x")])
    assert result.exit_code != 0 and "NOPE" in result.output


ODD_BODIES = [[], "text", 1, None, {}, {"resourceType": "QuestionnaireResponse"},
              {"resourceType": "QuestionnaireResponse", "status": "completed",
               "questionnaire": "https://zaoshai.example/fhir/Questionnaire/cancer-risk|1",
               "identifier": {"value": "not-a-uuid"}}]
ODD_ANSWERS = [{"valueAttachment": {"contentType": "text/plain"}}, {"valueBoolean": True},
               {"valueCoding": {"system": "http://example.org"}}, {"valueInteger": 10 ** 12},
               {"valueString": "x" * 5000}, {"valueDate": "2020-01-01"},
               {"valueReference": {"reference": "Patient/1"}}]


@pytest.mark.parametrize("body", ODD_BODIES)
def test_odd_fhir_bodies_get_a_4xx(client, body):
    response = client.post(f"{API}/assessments", data=json.dumps(body), content_type=FHIR_JSON)
    assert 400 <= response.status_code < 500 and response.json["error"]["code"]


@pytest.mark.parametrize("answer", ODD_ANSWERS)
def test_odd_answer_values_get_a_4xx_per_item(app, client, new_client_id, answer):
    body = questionnaire_response(app, woman_58(), new_client_id())
    for item in body["item"][0]["item"][:4]:
        item["answer"] = [answer]
    body["item"].append({"linkId": "no_such_item", "answer": [answer]})
    response = post_fhir(client, body)
    assert response.status_code in (400, 422), response.json  # 400: a number far too large
    assert response.json["error"]["code"] in ("invalid_answers", "invalid_fhir_resource",
                                              "invalid_input")
