"""The loop closed on a simulated city: drift shown, a refusal, recalibration, activation
(an altered version refused).

The city (backend.scoring.lab.city) is small enough to load in seconds, with liver cancer
four times the literature's so that the drift is clear and the held-out half has cases.
"""
import json
import shutil

import pytest
from sqlalchemy import select

from answer_sets import man_62_smoker, submission
from backend.assessments.tables import Assessment
from backend.extensions import db
from backend.models_runtime import forget_engine
from backend.outcomes.city import load_city
from backend.outcomes.tables import ModelActivation
from backend.scoring.lab.city import CityPlan, simulate_city
from backend.scoring.reference import default_reference

PLAN = CityPlan(residents=9000, seed=17, multipliers={"liver": 4.0, "colorectal": 0.8})
BASE = "2026.1+inc.61a4aa0e"


@pytest.fixture
def models(app, tmp_path, monkeypatch):
    """A copy of the models the test may add versions to (the repository's stay as they are)."""
    target = tmp_path / "models"
    shutil.copytree(app.config["MODELS_DIR"], target)
    monkeypatch.setitem(app.config, "MODELS_DIR", str(target))
    with app.app_context():
        forget_engine()
    yield target
    with app.app_context():
        forget_engine()


def test_the_city_is_deterministic_and_its_truth_differs_from_the_literature():
    small = CityPlan(residents=300, seed=5)
    first, again = simulate_city(default_reference(), small), simulate_city(default_reference(), small)
    assert first == again
    assert {r.sex for r in first} == {"male", "female"}
    assert all(40 <= r.age <= 74 for r in first)
    assert all("breast" not in r.factors for r in first if r.sex == "male")
    other = simulate_city(default_reference(), CityPlan(residents=300, seed=6))
    assert [r.factors for r in other] != [r.factors for r in first]


def _version_of(app, assessment_id, cancer="liver"):
    with app.app_context():
        return db.session.get(Assessment, assessment_id).result["model_versions"][cancer]


def test_drift_alert_recalibration_and_activation(app, clean_db, models, staff, tmp_path):
    runner = app.test_cli_runner()
    with app.app_context():
        added, report = load_city(PLAN)
        assert added == PLAN.residents and report.added > 0 and not report.unmatched
        assert load_city(PLAN) == (0, None)  # loaded once

    png = tmp_path / "report.png"
    result = runner.invoke(args=["models", "report", "--cancer", "liver", "--cancer", "breast",
                                 "--png", str(png)])
    assert result.exit_code == 0, result.output
    liver = result.output.split("breast (serving")[0]
    assert "DRIFT" in liver.splitlines()[3] and "ALERT" in liver
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    admin = staff("admin")
    body = admin.get("/api/v1/admin/monitoring?cancer=liver").json
    assert body["alert"] and body["overall"]["oe_low"] > 1.5
    assert body["serving"] == BASE and body["held_out_check"] is None
    assert len(body["deciles"]) == 10 and {b["band"] for b in body["bands"]} <= {"average", "raised", "high"}

    refused = runner.invoke(args=["models", "recalibrate", "--cancer", "breast"])
    assert refused.exit_code != 0 and "too few registry cases to recalibrate" in refused.output

    earlier = admin.client.post("/api/v1/assessments", json=submission(man_62_smoker(), "0e5c1c57-1a4e-4d0f-9a76-3d8a4b1c0001")).json["assessment_id"]
    made = runner.invoke(args=["models", "recalibrate", "--cancer", "liver"])
    assert made.exit_code == 0, made.output
    version = next(line.split()[3] for line in made.output.splitlines() if "new version" in line)
    assert version.startswith(BASE + "+cal.")
    folder = models / "liver" / "versions" / version
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["local_data"]["residents"] >= PLAN.residents
    assert manifest["local_data"]["events"] == body["overall"]["observed"]
    held = manifest["recalibration"]["held_out"]
    assert held["before"]["oe"] > 2 and 0.6 < held["after"]["oe"] < 1.6
    assert "## Local recalibration" in (folder / "MODEL_CARD.md").read_text()
    assert runner.invoke(args=["models", "verify"]).exit_code == 0

    # not serving until an admin activates it
    assert admin.get("/api/v1/admin/monitoring?cancer=liver").json["serving"] == BASE
    doctor = staff("doctor", "DEMO-HC-01")
    assert doctor.post(f"/api/v1/admin/models/liver/activate", json={"version": version}).status_code == 403
    assert admin.post("/api/v1/admin/models/liver/activate", json={"version": "nope"}).status_code == 404
    assert admin.post("/api/v1/admin/models/liver/activate", json={"version": version},
                      csrf=False).status_code == 403
    table = folder / "scoring.json"
    good = table.read_bytes()
    table.write_text(good.decode().replace('"intercept": ', '"intercept": 1 + '))
    altered = admin.post("/api/v1/admin/models/liver/activate", json={"version": version})
    assert altered.status_code == 409 and "sha256" in altered.json["error"]["details"]["problem"]
    assert admin.get("/api/v1/admin/monitoring?cancer=liver").json["serving"] == BASE
    table.write_bytes(good)

    # had the held-out half not borne the update out, it serves only if the admin accepts that
    manifest_file = folder / "manifest.json"
    honest = manifest_file.read_bytes()
    worse = json.loads(honest)
    for key in ("oe", "oe_low", "oe_high"):  # moved away from 1, interval and all
        worse["recalibration"]["held_out"]["after"][key] = round(held["before"][key] + 0.4, 3)
    manifest_file.write_text(json.dumps(worse))
    listed = {v["version"]: v for v in admin.get("/api/v1/admin/monitoring?cancer=liver").json["versions"]}
    assert listed[version]["fits_held_out_worse"] and not listed[BASE]["fits_held_out_worse"]
    refused = admin.post("/api/v1/admin/models/liver/activate?lang=en", json={"version": version})
    assert refused.status_code == 409 and refused.json["error"]["details"]["accept_worse"] == "required"
    assert "fits worse" in refused.json["error"]["message"] and "keep the serving version" in refused.json["error"]["message"]
    chinese = admin.post("/api/v1/admin/models/liver/activate?lang=zh-CN", json={"version": version})
    assert chinese.status_code == 409 and "保留" in chinese.json["error"]["message"]
    cli = runner.invoke(args=["models", "activate", "--cancer", "liver", "--version", version])
    assert cli.exit_code != 0 and "--accept-worse" in cli.output
    assert admin.post("/api/v1/admin/models/liver/activate",
                      json={"version": version, "accept_worse": "perhaps"}).status_code == 422
    assert admin.get("/api/v1/admin/monitoring?cancer=liver").json["serving"] == BASE
    assert admin.post("/api/v1/admin/models/liver/activate",
                      json={"version": version, "accept_worse": True}).status_code == 200
    manifest_file.write_bytes(honest)

    later = admin.client.post("/api/v1/assessments", json=submission(man_62_smoker(), "0e5c1c57-1a4e-4d0f-9a76-3d8a4b1c0002")).json["assessment_id"]
    assert _version_of(app, earlier) == BASE  # the result given before keeps its version
    assert _version_of(app, later) == version
    assert _version_of(app, later, "lung") == BASE
    with app.app_context():
        stored = db.session.get(Assessment, later).model_version
        assert stored == f"{BASE} {version}"
        assert db.session.scalars(select(ModelActivation.version)).all() == [version]

    after = admin.get("/api/v1/admin/monitoring?cancer=liver").json
    assert after["serving"] == version and after["held_out_check"]["version"] == version
    assert after["held_out_check"]["oe"] == pytest.approx(held["after"]["oe"], abs=0.01)
    assert after["held_out_check"]["live"] is False  # the figures recorded at fitting
    report = runner.invoke(args=["models", "report", "--cancer", "liver", "--png", str(png)])
    live = next(line for line in report.output.splitlines() if "held-out half" in line)
    assert f"O/E {held['after']['oe']:.2f}" in live  # rescored now: the same outcomes, same O/E
    assert "Serving versions on the held-out half: " in report.output


@pytest.mark.parametrize("role, status", [(None, 401), ("doctor", 403), ("editor", 403)])
def test_monitoring_is_for_admins_only(client, staff, role, status):
    who = staff(role, "DEMO-HC-01" if role == "doctor" else None) if role else client
    assert who.get("/api/v1/admin/monitoring?cancer=liver").status_code == status


def test_an_unknown_cancer_is_a_clear_4xx(staff):
    admin = staff("admin")
    response = admin.get("/api/v1/admin/monitoring?cancer=pancreas")
    assert response.status_code == 422 and response.json["error"]["message"]
    assert admin.post("/api/v1/admin/models/pancreas/activate", json={"version": "x"}).status_code == 404
