"""The catalogues are complete, hold every questionnaire string, and Chinese is really served."""
import json
import re

import pytest
from babel.messages.pofile import read_po

from backend.questionnaires.babel_extract import questionnaire_strings
from backend.questionnaires.definition import DEFAULT_DIRECTORY
from backend.translate_cli import (POT, TRANSLATIONS, catalogue_problems, compile_catalogues,
                                   extract_messages)

LOCALES = ("zh_Hans_CN", "en")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def catalogue(locale):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


def ids(cat):
    return {message.id for message in cat if message.id}


def questionnaire_msgids():
    found = set()
    for path in DEFAULT_DIRECTORY.glob("*/v*.json"):
        found |= {msgid for msgid, _ in questionnaire_strings(json.loads(path.read_text("utf-8")))}
    return found


def test_chinese_catalogue_folder_is_the_one_babel_looks_up():
    from babel import Locale

    assert str(Locale.parse("zh_CN")) == "zh_Hans_CN"
    assert (TRANSLATIONS / "zh_Hans_CN" / "LC_MESSAGES" / "messages.po").exists()


def test_every_msgid_is_translated_and_not_fuzzy():
    assert catalogue_problems() == []


@pytest.mark.parametrize("locale", LOCALES)
def test_every_questionnaire_string_is_in_the_catalogues(locale):
    strings = questionnaire_msgids()
    assert len(strings) > 200
    with open(POT, "rb") as handle:
        assert strings <= ids(read_po(handle))
    assert strings <= ids(catalogue(locale))


def test_english_is_the_msgid_and_chinese_is_chinese():
    for message in catalogue("en"):
        if message.id:
            assert message.string == message.id
    # Han characters, or for a separator msgid (": ", "; ") Chinese full-width punctuation.
    han = re.compile(r"[\u4e00-\u9fff\u3001\u3002\uff0c\uff1a\uff1b]")
    units = {"ng/mL", "U/mL", "mIU/mL", "interval_text"}
    for message in catalogue("zh_Hans_CN"):
        if message.id and message.id not in units and not message.id.startswith(("CA", "β")):
            assert han.search(message.string), message.id


def test_placeholders_are_kept_in_chinese():
    for message in catalogue("zh_Hans_CN"):
        if message.id:
            assert set(PLACEHOLDER.findall(message.id)) == set(
                PLACEHOLDER.findall(message.string)), message.id


def test_template_is_up_to_date_with_the_sources(tmp_path):
    fresh = tmp_path / "messages.pot"
    extract_messages(fresh)
    with open(fresh, "rb") as new, open(POT, "rb") as old:
        missing = ids(read_po(new)) - ids(read_po(old))
    assert not missing, "run `flask translate update` and translate: " + ", ".join(
        sorted(missing))


@pytest.fixture(scope="module")
def client():
    compile_catalogues()
    from backend.app import create_app
    from backend.config import TestConfig
    from backend.extensions import db

    app = create_app(TestConfig(SQLALCHEMY_DATABASE_URI="sqlite://"))
    with app.app_context():
        db.create_all()
    # no app context held open: each request must get its own ``g``, where Flask-Babel
    # caches the locale (a shared one would serve the first request's language to all)
    return app.test_client()


def test_chinese_is_served(client):
    response = client.get("/api/v1/questionnaires/cancer-risk?lang=zh-CN")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "您是男性还是女性？" in text and "癌症风险自测" in text
    assert "Are you a man or a woman?" not in text


def test_english_is_served(client):
    response = client.get("/api/v1/questionnaires/cancer-risk?lang=en")
    text = response.get_data(as_text=True)
    assert "Are you a man or a woman?" in text and "您是男性还是女性" not in text


def test_chinese_is_the_default_and_accept_language_works(client):
    assert "癌症风险自测" in client.get("/api/v1/questionnaires/cancer-risk").get_data(
        as_text=True)
    english = client.get("/api/v1/questionnaires/cancer-risk",
                         headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Cancer risk check" in english.get_data(as_text=True)


def test_etag_and_not_modified(client):
    first = client.get("/api/v1/questionnaires/cancer-risk?lang=en")
    assert first.headers["Cache-Control"] == "no-cache" and first.headers["ETag"]
    again = client.get("/api/v1/questionnaires/cancer-risk?lang=en",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    chinese = client.get("/api/v1/questionnaires/cancer-risk?lang=zh-CN")
    assert chinese.headers["ETag"] != first.headers["ETag"]


def test_list_and_not_found_are_translated(client):
    listing = client.get("/api/v1/questionnaires?lang=zh-CN").get_json()
    assert listing == [{"id": "cancer-risk", "version": "2", "title": "癌症风险自测",
                        "languages": ["zh-CN", "en"]}]
    missing = client.get("/api/v1/questionnaires/cancer-risk?version=9&lang=zh-CN")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["message"] == "没有这份问卷。"
    assert client.get("/api/v1/questionnaires/nope?lang=en").get_json()["error"][
        "message"] == "There is no such questionnaire."
