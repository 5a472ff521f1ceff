"""Marshmallow schemas of the centre lists."""
from marshmallow import Schema, fields


class HealthCentreSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    district = fields.String()


class ScreeningCentreSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    address = fields.String()
    district = fields.String()
    tests = fields.List(fields.String())
    phone = fields.String()
    hours = fields.String()


class ScreeningQuerySchema(Schema):
    test = fields.String(metadata={"description": "Only centres offering this test code."})
