"""The OpenAPI document and its interactive docs are served by the app itself, no CDN."""
import re


def test_openapi_documents_the_resident_endpoints(client):
    spec = client.get("/api/openapi.json").json
    assert {"/api/v1/assessments", "/api/v1/assessments/{assessment_id}",
            "/api/v1/questionnaires/{questionnaire_id}"} <= set(spec["paths"])
    assert "422" in spec["paths"]["/api/v1/assessments"]["post"]["responses"]


def test_docs_page_loads_only_local_files_and_no_inline_script(client):
    page = client.get("/api/docs").get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") for s in sources), sources
    for source in sources:
        with client.get(source) as response:
            assert response.status_code == 200, source
    assert not re.search(r"<script>(?!\s*</script>)", page)  # every script has a src


STAFF_PREFIXES = ("/api/v1/doctor", "/api/v1/admin", "/api/v1/figures", "/api/v1/content/articles",
                  "/api/v1/content/targeting", "/api/v1/content/screening-centres",
                  "/api/v1/auth/me", "/api/v1/auth/password")


def test_every_staff_operation_documents_401_and_403_in_the_one_error_shape(client):
    """StaffBlueprint.staff_only is the one way a route becomes staff-only; it documents both."""
    spec = client.get("/api/openapi.json").json
    staff_ops = [(path, method, op) for path, ops in spec["paths"].items()
                 if path.startswith(STAFF_PREFIXES) for method, op in ops.items()
                 if method in ("get", "post", "put", "patch", "delete")]
    assert len(staff_ops) >= 20
    for path, method, op in staff_ops:
        for status in ("401", "403"):
            schema = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
            assert schema.endswith("/Error"), (method, path, status)
    assert not [name for name in spec["components"]["schemas"] if "Error" in name
                and name not in ("Error", "ErrorBody")]


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                yield path, method, operation


def test_every_operation_has_a_unique_operation_id(client):
    spec = client.get("/api/openapi.json").json
    ids = [operation.get("operationId") for _, _, operation in operations(spec)]
    assert all(ids) and len(ids) == len(set(ids)) and len(ids) > 30
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", i) for i in ids)


def test_security_schemes_are_declared(client):
    schemes = client.get("/api/openapi.json").json["components"]["securitySchemes"]
    assert schemes["staffSession"] == {**schemes["staffSession"], "type": "apiKey",
                                       "in": "cookie", "name": "zaoshai_session"}
    assert schemes["csrfToken"]["in"] == "header" and schemes["csrfToken"]["name"] == "X-CSRFToken"
    assert schemes["residentToken"]["type"] == "http" and schemes["residentToken"]["scheme"] == "bearer"


def test_each_operation_declares_the_credentials_it_needs(client):
    """Called with no credentials: 401 exactly where the document declares staff security (a
    generated client sends them there and only there); staff writes need the CSRF header."""
    spec = client.get("/api/openapi.json").json
    for path, method, operation in operations(spec):
        url = re.sub(r"\{[^}]+\}", "1", path)
        kwargs = {"json": {}} if method in ("post", "put", "patch") else {}
        status = getattr(client, method)(url, **kwargs).status_code
        security = operation.get("security")
        where = f"{method.upper()} {path}"
        if security is None:
            assert status != 401, where
            continue
        (needs,) = security
        if "staffSession" in needs:
            assert status == 401, (where, status)
            assert ("csrfToken" in needs) == (method != "get"), where
        else:
            # No such assessment is a 404 whatever the token: it tells nothing either way.
            assert set(needs) == {"residentToken"} and status in (401, 404), (where, status)
