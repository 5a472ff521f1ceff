"""CSV export of the filtered worklist: UTF-8 with a byte-order mark so that Excel shows
Chinese, cells that a spreadsheet would run as formulas neutralised, and audited."""
from __future__ import annotations

import csv
import io

from backend.accounts import audit
from backend.accounts.staff import Staff
from backend.doctors import texts
from backend.doctors.worklist import filtered_query, items_for
from backend.extensions import db

BOM = "\ufeff"
# A resident typed their own name: "=HYPERLINK(…)" must stay text in the doctor's Excel.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _row(item: dict, language: str) -> list:
    follow_up = item["follow_up"]
    return [item["assessment_id"], item["created_at"][:10], item["name"], item["phone"],
            item["age"], texts.t(language, texts.SEX_TEXTS[item["sex"]]),
            "; ".join(f["text"] for f in item["red_flags"]),
            "; ".join(c["name"] for c in item["high_risk_cancers"]),
            f"{item['top_risk'] * 100:.1f}%" if item["top_risk"] is not None else "",
            follow_up["text"] if follow_up else texts.follow_up_text(language, None),
            follow_up["date"] if follow_up else "",
            texts.t(language, texts.YES_NO[item["overdue"]])]


def export_csv(staff: Staff, filters: dict, language: str) -> str:
    """The whole filtered list (no paging) as CSV text, BOM first; audited with the ids."""
    pairs = db.session.execute(filtered_query(staff, filters)).all()
    items = items_for(pairs, language)
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow([texts.t(language, header) for header in texts.CSV_HEADERS])
    for item in items:
        writer.writerow([_cell(value) for value in _row(item, language)])
    # The ids link the export to each listed resident's trail; the filters stay out (beside
    # the ids they returned, a filter is health data).
    audit.record_listing(staff, "export.csv", (i["assessment_id"] for i in items),
                         count=len(items))
    db.session.commit()
    return out.getvalue()
