"""GET /api/v1/i18n/<lang>: the residents' app's strings, translated, with an ETag."""
import re

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_chinese_strings_of_the_app(client):
    response = client.get("/api/v1/i18n/zh-CN")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
    strings = response.get_json()
    assert strings["Next"] == "下一步" and strings["Please answer this question."] == "请回答这个问题。"
    assert all(HAN.search(text) for text in strings.values())


def test_english_is_the_msgid_and_tags_are_normalised(client):
    strings = client.get("/api/v1/i18n/en-GB").get_json()
    assert strings and all(key == value for key, value in strings.items())
    assert client.get("/api/v1/i18n/zh").get_json()["Next"] == "下一步"


def test_etag_gives_not_modified(client):
    first = client.get("/api/v1/i18n/zh-CN")
    again = client.get("/api/v1/i18n/zh-CN", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert client.get("/api/v1/i18n/en").headers["ETag"] != first.headers["ETag"]


def test_unknown_language_is_a_translated_404(client):
    response = client.get("/api/v1/i18n/fr?lang=en")
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "This language is not available."


def test_staff_strings_stay_out_of_the_residents_catalogue(client):
    residents = client.get("/api/v1/i18n/zh-CN").get_json()
    staff = client.get("/api/v1/i18n/zh-CN?app=staff").get_json()
    assert "Action queue" not in residents and staff["Action queue"] == "待办队列"
    assert set(residents) < set(staff), "the staff screens reuse the residents' modules"


def test_unknown_app_is_a_translated_422(client):
    response = client.get("/api/v1/i18n/zh-CN?app=doctors&lang=en")
    assert response.status_code == 422
    assert "app" in response.get_json()["error"]["details"]
