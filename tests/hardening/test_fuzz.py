"""Property-based fuzzing of the whole OpenAPI surface with schemathesis.

Every operation in ``/api/openapi.json`` is called with schemathesis-generated requests, both
valid ones (positive mode: they must be accepted or refused for a documented reason) and
invalid ones (negative mode: they must be refused with a 4xx). Each operation runs as an
anonymous caller and, where it needs a session, also as signed-in staff of the right role
with the CSRF header, so that bodies are exercised beyond the 401. Operations on one
resident's assessment also run against a real, shared assessment so that doctors' follow-up
and lab bodies reach the services.

Every response must: not be a 5xx; match its documented status, content type and schema;
use the one error shape for every error; carry the security headers; and never show a stack
trace or SQL. ``FUZZ_EXAMPLES`` sets the examples per operation and mode (``make test``: a
bounded run; ``make fuzz``: a long one); the count of generated requests is printed after
the module's tests and written to test-artifacts/fuzz.txt.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, negative_data_rejection,
                                               response_schema_conformance,
                                               status_code_conformance)

from answer_sets import man_62_smoker

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
# `make test`'s bounded run sends the same requests every time (CI must not be flaky); a long
# run with FUZZ_EXAMPLES set (`make fuzz`) explores new ones on each run.
DERANDOMIZE = "FUZZ_EXAMPLES" not in os.environ
LEAKS = re.compile(r"Traceback \(most recent|sqlalchemy|psycopg|sqlite3|SELECT .* FROM|"
                   r"INSERT INTO|File \"/", re.IGNORECASE)
ROLE_BY_PREFIX = (("/api/v1/admin/", "admin"), ("/api/v1/content/articles", "editor"),
                  ("/api/v1/content/screening-centres", "editor"), ("/api/v1/doctor/", "doctor"),
                  ("/api/v1/figures", "doctor"), ("/api/v1/auth/me", "doctor"),
                  ("/api/v1/auth/password", "doctor"), ("/api/v1/auth/logout", "doctor"))
BASE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
               response_schema_conformance]


def rejects_invalid_data(ctx, response, case):
    """schemathesis's negative_data_rejection, also counting 413 as a refusal (too large)."""
    if response.status_code == 413:
        return True
    return negative_data_rejection(ctx, response, case)


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FUZZ_STATS: dict = {"requests": 0, "operations": set(), "statuses": {}}


@pytest.fixture(scope="module", autouse=True)
def report_count(request):
    """After the module: how many requests were generated, by status (the issue asks)."""
    yield
    if not FUZZ_STATS["requests"]:
        return
    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(FUZZ_STATS["statuses"].items()))
    line = (f"schemathesis: {FUZZ_STATS['requests']} generated requests over "
            f"{len(FUZZ_STATS['operations'])} operations, {EXAMPLES} examples per operation, "
            f"mode and caller (by status: {statuses})")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "fuzz.txt").write_text(line + "\n", encoding="utf-8")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n" + line)


def role_for(path: str) -> str | None:
    return next((role for prefix, role in ROLE_BY_PREFIX if path.startswith(prefix)), None)


@pytest.fixture
def api_schema(app, clean_db):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


@pytest.fixture
def shared_assessment(client, new_client_id):
    """A high-risk resident of DEMO-HC-02 who shared with their doctor: ``(id, token)``."""
    response = client.post("/api/v1/assessments", json={
        "client_id": new_client_id(), "questionnaire_id": "cancer-risk",
        "questionnaire_version": "2", "answers": man_62_smoker()})
    assert response.status_code == 201, response.json
    return response.json["assessment_id"], response.json["access_token"]


def assert_hardened(response, case) -> None:
    """What the issue asks of every response, beyond the schema checks."""
    where = f"{case.method} {case.formatted_path}"
    assert response.status_code < 500, where
    headers = {k.lower(): v for k, v in response.headers.items()}
    flat = {k: (v[0] if isinstance(v, list) else v) for k, v in headers.items()}
    assert "default-src" in flat.get("content-security-policy", ""), where
    assert flat.get("x-content-type-options") == "nosniff", where
    if response.status_code >= 400:
        # Only errors: a 2xx may echo what the fuzzer sent (a note saying "sqlite3").
        text = response.content.decode("utf-8", "replace")
        sent = repr((case.body, case.query, case.path_parameters)).lower()
        # A field name the fuzzer sent ("SQLITE3") may be named back in the 422's details.
        leaked = [m.group(0) for m in LEAKS.finditer(text) if m.group(0).lower() not in sent]
        assert not leaked, f"{where} leaks internals: {text[:300]}"
        body = response.json()
        assert set(body) == {"error"}, (where, body)
        assert isinstance(body["error"]["code"], str) and body["error"]["message"], (where, body)


def fuzz_operation(operation, mode: GenerationMode, *, cookies=None, headers=None,
                   path_parameters=None) -> None:
    """Run ``EXAMPLES`` generated requests against one operation and check each response."""
    checks = BASE_CHECKS + ([rejects_invalid_data] if mode == GenerationMode.NEGATIVE else [])
    # The app compresses for clients that ask; the WSGI transport would not decompress, so
    # ask for the plain body (compression itself is tested with the PWA's files).
    headers = {"Accept-Encoding": "identity", **(headers or {})}
    strategy = operation.as_strategy(generation_mode=mode, cookies=cookies, headers=headers,
                                     path_parameters=path_parameters)

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=DERANDOMIZE,
              phases=(Phase.explicit, Phase.generate, Phase.shrink),
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case):
        response = case.call_and_validate(checks=checks, cookies=cookies, headers=headers)
        FUZZ_STATS["requests"] += 1
        FUZZ_STATS["statuses"][response.status_code] = (
            FUZZ_STATS["statuses"].get(response.status_code, 0) + 1)
        assert_hardened(response, case)

    try:
        run()
    except Unsatisfiable:
        # Nothing in the operation can be made invalid (no parameters, or only free-text ones
        # such as a path id): the valid run covers it.
        assert mode == GenerationMode.NEGATIVE, operation.path


def operations(api_schema):
    for result in api_schema.get_all_operations():
        yield result.ok()


def staff_credentials(staff, role: str):
    signed_in = staff(role, centre="DEMO-HC-02" if role == "doctor" else None)
    token = signed_in.client.get_cookie("zaoshai_session", path="/api/").value
    return {"zaoshai_session": token}, {"X-CSRFToken": signed_in.csrf}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid", "invalid"])
def test_every_operation_as_anonymous_caller(api_schema, mode):
    for operation in operations(api_schema):
        FUZZ_STATS["operations"].add(f"{operation.method.upper()} {operation.path}")
        fuzz_operation(operation, mode)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid", "invalid"])
def test_every_protected_operation_as_signed_in_staff(api_schema, staff, shared_assessment, mode):
    """Sign in again for each operation: fuzzing one (logout, password) may end the session."""
    assessment_id, _ = shared_assessment
    for operation in operations(api_schema):
        role = role_for(operation.path)
        if role is None:
            continue
        cookies, headers = staff_credentials(staff, role)
        fuzz_operation(operation, mode, cookies=cookies, headers=headers)
        if "{assessment_id}" in operation.path:
            fuzz_operation(operation, mode, cookies=cookies, headers=headers,
                           path_parameters={"assessment_id": assessment_id})


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid", "invalid"])
def test_residents_own_assessment_with_its_token(api_schema, shared_assessment, mode):
    """Reading and erasing a real assessment with its bearer token, any query or header."""
    assessment_id, token = shared_assessment
    for operation in operations(api_schema):
        if operation.path == "/api/v1/assessments/{assessment_id}" and operation.method == "get":
            fuzz_operation(operation, mode, headers={"Authorization": f"Bearer {token}"},
                           path_parameters={"assessment_id": assessment_id})


def hostile_bodies():
    from test_hostile_input import HOSTILE_BODIES

    return HOSTILE_BODIES


def test_every_write_operation_refuses_hostile_json(app, staff, shared_assessment):
    """The hostile JSON bodies (lone surrogate, 5,000 levels, 4,301 digits) on every operation
    that takes a JSON body, anonymous and as each staff role: a 400 in the error shape, never a
    5xx. Deterministic, so it runs in full in every ``make test``."""
    assessment_id, _ = shared_assessment
    spec = app.test_client().get("/api/openapi.json").json
    tried = 0
    for template, method in ((p, m) for p, ops in spec["paths"].items() for m, op in ops.items()
                             if isinstance(op, dict) and "requestBody" in op):
        path = template.replace("{assessment_id}", assessment_id)
        path = re.sub(r"\{[^}]+\}", "1", path)
        role = role_for(template)
        callers = [(None, {})]
        if role:
            cookies, headers = staff_credentials(staff, role)
            callers.append((cookies["zaoshai_session"], headers))
        for session, headers in callers:
            for name, body in hostile_bodies().items():
                client = app.test_client()
                if session:
                    client.set_cookie("zaoshai_session", session, path="/api/")
                response = getattr(client, method)(
                    path, data=body, content_type="application/json", headers=headers)
                where = f"{method.upper()} {template} ({name})"
                assert response.status_code == 400, (where, response.data[:300])
                assert response.json["error"]["code"] == "invalid_input", where
                tried += 1
    assert tried > 20
