"""Whom an article's targeting would reach: a count of stored assessments, for editors.

Results and factor levels are encrypted at rest, so the count cannot be a SQL query: the
latest ``REACH_LIMIT`` assessments are read (in batches) and matched exactly as a resident's
result page matches articles (``backend.content.matching``). Only the count leaves; nothing
personal. Lives here, not in ``backend.content``, because it reads assessments (imports go
down: assessments > content).
"""
from __future__ import annotations

from sqlalchemy import func, select

from backend.accounts.blueprint import StaffBlueprint
from backend.assessments.tables import Assessment
from backend.content.matching import ArticleTarget, match_articles
from backend.content.schemas import ReachQuerySchema, ReachSchema
from backend.extensions import db

REACH_LIMIT = 20_000
BATCH = 500

blp = StaffBlueprint("content_reach", __name__, description="Editors: how many stored "
                     "assessments a targeting would reach (a count only)")


def reach(kind: str, targeting: dict, limit: int = REACH_LIMIT) -> dict:
    """``{"count", "considered", "total"}`` for an article of ``kind`` targeted so."""
    target = ArticleTarget.from_targeting("preview", kind, targeting)
    total = db.session.scalar(select(func.count()).select_from(Assessment))
    rows = db.session.execute(select(Assessment.result, Assessment.factors)
                              .order_by(Assessment.created_at.desc()).limit(limit)
                              .execution_options(yield_per=BATCH))
    count = considered = 0
    for result, factors in rows:
        considered += 1
        count += bool(match_articles(result, factors or {}, [target]))
    return {"count": count, "considered": considered, "total": total}


@blp.route("/content/targeting/reach", methods=["POST"])
@blp.staff_only("editor", "admin")
@blp.arguments(ReachQuerySchema)
@blp.response(200, ReachSchema)
def targeting_reach(payload):
    """How many stored assessments (of the latest 20,000) this targeting would reach."""
    return reach(payload["kind"], payload["targeting"])
