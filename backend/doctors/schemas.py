"""Request and response schemas of the doctors' API."""
from marshmallow import Schema, fields, validate

from backend.assessments.schemas import AssessmentResultSchema, CodeTextSchema
from backend.doctors.tables import FINDINGS, FOLLOW_UP_STATUSES, SCREENING_RESULTS
from backend.scoring.vocabulary import TEST_NAMES, TUMOUR_MARKERS
from backend.fields import JsonBoolean
from backend.i18n import LANGUAGES

CANCERS = ("lung", "breast", "liver", "upper_gi", "colorectal")
BANDS = ("average", "raised", "high")


class WorklistQuerySchema(Schema):
    cancer = fields.String(validate=validate.OneOf(CANCERS))
    band = fields.String(validate=validate.OneOf(BANDS), metadata={
        "description": "With cancer: that cancer's band; without: the highest band of any."})
    status = fields.String(validate=validate.OneOf((*FOLLOW_UP_STATUSES, "none")), metadata={
        "description": "Latest follow-up status; none = no follow-up yet."})
    overdue = fields.Boolean()
    red_flag = fields.Boolean()
    state = fields.String(load_default="open", validate=validate.OneOf(("open", "closed", "all")),
                          metadata={"description": "open (default): still to act on; closed: "
                                    "screened, declined or unreachable three times; all."})
    tier = fields.Integer(validate=validate.OneOf((1, 2, 3)), metadata={
        "description": "1 urgent, 2 screening recommended, 3 the rest."})
    q = fields.String(validate=validate.Length(1, 64), metadata={
        "description": "Search: the whole name, the phone number, or the start of the result "
                       "number (at least 8 characters). Finds every submission, open or "
                       "closed, latest or earlier."})
    # Keyset pagination: a page starts after (or ends before) the row a cursor names, as
    # fast deep in a million-row queue as on the first page.
    after = fields.String(validate=validate.Length(1, 200), metadata={
        "description": "The next page: the `next` cursor of the page before."})
    before = fields.String(validate=validate.Length(1, 200), metadata={
        "description": "The previous page: the `prev` cursor of the page after."})
    per_page = fields.Integer(load_default=25, validate=validate.Range(1, 100))


class ExportQuerySchema(WorklistQuerySchema):
    class Meta:
        exclude = ("after", "before", "per_page")


class CancerRiskSchema(Schema):
    cancer = fields.String()
    name = fields.String()
    risk = fields.Float(allow_none=True)


class LatestFollowUpSchema(Schema):
    status = fields.String()
    result = fields.String(allow_none=True)
    text = fields.String()
    date = fields.String()
    next_contact = fields.String(allow_none=True)


class WorklistItemSchema(Schema):
    assessment_id = fields.String()
    created_at = fields.String()
    age = fields.Integer()
    sex = fields.String()
    name = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    assisted = fields.Boolean()
    red_flags = fields.List(fields.Nested(CodeTextSchema))
    high_risk_cancers = fields.List(fields.Nested(CancerRiskSchema))
    top_risk = fields.Float(allow_none=True)
    tier = fields.Integer(metadata={"description": "1 urgent, 2 screening recommended, 3 other"})
    tier_text = fields.String()
    reasons = fields.List(fields.Nested(CodeTextSchema), metadata={
        "description": "Why the item has its tier, in a few words each."})
    is_open = fields.Boolean()
    attempts = fields.Integer(metadata={"description": "Unreachable calls in a row."})
    waiting_days = fields.Integer()
    follow_up = fields.Nested(LatestFollowUpSchema, allow_none=True)
    follow_up_due = fields.String(allow_none=True, metadata={
        "description": "Date of the next contact (overdue after it)."})
    overdue = fields.Boolean()


class WorklistSchema(Schema):
    items = fields.List(fields.Nested(WorklistItemSchema))
    total = fields.Integer(metadata={"description": "Rows in the filtered list, counted up "
                                     "to count_limit."})
    total_capped = fields.Boolean(metadata={"description": "True: more than count_limit rows."})
    count_limit = fields.Integer()
    per_page = fields.Integer()
    next = fields.String(allow_none=True, metadata={
        "description": "Cursor of the next page (`after=`), null on the last page."})
    prev = fields.String(allow_none=True, metadata={
        "description": "Cursor of the previous page (`before=`), null on the first page."})
    overdue_days = fields.Integer()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={
        "description": "The whole centre, whatever the filters: open urgent, open screening, "
                       "open other, overdue, closed; each counted up to count_limit."})


class OutcomeCreateSchema(Schema):
    cancer = fields.String(required=True, validate=validate.OneOf(CANCERS))
    test = fields.String(required=True, validate=validate.OneOf(tuple(TEST_NAMES)))
    date = fields.Date(required=True)
    finding = fields.String(required=True, validate=validate.OneOf(FINDINGS))


class FollowUpCreateSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(FOLLOW_UP_STATUSES))
    result = fields.String(load_default=None, validate=validate.OneOf(SCREENING_RESULTS),
                           metadata={"description": "Screened: given, or the worst finding "
                                     "of the outcomes."})
    cancer = fields.String(load_default=None, validate=validate.OneOf(CANCERS))
    date = fields.Date(load_default=None, metadata={"description": "Default: today."})
    next_contact = fields.Date(load_default=None, metadata={
        "description": "Required for contacted and booked; unreachable: default in two days; "
                       "none for screened and declined (they close the item)."})
    outcomes = fields.List(fields.Nested(OutcomeCreateSchema), load_default=None,
                           validate=validate.Length(0, 5), metadata={
                               "description": "Screened: per cancer, test, date, finding."})
    note = fields.String(load_default=None, validate=validate.Length(0, 2000))


class OutcomeSchema(Schema):
    cancer = fields.String()
    cancer_name = fields.String()
    test = fields.String()
    test_name = fields.String()
    date = fields.String()
    finding = fields.String()
    finding_text = fields.String()


class FollowUpSchema(Schema):
    id = fields.Integer()
    status = fields.String()
    result = fields.String(allow_none=True)
    cancer = fields.String(allow_none=True)
    date = fields.String()
    next_contact = fields.String(allow_none=True)
    outcomes = fields.List(fields.Nested(OutcomeSchema))
    text = fields.String()
    note = fields.String(allow_none=True)
    recorded_at = fields.String()
    recorded_by = fields.String()


class LabsCreateSchema(Schema):
    bilirubin_umol_l = fields.Float(required=True, metadata={"description": "µmol/L"})
    albumin_g_l = fields.Float(required=True, metadata={"description": "g/L"})
    platelets_10e9_l = fields.Float(required=True, metadata={"description": "×10⁹/L"})
    measured_on = fields.Date(load_default=None)


class DoctorMarkerCreateSchema(Schema):
    marker = fields.String(required=True, validate=validate.OneOf(
        tuple(code for code, _stem, _limit in TUMOUR_MARKERS)))
    value = fields.Float(required=True)
    upper_limit = fields.Float(load_default=None, metadata={
        "description": "The laboratory's upper limit; default the typical one where known."})
    measured_on = fields.Date(load_default=None)


class DoctorMarkerSchema(Schema):
    id = fields.Integer()
    marker = fields.String()
    name = fields.String()
    value = fields.Float()
    upper_limit = fields.Float(allow_none=True)
    above_limit = fields.Boolean()
    measured_on = fields.String(allow_none=True)
    recorded_at = fields.String()
    recorded_by = fields.String()


class EarlierAssessmentSchema(Schema):
    assessment_id = fields.String()
    created_at = fields.String()
    tier = fields.Integer()
    tier_text = fields.String()
    high_risk_cancers = fields.List(fields.String())
    follow_up = fields.String()
    is_current = fields.Boolean()


class QueueStateSchema(Schema):
    tier = fields.Integer()
    tier_text = fields.String()
    reasons = fields.List(fields.Nested(CodeTextSchema))
    is_open = fields.Boolean()
    due_on = fields.String(allow_none=True)
    attempts = fields.Integer()


class LabsSchema(Schema):
    bilirubin_umol_l = fields.Float()
    albumin_g_l = fields.Float()
    platelets_10e9_l = fields.Float()
    measured_on = fields.String(allow_none=True)
    recorded_at = fields.String()
    recorded_by = fields.String()


class AnswerWordsSchema(Schema):
    link_id = fields.String()
    question = fields.String()
    answer = fields.String()


class AnswerSectionSchema(Schema):
    section = fields.String()
    items = fields.List(fields.Nested(AnswerWordsSchema))


class EstablishedScoreSchema(Schema):
    score = fields.String()
    name = fields.String()
    cancer = fields.String()
    cancer_name = fields.String()
    status = fields.String(metadata={"description": "computed, not_applicable, missing_inputs, "
                                     "needs_lab_values or invalid_inputs"})
    status_text = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    inputs = fields.Dict()
    value = fields.Float(allow_none=True, metadata={
        "description": "Risk 0-1 (PLCOm2012, BCRAT), points (APCS) or score (aMAP)."})
    category = fields.String(allow_none=True)
    category_text = fields.String(allow_none=True)
    above_threshold = fields.Boolean(allow_none=True)
    threshold = fields.String()
    our_band = fields.String()
    our_risk = fields.Float(allow_none=True)
    agreement = fields.String(allow_none=True)
    note = fields.String(allow_none=True, metadata={"description": "Only when they disagree."})
    caveat = fields.String()


class ContactSchema(Schema):
    name = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)


class DoctorDetailSchema(Schema):
    result = fields.Nested(AssessmentResultSchema)
    reported_symptoms = fields.List(fields.Nested(CodeTextSchema), metadata={
        "description": "The red-flag symptoms as a doctor names them."})
    contact = fields.Nested(ContactSchema)
    assisted = fields.Boolean()
    answers = fields.List(fields.Nested(AnswerSectionSchema))
    follow_ups = fields.List(fields.Nested(FollowUpSchema))
    follow_up_status = fields.String(allow_none=True)
    overdue = fields.Boolean()
    labs = fields.Nested(LabsSchema, allow_none=True)
    labs_history = fields.List(fields.Nested(LabsSchema), metadata={"description": "Newest first."})
    markers = fields.List(fields.Nested(DoctorMarkerSchema), metadata={
        "description": "Tumour markers the doctors entered, oldest first."})
    queue = fields.Nested(QueueStateSchema, allow_none=True)
    earlier = fields.List(fields.Nested(EarlierAssessmentSchema), metadata={
        "description": "The same person's other submissions here (same name, phone, birth "
                       "year, centre), newest first."})
    established_scores = fields.List(fields.Nested(EstablishedScoreSchema))


class AssistedCreateSchema(Schema):
    client_id = fields.UUID(load_default=None)
    questionnaire_id = fields.String(required=True, validate=validate.Length(1, 64))
    questionnaire_version = fields.String(required=True, validate=validate.Length(1, 16))
    answers = fields.Dict(keys=fields.String(), required=True)
    language = fields.String(load_default=None, validate=validate.OneOf(LANGUAGES))
    resident_consented = JsonBoolean(required=True, metadata={
        "description": "The resident agreed to this assessment and to sharing it with the "
                       "centre."})


class FiguresQuerySchema(Schema):
    centre = fields.String(metadata={"description": "Admins: one centre (default all). "
                                     "Doctors: their own only."})


class MonthFiguresSchema(Schema):
    month = fields.String()
    assessed = fields.Integer()
    shared = fields.Integer()
    high_risk = fields.Dict(keys=fields.String(), values=fields.Integer())
    followed_up = fields.Integer()
    screened = fields.Integer()
    screening_results = fields.Dict(keys=fields.String(), values=fields.Integer())
    follow_up_rate = fields.Float(allow_none=True, metadata={
        "description": "Residents followed up ÷ assessments shared (None: none shared)."})
    screening_rate = fields.Float(allow_none=True, metadata={
        "description": "Residents screened ÷ residents followed up."})
    detection_rate = fields.Float(allow_none=True, metadata={
        "description": "Cancers found ÷ residents screened."})


class CentreFiguresSchema(MonthFiguresSchema):
    centre = fields.String()
    centre_name = fields.String()


class FiguresSchema(Schema):
    centre = fields.String(allow_none=True)
    centre_name = fields.String(allow_none=True)
    months = fields.List(fields.Nested(MonthFiguresSchema), metadata={
        "description": "Each event in the month it happened (China time), oldest first."})
    totals = fields.Nested(MonthFiguresSchema)
    centres = fields.List(fields.Nested(CentreFiguresSchema), metadata={
        "description": "Admins over all centres: each centre's totals and rates."})


class PaperCentreSchema(Schema):
    name = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    hours = fields.String(allow_none=True)
    code = fields.String()


class ReferralLetterSchema(Schema):
    id = fields.String(metadata={"description": "The cancer, or red_flag for a warning sign."})
    cancer = fields.String(allow_none=True)
    title = fields.String()
    name = fields.String(allow_none=True, metadata={"description": "The cancer's name."})
    reason = fields.String()
    status_text = fields.String(allow_none=True)
    tests = fields.List(fields.String())
    interval = fields.String(allow_none=True)
    by_when = fields.String()
    where = fields.List(fields.Nested(PaperCentreSchema))


class PapersSchema(Schema):
    """What the referral letters, the one-page printout and the phone script show."""

    issued_on = fields.String()
    resident = fields.Dict()
    centre = fields.Nested(PaperCentreSchema)
    doctor = fields.String()
    not_a_diagnosis = fields.String()
    letters = fields.List(fields.Nested(ReferralLetterSchema))
    printout = fields.Dict(metadata={
        "description": "created_at, disclaimer, red_flags, cancers (one line each), "
                       "markers_reported, markers_measured (above their limit), plan, "
                       "short_code {code, url, qr {size, path}}."})
    phone_script = fields.List(fields.String())
