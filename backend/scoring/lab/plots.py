"""Calibration plots of local outcomes (matplotlib, Agg backend: files, never a window).

Predicted against observed rate by decile of predicted risk, each observed point with its
exact Poisson interval; the diagonal is perfect calibration. Rates are over the follow-up
actually observed (``monitoring.calibration_by_decile``), so both axes are comparable.
"""
from __future__ import annotations

from pathlib import Path

from backend.scoring import monitoring
from backend.scoring.monitoring import Outcomes


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _draw(ax, deciles: list[dict], label: str, colour: str) -> float:
    x = [d["predicted_rate"] for d in deciles]
    y = [d["observed_rate"] for d in deciles]
    low = [d["observed_rate"] - (d["observed_rate_low"] or 0) for d in deciles]
    high = [(d["observed_rate_high"] or 0) - d["observed_rate"] for d in deciles]
    ax.errorbar(x, y, yerr=[low, high], marker="o", color=colour, capsize=3, label=label)
    return max(x + [d["observed_rate_high"] or 0 for d in deciles] + [1e-6])


def _finish(ax, top: float, title: str) -> None:
    ax.plot([0, top], [0, top], color="#888", linestyle="--", label="perfect calibration")
    ax.set_xlabel("predicted rate over the follow-up observed")
    ax.set_ylabel("observed rate (registry)")
    ax.set_title(title, fontsize=10)
    ax.legend(loc="upper left", fontsize=8)


def held_out_plot(path: Path, cancer: str, before: Outcomes, after: Outcomes) -> None:
    """A new version's plot: the held-out half by decile, before and after recalibration."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5, 5), dpi=100)
    top = max(_draw(ax, monitoring.calibration_by_decile(before), "before", "#b35900"),
              _draw(ax, monitoring.calibration_by_decile(after), "after", "#1f5f99"))
    _finish(ax, top * 1.05, f"{cancer}: held-out residents by decile")
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def report_plot(path: Path, summaries: list[dict]) -> None:
    """``flask models report``'s figure: one panel per cancer with data, as scored."""
    plt = _pyplot()
    shown = [s for s in summaries if s["deciles"]]
    fig, axes = plt.subplots(1, max(len(shown), 1), figsize=(4.2 * max(len(shown), 1), 4.4),
                             dpi=100, squeeze=False)
    for ax, summary in zip(axes[0], shown):
        top = _draw(ax, summary["deciles"], "deciles of predicted risk", "#1f5f99")
        o = summary["overall"]
        _finish(ax, top * 1.05, f"{summary['cancer']} as scored: O/E {o['oe']} ({o['oe_low']}–{o['oe_high']})")
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
