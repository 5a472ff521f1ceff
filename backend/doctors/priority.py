"""Which tier of the action queue a resident's assessment is in, and why (in codes).

Tier 1, urgent: a red-flag symptom, a tumour marker above its limit (the resident's own or one
the doctor entered), or a positive FIT. Tier 2: screening recommended for a cancer. Tier 3:
the rest. The queue orders by tier, then by how long the resident has waited.

The result already carries its priority (``backend.scoring.assess.priority``); what the queue
adds is the tumour markers a doctor entered later. Pure: no Flask, no database.
"""
from __future__ import annotations

URGENT, SCREENING, REST = 1, 2, 3


def markers_above(result: dict, doctor_markers: list[dict] = ()) -> list[dict]:
    """Tumour markers above their upper limit: the stored result's and the doctor's."""
    found = [dict(m, source="resident") for m in result.get("tumour_markers_above_limit", ())]
    found += [dict(m, source="doctor") for m in doctor_markers
              if m.get("upper_limit") is not None and m["value"] > m["upper_limit"]]
    return found


def fit_positive(result: dict) -> bool:
    return bool(result.get("fit_positive"))


def screening_recommended(result: dict) -> list[str]:
    """The cancers for which screening is recommended."""
    return [c["cancer"] for c in result.get("cancers", ()) if c.get("status") == "recommended"]


def priority_tier(result: dict, doctor_markers: list[dict] = ()) -> int:
    """1 urgent, 2 screening recommended, 3 the rest: the result's own priority, made urgent
    by a tumour marker a doctor entered above its limit."""
    if markers_above({}, doctor_markers):
        return URGENT
    return result.get("priority", REST)


def reasons(result: dict, doctor_markers: list[dict] = ()) -> list[dict]:
    """Why the item has its tier, most urgent first: ``[{"code", ...}]`` for the screens."""
    out = [{"code": "red_flag", "flag": code} for code in result.get("red_flags", ())]
    out += [{"code": "marker", "marker": m["marker"], "value": m["value"],
             "upper_limit": m["upper_limit"]} for m in markers_above(result, doctor_markers)]
    if fit_positive(result):
        out.append({"code": "fit_positive"})
    out += [{"code": "screening", "cancer": c} for c in screening_recommended(result)]
    return out
