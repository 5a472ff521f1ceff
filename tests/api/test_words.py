"""Words on staff screens: every validation message in the request's language (marshmallow's
own messages included), Chinese punctuation in Chinese, too-short passwords reported."""
from __future__ import annotations

import re

import pytest
from marshmallow import Schema, ValidationError, fields, validate

from backend.errors import translate_field_messages

API = "/api/v1"
CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


class Everything(Schema):
    """One field per marshmallow message a staff form can meet."""

    length = fields.String(validate=validate.Length(2, 32))
    at_least = fields.String(validate=validate.Length(min=3))
    at_most = fields.String(validate=validate.Length(max=3))
    exactly = fields.String(validate=validate.Length(equal=6))
    whole = fields.Integer(validate=validate.Range(1, 100))
    above = fields.Float(validate=validate.Range(min=0, min_inclusive=False))
    below = fields.Float(validate=validate.Range(max=10, max_inclusive=False))
    pattern = fields.String(validate=validate.Regexp(r"^[A-Z]+$"))
    choice = fields.String(validate=validate.OneOf(["7", "8"]))
    subset = fields.List(fields.String(), validate=validate.ContainsOnly(["1", "2"]))
    day = fields.Date()
    moment = fields.DateTime()
    text = fields.String()
    number = fields.Float()
    items = fields.List(fields.String())
    web = fields.Url()
    mail = fields.Email()
    flag = fields.Boolean()
    needed = fields.String(required=True)
    nothing = fields.String(allow_none=False)
    nested = fields.Dict()


BAD = {"length": "x", "at_least": "ab", "at_most": "abcd", "exactly": "abc", "whole": 1000,
       "above": 0, "below": 10, "pattern": "abc", "choice": "9", "subset": ["3"], "day": "soon",
       "moment": "later", "text": 5, "number": "many", "items": "one", "web": "not a url",
       "mail": "nobody", "flag": "perhaps", "nothing": None, "nested": [1], "unknown": 1}


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_every_marshmallow_message_reaches_a_screen_in_its_language(app, lang):
    with pytest.raises(ValidationError) as raised:
        Everything().load(BAD)
    with app.test_request_context(f"/?lang={lang}"):
        translated = translate_field_messages(raised.value.messages)
    assert set(translated) == set(BAD) | {"needed"}
    for field, messages in translated.items():
        for message in messages:
            if lang == "zh-CN":
                assert CJK.search(message) and not ENGLISH_WORD.search(message), (field, message)
                assert not re.search(r"[:,]\s", message), (field, message)  # Chinese punctuation
            else:
                assert message[0].isupper() and message.endswith("."), (field, message)


def test_a_staff_form_answers_in_chinese_with_chinese_punctuation(staff):
    admin = staff("admin")
    response = admin.post(f"{API}/admin/accounts?lang=zh-CN", json={
        "username": "ab", "password": "x" * 300, "role": "doctor"})
    assert response.status_code == 422
    details = response.json["error"]["details"]
    assert details["username"] == ["请输入 3 到 64 个字符。"] or CJK.search(details["username"][0])
    for messages in details.values():
        assert all(CJK.search(m) and "Length" not in m for m in messages)


def test_a_too_short_password_is_reported_in_the_request_language(staff):
    admin = staff("admin")
    body = {"username": "dr.short", "password": "abc", "role": "editor"}
    zh = admin.post(f"{API}/admin/accounts?lang=zh-CN", json=body).json["error"]
    en = admin.post(f"{API}/admin/accounts?lang=en", json=body).json["error"]
    assert zh["details"]["password"] == ["密码至少要有 10 个字符。"]
    assert en["details"]["password"] == ["Use at least 10 characters for the password."]
