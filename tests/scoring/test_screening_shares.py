"""The model cards state how often screening is recommended, as the code computes it now."""
from pathlib import Path

from backend.scoring.engine import Engine
from backend.scoring.lab.screening_shares import BEGIN, END, section
from backend.scoring.reference import default_reference
from backend.scoring.vocabulary import CANCERS

MODELS = Path(__file__).resolve().parents[2] / "models"


def test_every_model_card_carries_the_current_shares_beside_the_observed_ones():
    reference, engine = default_reference(), Engine.from_directory()
    for cancer in CANCERS:
        card = (MODELS / cancer / "MODEL_CARD.md").read_text(encoding="utf-8")
        assert BEGIN in card and END in card, cancer
        written = card[card.index(BEGIN):card.index(END) + len(END)]
        assert written == section(reference, engine, cancer), f"run `flask models shares` ({cancer})"
        assert "observed in the national programme" in written
