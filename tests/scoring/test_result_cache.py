"""The cached model part (``assess._banded_part``, one per sex, age band and factor levels)
gives every resident exactly the result computed afresh, and a result of one's own.

Residents are the batch benchmark's realistic answer sets, some moved to ages outside the
models' 40-74 (no model part at all there), all mapped by ``features`` as the pipeline does.
"""
import importlib.util
import random
from datetime import date
from pathlib import Path

from backend.scoring import assess as assess_module
from backend.scoring.assess import assess
from backend.scoring.engine import Engine
from backend.scoring.features import answers_to_profile

ROOT = Path(__file__).resolve().parents[2]
ENGINE = Engine.from_directory()
TODAY = date.today()


def _profiles(n: int = 1500):
    spec = importlib.util.spec_from_file_location("bench_batch", ROOT / "bench" / "batch.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    rng = random.Random(15)
    for i in range(n):
        answers = generator.resident(rng, TODAY)
        if i % 5 == 0:  # 20-39 and 75-94 as well
            answers["birth_year"] = TODAY.year - rng.choice([*range(20, 40), *range(75, 95)])
        yield answers_to_profile(answers, TODAY)


def test_cached_parts_give_the_results_computed_afresh(monkeypatch):
    profiles = list(_profiles())
    assess_module._banded_part.cache_clear()
    cached = [assess(p, ENGINE, TODAY, high_incidence_area=i % 3 == 0) for i, p in enumerate(profiles)]
    assert assess_module._banded_part.cache_info().hits > len(profiles)  # shared, not unique
    monkeypatch.setattr(assess_module, "_banded_part", assess_module._banded_part.__wrapped__)
    fresh = [assess(p, ENGINE, TODAY, high_incidence_area=i % 3 == 0) for i, p in enumerate(profiles)]
    assert repr(cached) == repr(fresh)  # repr: the same floats to the last bit, keys in order
    ages = {p.age for p in profiles}
    assert min(ages) < 40 and max(ages) > 74


def test_a_result_does_not_share_its_lists_with_the_cache():
    profile = next(p for p in _profiles() if p.age == 62 and p.sex == "male")
    first = assess(profile, ENGINE, TODAY)
    expected = repr(assess(profile, ENGINE, TODAY))
    for cancer in first["cancers"]:
        cancer["raised_by"].append({"factor": "changed"})
        cancer["what_if"].clear()
        for item in cancer["raised_by"]:
            item["effect"] = -1
    assert repr(assess(profile, ENGINE, TODAY)) == expected
