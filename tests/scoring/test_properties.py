"""Property-based checks of the scoring core (Hypothesis): monotone where the reference says so."""
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.scoring.engine import Engine
from backend.scoring.reference import default_reference
from backend.scoring.vocabulary import CANCERS

REF = default_reference()
ENGINE = Engine.from_directory()


@st.composite
def person(draw, cancer):
    ref = REF.cancers[cancer]
    sex = draw(st.sampled_from(ref.sexes))
    age = draw(st.integers(40, 74))
    factors = {f.id: draw(st.sampled_from((None, *f.level_names))) for f in ref.factors}
    return sex, age, factors


def exposures(cancer):
    """(factor, level) pairs whose reference RR is above the reference level's, for some sex."""
    return [(f.id, lv.name) for f in REF.cancers[cancer].factors for lv in f.levels[1:]
            if any(lv.rr[s] > 1 for s in REF.cancers[cancer].sexes)]


def gated_by(cancer, factor):
    """Factors the reference defines only within a level of ``factor`` (passive smoking)."""
    return [f.id for f in REF.cancers[cancer].factors
            if f.applies_when and f.applies_when["factor"] == factor]


@settings(max_examples=300, deadline=None)
@given(data=st.data(), cancer=st.sampled_from(CANCERS))
def test_adding_a_risk_factor_never_lowers_that_cancers_risk(data, cancer):
    """Monotone in each factor, other answers fixed. Passive smoking exists only for never
    smokers (the reference's definition), so when smoking changes it is held at "no"."""
    sex, age, factors = data.draw(person(cancer))
    factor, level = data.draw(st.sampled_from(exposures(cancer)))
    factors.update({gated: "no" for gated in gated_by(cancer, factor)})
    model = ENGINE.models[cancer]
    without = model.risk(sex, age, dict(factors, **{factor: REF.cancers[cancer].factor(factor).level_names[0]}))
    with_it = model.risk(sex, age, dict(factors, **{factor: level}))
    assert with_it >= without


@settings(max_examples=200, deadline=None)
@given(data=st.data(), cancer=st.sampled_from(CANCERS))
def test_risk_is_a_probability_and_older_is_never_safer_with_the_same_answers(data, cancer):
    sex, age, factors = data.draw(person(cancer))
    model = ENGINE.models[cancer]
    risk = model.risk(sex, age, factors)
    assert 0 < risk < 1
    band = model.band(sex, age, risk)
    assert band in ("average", "raised", "high")
    # incidence rises with age for every cancer except breast, whose table peaks at 50-54
    if cancer != "breast" and age + 5 <= 74:
        assert model.risk(sex, age + 5, factors) >= risk


@settings(max_examples=200, deadline=None)
@given(data=st.data(), cancer=st.sampled_from(CANCERS))
def test_single_and_batch_scoring_agree(data, cancer):
    import numpy as np

    sex, age, factors = data.draw(person(cancer))
    ref = REF.cancers[cancer]
    codes = [[-1 if factors[f.id] is None else f.level_names.index(factors[f.id]) for f in ref.factors]]
    batch = ENGINE.models[cancer].risk_batch(np.array([ref.sexes.index(sex)]), np.array([age]),
                                             np.array(codes))
    assert abs(batch[0] - ENGINE.models[cancer].risk(sex, age, factors)) < 1e-12
