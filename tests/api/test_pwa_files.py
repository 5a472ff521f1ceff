"""The PWA's files served by the app: the residents' page at /, the staff page at /staff."""


def fetch(client, url):
    """GET ``url`` and close the file the response streams from (a ResourceWarning otherwise)."""
    with client.get(url) as response:
        response.get_data()
        return response


def test_residents_page_is_served_from_the_root(client):
    response = fetch(client, "/")
    assert response.status_code == 200 and b'<html lang="zh-CN">' in response.data
    assert response.headers["Cache-Control"] == "no-cache"


def test_staff_page_has_a_short_address(client):
    short, file = fetch(client, "/staff"), fetch(client, "/staff.html")
    assert short.status_code == 200 and short.data == file.data
    assert b"js/staff/shell.js" in short.data


def test_files_outside_the_pwa_and_unknown_api_paths_are_404(client):
    assert client.get("/../backend/app.py").status_code == 404
    assert client.get("/%2e%2e/pyproject.toml").status_code == 404
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and "error" in response.get_json()


def test_pages_and_json_are_compressed_for_clients_that_ask(client):
    import gzip

    plain = fetch(client, "/js/app.js")
    with client.get("/js/app.js", headers={"Accept-Encoding": "gzip"}) as packed:
        body = packed.get_data()
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(body) == plain.data and len(body) < len(plain.data) / 2
    catalogue = client.get("/api/v1/i18n/zh-CN", headers={"Accept-Encoding": "br, gzip"})
    assert catalogue.headers["Content-Encoding"] == "br"
    again = client.get("/api/v1/i18n/zh-CN", headers={"Accept-Encoding": "br, gzip",
                                                      "If-None-Match": catalogue.headers["ETag"]})
    assert again.status_code == 304
