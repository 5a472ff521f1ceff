"""Request and response schemas of the content API (they also make its OpenAPI document).

Structure is checked here; the targeting vocabulary and the kind's rules are checked by
``backend.content.service.check_content``, which the starter loader shares.
"""
from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, fields, post_load, validate

from backend.content.matching import BANDS, FINDINGS, KINDS, MATCHES
from backend.scoring.vocabulary import CANCERS, SEXES, TESTS
from backend.fields import JsonBoolean
from backend.i18n import LANGUAGES

# kebab-case English, as the starter files are named: quit-smoking
SLUG = validate.Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", error=_l(
    "Use lower-case English words and digits joined by hyphens, e.g. eat-more-fibre."))


class LanguageQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE  # cache-busting parameters are not an error

    # No "enum": any value is accepted (and falls back), so documenting one would be untrue.
    lang = fields.String(metadata={"example": LANGUAGES[0], "description":
                                   "zh-CN or en; zh, en-GB … are understood, anything else falls "
                                   "back to Accept-Language, then zh-CN (as everywhere in the API)"})


class PublishedArticleSchema(Schema):
    slug = fields.String()
    kind = fields.String(validate=validate.OneOf(KINDS))
    language = fields.String()
    title = fields.String()
    summary = fields.String()
    html = fields.String(metadata={"description": "Sanitised on the server; safe to insert."})
    version = fields.Integer()
    published_at = fields.String(allow_none=True)


class ResultArticleSchema(Schema):
    """An article linked from an assessment result, in the result's language: what the result
    screen lists. The body is ``GET /api/v1/content/published/<slug>`` (the same for every
    resident, so phones and caches keep it; carrying every body in each result made it three
    times as large)."""

    slug = fields.String()
    title = fields.String()
    summary = fields.String()


# --- editors -------------------------------------------------------------------------------

class TextsSchema(Schema):
    title = fields.String(load_default="", validate=validate.Length(max=200))
    summary = fields.String(load_default="", validate=validate.Length(max=1000))
    body = fields.String(load_default="", validate=validate.Length(max=20000))


class LanguageTextsSchema(Schema):
    zh = fields.Nested(TextsSchema, data_key="zh-CN", load_default=dict)
    en = fields.Nested(TextsSchema, load_default=dict)

    @post_load
    def _by_language(self, data, **_):
        return {"zh-CN": data["zh"], "en": data["en"]}


class TargetingSchema(Schema):
    factors = fields.List(fields.String(validate=validate.Length(3, 80)), load_default=list,
                          metadata={"description": 'Reference factor levels, "factor:level", '
                                                   'e.g. "hbv:yes", "h_pylori:unknown"'})
    cancers = fields.List(fields.String(validate=validate.OneOf(CANCERS)), load_default=list)
    bands = fields.List(fields.String(validate=validate.OneOf(BANDS)), load_default=list)
    tests = fields.List(fields.String(validate=validate.OneOf(TESTS)), load_default=list)
    findings = fields.List(fields.String(validate=validate.OneOf(FINDINGS)), load_default=list,
                           metadata={"description": "Result findings the article explains, e.g. "
                                                    '"tumour_markers_above_limit"'})
    sexes = fields.List(fields.String(validate=validate.OneOf(SEXES)), load_default=list)
    min_age = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(18, 120))
    max_age = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(18, 120))
    match = fields.String(load_default="any", validate=validate.OneOf(MATCHES), metadata={
        "description": '"any": one filled-in list met is enough (within a list, one entry); '
                       '"all": every filled-in list must be met. Sex and age always apply.'})


class SourceSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(1, 500))
    publisher = fields.String(required=True, validate=validate.Length(1, 300))
    url = fields.URL(schemes={"http", "https"}, validate=validate.Length(max=1000))


class ArticleContentSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    targeting = fields.Nested(TargetingSchema, load_default=lambda: TargetingSchema().load({}))
    sources = fields.List(fields.Nested(SourceSchema), load_default=list)
    texts = fields.Nested(LanguageTextsSchema, required=True)


class ArticleCreateSchema(ArticleContentSchema):
    slug = fields.String(required=True, validate=[validate.Length(2, 80), SLUG])
    note = fields.String(load_default="", validate=validate.Length(max=500), metadata={
        "description": "What changed and why, shown in the history."})


class ArticleSaveSchema(ArticleContentSchema):
    base_version = fields.Integer(load_default=None, metadata={
        "description": "The version the editor started from: 409 if someone saved since."})
    note = fields.String(load_default="", validate=validate.Length(max=500), metadata={
        "description": "What changed and why, shown in the history."})


class PublishSchema(Schema):
    version = fields.Integer(load_default=None, metadata={"description": "Default: the latest."})


class RollbackSchema(Schema):
    version = fields.Integer(required=True, metadata={"description": "The version to restore."})
    note = fields.String(load_default="", validate=validate.Length(max=500), metadata={
        "description": "What changed and why, shown in the history."})


class PreviewQuerySchema(LanguageQuerySchema):
    version = fields.Integer(metadata={"description": "Default: the latest."})


class DiffQuerySchema(Schema):
    old = fields.Integer(required=True, data_key="from")
    new = fields.Integer(required=True, data_key="to")


class AuthorSchema(Schema):
    id = fields.String(allow_none=True)
    name = fields.String(allow_none=True, metadata={"description": "None: the starter library."})


class ArticleStateSchema(Schema):
    slug = fields.String()
    status = fields.String(validate=validate.OneOf(["draft", "published", "unpublished"]))
    latest_version = fields.Integer()
    published_version = fields.Integer(allow_none=True)
    published_at = fields.String(allow_none=True)
    updated_at = fields.String()
    unpublished_changes = fields.Boolean(metadata={
        "description": "The latest version is not the one residents see."})


class VersionSummarySchema(Schema):
    number = fields.Integer()
    created_at = fields.String()
    author = fields.Nested(AuthorSchema)
    restored_from = fields.Integer(allow_none=True)
    note = fields.String(metadata={"description": "The change note its author wrote."})
    published = fields.Boolean(metadata={"description": "Residents see this version now."})
    missing_translations = fields.List(fields.String())


class VersionSchema(VersionSummarySchema):
    slug = fields.String()
    kind = fields.String()
    targeting = fields.Nested(TargetingSchema)
    sources = fields.List(fields.Nested(SourceSchema))
    texts = fields.Dict(keys=fields.String(), values=fields.Nested(TextsSchema))
    article = fields.Nested(ArticleStateSchema)
    warnings = fields.Dict(keys=fields.String(), values=fields.String(), metadata={
        "description": 'Per field ("texts.zh-CN.body"): markup that residents will see as '
                       "plain text (raw HTML is never rendered)."})


class ArticleListItemSchema(ArticleStateSchema):
    kind = fields.String()
    targeting = fields.Nested(TargetingSchema, metadata={"description": "Of the latest version"})
    title = fields.Dict(keys=fields.String(), values=fields.String())
    missing_translations = fields.List(fields.String(), metadata={
        "description": "Languages residents cannot read the published version in (flagged)."})
    draft_missing_translations = fields.List(fields.String())


class HistorySchema(ArticleStateSchema):
    versions = fields.List(fields.Nested(VersionSummarySchema))


class FieldDiffSchema(Schema):
    field = fields.String(metadata={"description": "kind, targeting, sources, or title.en …"})
    diff = fields.String(metadata={"description": "Unified diff"})


class DiffSchema(Schema):
    slug = fields.String()
    changes = fields.List(fields.Nested(FieldDiffSchema))

    class Meta:
        include = {"from": fields.Integer(), "to": fields.Integer()}


class PreviewSchema(PublishedArticleSchema):
    missing_translations = fields.List(fields.String())


class ScreeningCentreUpdateSchema(Schema):
    """The whole centre (PUT replaces it); names are required in both languages."""

    name_zh = fields.String(required=True, validate=validate.Length(1, 200))
    name_en = fields.String(required=True, validate=validate.Length(1, 200))
    address_zh = fields.String(load_default="", validate=validate.Length(max=500))
    address_en = fields.String(load_default="", validate=validate.Length(max=500))
    district = fields.String(load_default="", validate=validate.Length(max=100))
    tests = fields.List(fields.String(validate=validate.OneOf(TESTS)), load_default=list)
    phone = fields.String(load_default="", validate=validate.Length(max=40))
    hours_zh = fields.String(load_default="", validate=validate.Length(max=200))
    hours_en = fields.String(load_default="", validate=validate.Length(max=200))
    active = JsonBoolean(load_default=True)


class ScreeningCentreCreateSchema(ScreeningCentreUpdateSchema):
    code = fields.String(required=True, validate=[validate.Length(2, 32),
                                                  validate.Regexp(r"^[A-Za-z0-9_-]+$")])


class ScreeningCentreEditorSchema(ScreeningCentreCreateSchema):
    """A screening centre as editors see it: both languages side by side."""


class TargetingOptionSchema(Schema):
    code = fields.String()
    label = fields.String(metadata={"description": "In the request's language"})


class FactorOptionSchema(TargetingOptionSchema):
    cancers = fields.List(fields.String(), metadata={"description": "Models that use the factor"})
    levels = fields.List(fields.Nested(TargetingOptionSchema), metadata={
        "description": 'Target one as "factor:level"; "unknown": the resident does not know'})


class TargetingOptionsSchema(Schema):
    """The targeting vocabulary, for the editors' controls."""

    kinds = fields.List(fields.Nested(TargetingOptionSchema))
    cancers = fields.List(fields.Nested(TargetingOptionSchema))
    bands = fields.List(fields.Nested(TargetingOptionSchema))
    tests = fields.List(fields.Nested(TargetingOptionSchema))
    sexes = fields.List(fields.Nested(TargetingOptionSchema))
    findings = fields.List(fields.Nested(TargetingOptionSchema))
    factors = fields.List(fields.Nested(FactorOptionSchema))


class ReachQuerySchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    targeting = fields.Nested(TargetingSchema, required=True)


class ReachSchema(Schema):
    count = fields.Integer(metadata={"description": "Stored assessments the targeting reaches."})
    considered = fields.Integer(metadata={"description": "How many were looked at (the latest "
                                                         "ones, at most REACH_LIMIT)."})
    total = fields.Integer(metadata={"description": "Every stored assessment."})
