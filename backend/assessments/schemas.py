"""Request and response schemas of the assessment API (they also make its OpenAPI document).

The answers themselves are checked against the questionnaire they were written for
(``backend.questionnaires``), so here they are only "an object"; the result schemas document
every field the result screen reads.
"""
from marshmallow import Schema, fields, validate

from backend.content.schemas import ResultArticleSchema
from backend.i18n import LANGUAGES
from backend.scoring.vocabulary import COMPARISONS, STATUSES


class AssessmentCreateSchema(Schema):
    client_id = fields.UUID(required=True, metadata={
        "description": "Made by the phone once per assessment; a retry with the same id "
                       "returns the stored result instead of storing again."})
    questionnaire_id = fields.String(required=True, validate=validate.Length(1, 64))
    questionnaire_version = fields.String(required=True, validate=validate.Length(1, 16))
    # An object, checked item by item against the questionnaire later (JSON keys are always
    # strings: a key field would only copy each of them again).
    answers = fields.Dict(required=True, metadata={"description": "linkId -> answer value"})
    language = fields.String(load_default=None, validate=validate.OneOf(LANGUAGES))


class CodeTextSchema(Schema):
    code = fields.String()
    text = fields.String()


class RuleSchema(Schema):
    id = fields.String()
    text = fields.String()


class RaisedBySchema(Schema):
    factor = fields.String()
    level = fields.String()
    effect = fields.Float(metadata={"description": "Multiplies the odds of this cancer by this."})
    text = fields.String()


class WhatIfSchema(Schema):
    factor = fields.String()
    to = fields.String()
    risk = fields.Float()
    text = fields.String()

    class Meta:
        include = {"from": fields.String()}


class CentreSchema(Schema):
    code = fields.String()
    name = fields.String()
    address = fields.String()
    hours = fields.String()
    phone = fields.String()


class TestSchema(Schema):
    code = fields.String()
    name = fields.String()


class ReferralSchema(Schema):
    tests = fields.List(fields.Nested(TestSchema))
    interval_months = fields.Integer(metadata={"description": "The shortest interval named"})
    interval = fields.String()
    due_by = fields.String(metadata={"description": "ISO date to have the test by"})
    due_by_text = fields.String()
    centres = fields.List(fields.Nested(CentreSchema))


class PictureSchema(Schema):
    per = fields.Integer(metadata={"description": "Denominator: 1,000, 10,000 or 100,000"})
    you = fields.Integer(metadata={"description": "Whole people per `per` (0: fewer than 1)"})
    average = fields.Integer()
    you_text = fields.String()
    average_text = fields.String()
    text = fields.String(metadata={"description": "The picture in one sentence"})


class ReasonSchema(Schema):
    code = fields.String(metadata={"description": "backend.scoring.vocabulary.REASON_TEXTS"})
    rule = fields.String(allow_none=True, metadata={"description": "The rule it is part of"})
    text = fields.String(metadata={"description": "Names the answer, test or place it came from"})
    advice = fields.String()
    marker = fields.String()
    symptom = fields.String()
    age = fields.Integer()


class CancerResultSchema(Schema):
    cancer = fields.String()
    name = fields.String()
    risk = fields.Float(allow_none=True, metadata={"description": "Five-year risk, 0-1"})
    average_risk = fields.Float(allow_none=True)
    relative_risk = fields.Float(allow_none=True)
    comparison = fields.String(allow_none=True, validate=validate.OneOf(COMPARISONS), metadata={
        "description": "Against people of the same age and sex; null outside ages 40-74"})
    comparison_text = fields.String(allow_none=True)
    picture = fields.Nested(PictureSchema, allow_none=True)
    status = fields.String(validate=validate.OneOf(STATUSES))
    status_text = fields.String()
    reasons = fields.List(fields.Nested(ReasonSchema))
    advice = fields.String(allow_none=True)
    no_model_reason = fields.String(allow_none=True)
    rules = fields.List(fields.Nested(RuleSchema))
    raised_by = fields.List(fields.Nested(RaisedBySchema))
    what_if = fields.List(fields.Nested(WhatIfSchema))
    referral = fields.Nested(ReferralSchema, allow_none=True)


class MarkerSchema(Schema):
    marker = fields.String()
    name = fields.String()
    value = fields.Float()
    upper_limit = fields.Float(allow_none=True)
    cancers = fields.List(fields.String())
    cancer_names = fields.List(fields.String())
    text = fields.String()


class RedFlagSchema(Schema):
    code = fields.String()
    text = fields.String()
    clinic = fields.String(metadata={"description": "The kind of clinic to go to"})


class ChosenCentreSchema(Schema):
    code = fields.String()
    name = fields.String()
    phone = fields.String(allow_none=True)


class PlanLineSchema(Schema):
    cancer = fields.String()
    status = fields.String()
    name = fields.String()
    text = fields.String()


class PlanSchema(Schema):
    actions = fields.List(fields.Nested(PlanLineSchema))
    next = fields.String(allow_none=True)


class NextAssessmentSchema(Schema):
    months = fields.Integer()
    due = fields.String()


class QuestionnaireRefSchema(Schema):
    id = fields.String()
    version = fields.String()


class AssessmentResultSchema(Schema):
    assessment_id = fields.String()
    created_at = fields.String()
    language = fields.String()
    questionnaire = fields.Nested(QuestionnaireRefSchema)
    model_version = fields.String()
    sex = fields.String()
    age = fields.Integer()
    disclaimer = fields.String()
    see_doctor_now = fields.Boolean()
    red_flags = fields.List(fields.Nested(RedFlagSchema))
    red_flag_heading = fields.String(allow_none=True)
    red_flag_message = fields.String(allow_none=True)
    call_120 = fields.String(allow_none=True)
    health_centre = fields.Nested(ChosenCentreSchema, allow_none=True)
    tumour_markers_above_limit = fields.List(fields.Nested(MarkerSchema))
    priority = fields.Integer(metadata={"description": "1 urgent, 2 screening recommended, 3 other"})
    priority_text = fields.String()
    cancers = fields.List(fields.Nested(CancerResultSchema))
    plan = fields.Nested(PlanSchema)
    next_assessment = fields.Nested(NextAssessmentSchema, allow_none=True)
    shared_with_centre = fields.String(allow_none=True)
    articles = fields.List(fields.Nested(ResultArticleSchema), metadata={
        "description": "Published advice matched to this result, most relevant first."})
    access_token = fields.String(metadata={
        "description": "Keep it on the device: it is the only way to read or delete this "
                       "assessment. Returned on submission (and on a retry of it) only."})


class QrSchema(Schema):
    size = fields.Integer(metadata={"description": "Modules square, quiet zone included"})
    path = fields.String(metadata={"description": "SVG path data, one unit per module"})


class ShortCodeSchema(Schema):
    code = fields.String(metadata={"description": "Eight characters shown as ABCD-2345"})
    url = fields.String(metadata={"description": "The address the QR code opens"})
    qr = fields.Nested(QrSchema)


class ShortCodeOpenSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(1, 32))


class ShortCodeResultSchema(AssessmentResultSchema):
    short_code = fields.Nested(ShortCodeSchema)
