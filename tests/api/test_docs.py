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
