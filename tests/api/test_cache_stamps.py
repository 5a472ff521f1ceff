"""Per-worker caches of centres and articles (backend.stamps) follow the database's stamp.

The editor's or admin's write is made by another process (another gunicorn worker, or another
machine): nothing in this process hears of it except through the stamp in the database, so
the next submission here must already show it.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

from answer_sets import man_62_smoker, submission
from backend.content.starter import load_starter_library

ROOT = Path(__file__).resolve().parents[2]


def in_another_worker(app, code: str) -> None:
    """Run ``code`` in a fresh interpreter with its own app on the same database."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    script = "\n".join([
        "from backend.app import create_app",
        "from backend.config import TestConfig",
        "from backend.extensions import db",
        f"app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI={url!r}), verify_models=False)",
        "with app.app_context():",
        textwrap.indent(textwrap.dedent(code).strip(), "    "),
        "    db.session.remove()",
        "    db.engine.dispose()"])
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=120,
                   env={"PATH": "/usr/bin:/bin", "ZAOSHAI_ENV": "development"})


def assess(client) -> dict:
    response = client.post("/api/v1/assessments?lang=en",
                           json=submission(man_62_smoker(), str(uuid.uuid4())))
    assert response.status_code == 201, response.json
    return response.json


def test_an_unpublish_in_another_worker_reaches_the_next_submission(app, client):
    with app.app_context():
        load_starter_library()
    first = [a["slug"] for a in assess(client)["articles"]]
    assert first, "the smoker's result links to articles"
    assert first == [a["slug"] for a in assess(client)["articles"]]  # served from the cache
    in_another_worker(app, f"""
        from backend.content import service
        service.unpublish_article({first[0]!r}, service.Author("editor-2", "Editor Two"))
    """)
    after = [a["slug"] for a in assess(client)["articles"]]
    assert first[0] not in after and after == first[1:] + after[len(first) - 1:]
    in_another_worker(app, f"""
        from backend.content import service
        service.publish_article({first[0]!r}, service.Author("editor-2", "Editor Two"))
    """)
    assert [a["slug"] for a in assess(client)["articles"]] == first


def test_a_centre_change_in_another_worker_reaches_the_next_submission(app, client):
    before = assess(client)
    assert before["health_centre"]["code"] == "DEMO-HC-02"
    in_another_worker(app, """
        from backend.centres.tables import HealthCentre
        centre = db.session.get(HealthCentre, "DEMO-HC-02")
        centre.name_en, centre.phone = "Renamed Community Health Centre", "021-12345678"
        db.session.commit()
    """)
    after = assess(client)["health_centre"]
    assert after["name"] == "Renamed Community Health Centre" and after["phone"] == "021-12345678"
    in_another_worker(app, """
        from backend.centres.tables import HealthCentre
        db.session.get(HealthCentre, "DEMO-HC-02").active = False
        db.session.commit()
    """)
    response = client.post("/api/v1/assessments?lang=en",
                           json=submission(man_62_smoker(), str(uuid.uuid4())))
    assert response.status_code == 422 and "centre" in response.json["error"]["details"]
