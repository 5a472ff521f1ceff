"""What the admin screen "模型监测" calls: one cancer's monitoring, its versions, activation.

Admins only (checked here, whatever the route says). Counts and rates only, never a resident.
"""
from __future__ import annotations

from backend.accounts.permissions import require_role
from backend.accounts.staff import Staff
from backend.outcomes import versions
from backend.outcomes.monitoring import cancer_outcomes, summarise


def monitoring_view(actor: Staff, cancer: str) -> dict:
    """The cancer's figures as scored, the serving version, its held-out check, the versions."""
    require_role(actor, "admin")
    return {**summarise(cancer_outcomes(cancer)),
            "serving": versions.serving_versions()[cancer],
            "held_out_check": versions.held_out_check(cancer, live=False),
            "versions": versions.versions(cancer),
            "held_out_limits": list(versions.HELD_OUT_LIMITS)}


def activate_version(actor: Staff, cancer: str, version: str, accept_worse: bool = False) -> dict:
    """Serve ``version`` for ``cancer`` from the next assessment on (recorded with the admin);
    ``accept_worse`` for a version that fits the held-out residents worse."""
    require_role(actor, "admin")
    return versions.activate(cancer, version, actor.display_name or actor.username, accept_worse)
