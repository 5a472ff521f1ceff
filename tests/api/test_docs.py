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
