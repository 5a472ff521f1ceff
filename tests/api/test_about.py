"""Who runs the service: from configuration, in the request's language."""
from backend.app import create_app
from backend import config as settings


def test_operator_in_both_languages(client):
    zh = client.get("/api/v1/about?lang=zh-CN").json
    en = client.get("/api/v1/about?lang=en").json
    assert "卫生健康委员会" in zh["operator"]["name"] and "Health Commission" in en["operator"]["name"]
    assert zh["operator"]["phone"] == en["operator"]["phone"] == "12320"
    assert zh["operator"]["about"] and en["operator"]["about"] and en["retention_months"] == 60


def test_the_operator_comes_from_the_environment(monkeypatch, app):
    monkeypatch.setenv("OPERATOR_NAME_EN", "Xuhui District Health Commission")
    monkeypatch.setenv("OPERATOR_PHONE", "021-64872222")
    config = settings.TestConfig(SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    other = create_app(config, verify_models=False)
    body = other.test_client().get("/api/v1/about?lang=en").json
    assert body["operator"] == {"name": "Xuhui District Health Commission",
                                "phone": "021-64872222", "about": body["operator"]["about"]}
