"""Request and response schemas of the model-monitoring API (admins)."""
from marshmallow import Schema, fields, validate

from backend.doctors.tables import FINDINGS
from backend.scoring.vocabulary import BANDS, CANCERS

VERDICTS = ("drift", "ok", "too_few")


class MonitoringQuerySchema(Schema):
    cancer = fields.String(load_default="liver", validate=validate.OneOf(CANCERS))


class GroupSchema(Schema):
    """Observed against expected in one group of residents."""

    residents = fields.Integer()
    observed = fields.Integer(metadata={"description": "Registry-diagnosed within five years "
                                        "of assessment (and the follow-up observed)."})
    expected = fields.Float(metadata={"description": "Sum of predicted risks over the follow-up "
                                      "observed (constant hazard)."})
    oe = fields.Float(allow_none=True)
    oe_low = fields.Float(allow_none=True, metadata={"description": "95% exact Poisson."})
    oe_high = fields.Float(allow_none=True)
    verdict = fields.String(validate=validate.OneOf(VERDICTS))
    screened = fields.Integer()
    findings = fields.Dict(keys=fields.String(validate=validate.OneOf(FINDINGS)),
                           values=fields.Integer())


class BandGroupSchema(GroupSchema):
    band = fields.String(validate=validate.OneOf(BANDS))


class DecileSchema(GroupSchema):
    decile = fields.Integer()
    mean_risk = fields.Float()
    predicted_rate = fields.Float()
    observed_rate = fields.Float()
    observed_rate_low = fields.Float(allow_none=True)
    observed_rate_high = fields.Float(allow_none=True)


class TierSchema(Schema):
    tier = fields.Integer()
    code = fields.String()
    residents = fields.Integer()
    screened = fields.Integer()
    cancers = fields.Integer()
    precancerous = fields.Integer()
    cancer_yield = fields.Float(allow_none=True)
    lesion_yield = fields.Float(allow_none=True)


class HeldOutCheckSchema(Schema):
    version = fields.String()
    residents = fields.Integer()
    observed = fields.Integer()
    expected = fields.Float()
    oe = fields.Float(allow_none=True)
    oe_low = fields.Float(allow_none=True)
    oe_high = fields.Float(allow_none=True)
    calibration_slope = fields.Float(allow_none=True)
    enough_events = fields.Boolean()
    within = fields.Boolean()
    consistent = fields.Boolean(metadata={"description": "The interval includes 1."})
    live = fields.Boolean(metadata={"description": "False: the figures recorded when the "
                                    "version was fitted."})


class ModelVersionSchema(Schema):
    version = fields.String()
    created_at = fields.String()
    serving = fields.Boolean()
    recalibrated_from = fields.String(allow_none=True)
    local_data = fields.Dict(allow_none=True)
    recalibration = fields.Dict(allow_none=True)
    fits_held_out_worse = fields.Boolean(metadata={
        "description": "The held-out residents' O/E moved away from 1: activating needs "
                       "accept_worse."})


class MonitoringSchema(Schema):
    cancer = fields.String()
    period = fields.List(fields.String(), allow_none=True)
    complete_to = fields.String(allow_none=True)
    overall = fields.Nested(GroupSchema)
    bands = fields.List(fields.Nested(BandGroupSchema))
    deciles = fields.List(fields.Nested(DecileSchema))
    tiers = fields.List(fields.Nested(TierSchema))
    alert = fields.Boolean()
    too_few_events = fields.Boolean()
    min_events = fields.Integer()
    serving = fields.String()
    held_out_check = fields.Nested(HeldOutCheckSchema, allow_none=True)
    versions = fields.List(fields.Nested(ModelVersionSchema))
    held_out_limits = fields.List(fields.Float())


class ActivateSchema(Schema):
    version = fields.String(required=True, validate=validate.Length(1, 64))
    accept_worse = fields.Boolean(load_default=False, metadata={
        "description": "Serve a version whose held-out check is worse than before, knowingly."})


class ActivatedSchema(Schema):
    cancer = fields.String()
    version = fields.String()
