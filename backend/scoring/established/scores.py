"""Established, published cancer-risk scores, ported from their primary sources.

Four scores live here. Each is written out from the sources listed next to it,
not rebuilt from memory:

* ``plcom2012``: PLCOm2012, the six-year lung-cancer risk of ever-smokers
  (Tammemagi MC et al., N Engl J Med 2013;368:728-736). Coefficients, centring
  values and race terms follow the authors' group's R package
  (GitHub resplab/PLCOm2012, ``R/plcom2012.R`` and its tests).
* ``bcrat`` and ``bcrat_average``: the NCI Breast Cancer Risk Assessment Tool
  (Gail model), computed exactly as the CRAN package BCRA 2.1.2 computes it
  (``absolute.risk``, ``relative.risk``, ``recode.check``), with the
  package's incidence, competing-mortality, relative-risk and
  attributable-risk tables for all eleven of its race groups.
* ``apcs``: the Asia-Pacific Colorectal Screening score
  (Yeoh KG et al., Gut 2011;60:1236-1241).
* ``amap``: the aMAP hepatocellular-carcinoma risk score
  (Fan R et al., J Hepatol 2020;73:1368-1378).

Everything is pure Python and uses only the standard library, so the module
can be imported by the Flask app, batch jobs and tests alike. Every function
raises ``ValueError`` with a sentence a person can act on when an input is
outside what the published model accepts.

See ``docs/established-scores.md`` for one card per score: the population it
was built on, what it predicts, its published thresholds and its limits for
Chinese residents.
"""
from __future__ import annotations

import math
from numbers import Real

__all__ = [
    "AMAP_HIGH_ABOVE",
    "AMAP_LOW_BELOW",
    "BCRAT_FIVE_YEAR_THRESHOLD",
    "BCRAT_RACES",
    "PLCOM2012_RACES",
    "PLCOM2012_THRESHOLD",
    "amap",
    "apcs",
    "bcrat",
    "bcrat_average",
    "plcom2012",
]


# --------------------------------------------------------------------------
# Shared input checks
# --------------------------------------------------------------------------

def _number(name: str, value) -> float:
    """Return ``value`` as a finite float, or raise ValueError naming ``name``."""
    # bool is a subclass of int; True as an age is always a caller's mistake.
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number, got {value!r}.")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}.")
    return number


def _flag(name: str, value) -> bool:
    """Return a yes/no answer as bool; accept True/False or 1/0 only."""
    # The reference code codes yes/no as 1/0, so 1 and 0 are accepted too;
    # anything else (None, "yes", 2) is ambiguous and is refused.
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ValueError(f"{name} must be True or False, got {value!r}.")


def _whole(name: str, value) -> int:
    """Return a count or ordinal as int; refuse fractions and booleans."""
    number = _number(name, value)
    if not number.is_integer():
        raise ValueError(f"{name} must be a whole number, got {value!r}.")
    return int(number)


# --------------------------------------------------------------------------
# PLCOm2012 (lung cancer, ever-smokers, six years)
# --------------------------------------------------------------------------

#: Published high-risk threshold: six-year risk >= 1.51% (Tammemagi MC et al.,
#: PLoS Med 2014;11:e1001764), the 65th risk percentile of PLCO smokers.
PLCOM2012_THRESHOLD = 0.0151

# Log-odds coefficients from resplab/PLCOm2012 R/plcom2012.R (= NEJM 2013,
# Table 2 footnote). Continuous predictors are centred on the values below,
# so the intercept is the log-odds of the "typical" PLCO smoker.
_PLCOM_INTERCEPT = -4.532506
_PLCOM_AGE, _PLCOM_AGE_CENTRE = 0.0778868, 62.0
_PLCOM_EDUCATION, _PLCOM_EDUCATION_CENTRE = -0.0812744, 4.0
_PLCOM_BMI, _PLCOM_BMI_CENTRE = -0.0274194, 27.0
_PLCOM_COPD = 0.3553063
_PLCOM_PERSONAL_CANCER = 0.4589971
_PLCOM_FAMILY_LUNG = 0.587185
_PLCOM_CURRENT = 0.2597431
# Intensity enters as (cigarettes per day / 10)^-1, centred on 0.4021541613:
# the model's way of letting risk flatten out at heavy intensities.
_PLCOM_INTENSITY, _PLCOM_INTENSITY_CENTRE = -1.822606, 0.4021541613
_PLCOM_DURATION, _PLCOM_DURATION_CENTRE = 0.0317321, 27.0
_PLCOM_QUIT, _PLCOM_QUIT_CENTRE = -0.0308572, 10.0

# Race/ethnicity terms relative to White. resplab codes American Indian and
# Alaskan Native with White (0) and Native Hawaiian/Pacific Islander +1.027152.
_PLCOM_RACE_TERM = {
    "white": 0.0,
    "black": 0.3944778,
    "hispanic": -0.7434744,
    "asian": -0.466585,
    "american_indian": 0.0,
    "pacific_islander": 1.027152,
}
_PLCOM_RACE_ALIASES = {"alaskan_native": "american_indian", "native_hawaiian": "pacific_islander"}

#: Race/ethnicity values ``plcom2012`` accepts (the model's own groups).
PLCOM2012_RACES = tuple(_PLCOM_RACE_TERM)


def _plcom2012_race(race) -> float:
    """Log-odds term for a race/ethnicity label, or ValueError."""
    key = race.strip().lower().replace(" ", "_") if isinstance(race, str) else race
    key = _PLCOM_RACE_ALIASES.get(key, key)
    if key not in _PLCOM_RACE_TERM:
        raise ValueError(
            f"race must be one of {', '.join(PLCOM2012_RACES)} (the PLCOm2012 groups), "
            f"got {race!r}; a resident of China answers 'asian'."
        )
    return _PLCOM_RACE_TERM[key]


def _plcom2012_smoking(current: bool, cigarettes_per_day, smoking_years, years_since_quit):
    """Validate the smoking history; return (cigarettes/day, years smoked, years quit)."""
    cpd = _number("cigarettes_per_day", cigarettes_per_day)
    years = _number("smoking_years", smoking_years)
    quit_years = _number("years_since_quit", years_since_quit)
    for name, value in (("cigarettes_per_day", cpd), ("smoking_years", years),
                        ("years_since_quit", quit_years)):
        if value < 0:
            raise ValueError(f"{name} cannot be negative, got {value:g}.")
    if cpd == 0 or years == 0:
        # The intensity term is (cpd/10)^-1: it has no value for never-smokers,
        # and the model was fitted on ever-smokers only.
        raise ValueError(
            "PLCOm2012 does not apply to never-smokers: it was built on people who "
            "have smoked, so it needs cigarettes_per_day > 0 and smoking_years > 0."
        )
    if current and quit_years != 0:
        raise ValueError("years_since_quit must be 0 for a current smoker.")
    return cpd, years, quit_years


def plcom2012(age, race, education, bmi, copd, personal_cancer_history,
              family_lung_cancer, current_smoker, cigarettes_per_day,
              smoking_years, years_since_quit) -> float:
    """Six-year probability (0..1) of a lung-cancer diagnosis for an ever-smoker.

    PLCOm2012 (Tammemagi MC et al., N Engl J Med 2013;368:728-736), computed as
    the resplab/PLCOm2012 R package does. ``race`` is one of
    ``PLCOM2012_RACES``; ``education`` is the model's 1-6 scale (1 below high
    school ... 4 some college ... 6 postgraduate); the four history arguments
    are booleans; ``years_since_quit`` is 0 for current smokers. Compare the
    result with ``PLCOM2012_THRESHOLD`` (0.0151).

    Raises ValueError for never-smokers (the model does not apply) and for any
    input the model cannot take.
    """
    age = _number("age", age)
    if not 0 < age <= 100:
        # Same bounds as the reference R code; the model itself was built on
        # people aged 55-74, which the docs card spells out.
        raise ValueError(f"age must be above 0 and at most 100 years, got {age:g}.")
    race_term = _plcom2012_race(race)
    education = _whole("education", education)
    if not 1 <= education <= 6:
        raise ValueError(
            "education must be on the model's 1-6 scale (1 less than high school, "
            "2 high school, 3 post-high-school training, 4 some college, "
            f"5 college graduate, 6 postgraduate), got {education}."
        )
    bmi = _number("bmi", bmi)
    if bmi <= 0:
        raise ValueError(f"bmi must be a positive number (kg/m2), got {bmi:g}.")
    copd = _flag("copd", copd)
    personal = _flag("personal_cancer_history", personal_cancer_history)
    family = _flag("family_lung_cancer", family_lung_cancer)
    current = _flag("current_smoker", current_smoker)
    cpd, years, quit_years = _plcom2012_smoking(current, cigarettes_per_day,
                                                smoking_years, years_since_quit)
    if years + quit_years > age:
        raise ValueError(
            f"smoking_years ({years:g}) plus years_since_quit ({quit_years:g}) "
            f"cannot exceed age ({age:g})."
        )

    logit = (_PLCOM_INTERCEPT
             + _PLCOM_AGE * (age - _PLCOM_AGE_CENTRE)
             + race_term
             + _PLCOM_EDUCATION * (education - _PLCOM_EDUCATION_CENTRE)
             + _PLCOM_BMI * (bmi - _PLCOM_BMI_CENTRE)
             + _PLCOM_COPD * copd
             + _PLCOM_PERSONAL_CANCER * personal
             + _PLCOM_FAMILY_LUNG * family
             + _PLCOM_CURRENT * current
             + _PLCOM_INTENSITY * ((cpd / 10.0) ** -1 - _PLCOM_INTENSITY_CENTRE)
             + _PLCOM_DURATION * (years - _PLCOM_DURATION_CENTRE)
             + _PLCOM_QUIT * (quit_years - _PLCOM_QUIT_CENTRE))
    return 1.0 / (1.0 + math.exp(-logit))


# --------------------------------------------------------------------------
# BCRAT / Gail model (invasive breast cancer), as CRAN BCRA 2.1.2
# --------------------------------------------------------------------------

#: Five-year risk at or above which the NCI tool calls a woman "increased risk"
#: (1.67%: an average 60-year-old's risk, the NSABP P-1 entry level). A
#: convention for US women, not a Chinese screening rule.
BCRAT_FIVE_YEAR_THRESHOLD = 0.0167

# Race keys and the package's race codes (recode.check CharRace):
# 1 Wh, 2 AA, 3 HU (US-born Hispanic), 4 NA (other: Native American, unknown),
# 5 HF (foreign-born Hispanic), 6 Ch, 7 Ja, 8 Fi, 9 Hw, 10 oP, 11 oA.
_BCRAT_CODE = {
    "white": 1,
    "black": 2,
    "hispanic_us_born": 3,
    "native_american_or_other": 4,
    "hispanic_foreign_born": 5,
    "chinese": 6,
    "japanese": 7,
    "filipino": 8,
    "hawaiian": 9,
    "other_pacific_islander": 10,
    "other_asian": 11,
}

#: Race/ethnicity values ``bcrat`` and ``bcrat_average`` accept.
BCRAT_RACES = tuple(_BCRAT_CODE)

_ASIAN_CODES = frozenset(range(6, 12))
_HISPANIC_CODES = frozenset((3, 5))

# Composite breast-cancer incidence (lambda1*), per year, for the 5-year age
# groups [20,25) ... [85,90). Transcribed from BCRA R/absolute.risk.R.
_WHITE_LAMBDA1 = (  # SEER white 1983-87
    0.00001000, 0.00007600, 0.00026600, 0.00066100, 0.00126500, 0.00186600, 0.00221100,
    0.00272100, 0.00334800, 0.00392300, 0.00417800, 0.00443900, 0.00442100, 0.00410900)
_WHITE_AVG_LAMBDA1 = (  # SEER white 1992-96, used only for the "average" woman
    0.00001220, 0.00007410, 0.00022970, 0.00056490, 0.00116450, 0.00195250, 0.00261540,
    0.00302790, 0.00367570, 0.00420290, 0.00473080, 0.00494250, 0.00479760, 0.00401060)
_BLACK_LAMBDA1 = (  # SEER black 1994-98
    0.00002696, 0.00011295, 0.00031094, 0.00067639, 0.00119444, 0.00187394, 0.00241504,
    0.00291112, 0.00310127, 0.00366560, 0.00393132, 0.00408951, 0.00396793, 0.00363712)
_HISPANIC_US_LAMBDA1 = (  # SEER California Hispanic 1995-2004
    0.0000166, 0.0000741, 0.0002740, 0.0006099, 0.0012225, 0.0019027, 0.0023142,
    0.0028357, 0.0031144, 0.0030794, 0.0033344, 0.0035082, 0.0025308, 0.0020414)
_HISPANIC_FB_LAMBDA1 = (  # SEER California Hispanic 1995-2004 (foreign born)
    0.0000102, 0.0000531, 0.0001578, 0.0003602, 0.0007617, 0.0011599, 0.0014111,
    0.0017245, 0.0020619, 0.0023603, 0.0025575, 0.0028227, 0.0028295, 0.0025868)
_CHINESE_LAMBDA1 = (  # SEER18 Chinese 1998-2002
    0.000004059636, 0.000045944465, 0.000188279352, 0.000492930493, 0.000913603501,
    0.001471537353, 0.001421275482, 0.001970946494, 0.001674745804, 0.001821581075,
    0.001834477198, 0.001919911972, 0.002233371071, 0.002247315779)
_JAPANESE_LAMBDA1 = (  # SEER18 Japanese 1998-2002
    0.000000000001, 0.000099483924, 0.000287041681, 0.000545285759, 0.001152211095,
    0.001859245108, 0.002606291272, 0.003221751682, 0.004006961859, 0.003521715275,
    0.003593038294, 0.003589303081, 0.003538507159, 0.002051572909)
_FILIPINO_LAMBDA1 = (  # SEER18 Filipino 1998-2002
    0.000007500161, 0.000081073945, 0.000227492565, 0.000549786433, 0.001129400541,
    0.001813873795, 0.002223665639, 0.002680309266, 0.002891219230, 0.002534421279,
    0.002457159409, 0.002286616920, 0.001814802825, 0.001750879130)
_HAWAIIAN_LAMBDA1 = (  # SEER18 Hawaiian 1998-2002
    0.000045080582, 0.000098570724, 0.000339970860, 0.000852591429, 0.001668562761,
    0.002552703284, 0.003321774046, 0.005373001776, 0.005237808549, 0.005581732512,
    0.005677419355, 0.006513409962, 0.003889457523, 0.002949061662)
_OTHER_PI_LAMBDA1 = (  # SEER18 other Pacific Islander 1998-2002
    0.000000000001, 0.000071525212, 0.000288799028, 0.000602250698, 0.000755579402,
    0.000766406354, 0.001893124938, 0.002365580107, 0.002843933070, 0.002920921732,
    0.002330395655, 0.002036291235, 0.001482683983, 0.001012248203)
_OTHER_ASIAN_LAMBDA1 = (  # SEER18 other Asian 1998-2002
    0.000012355409, 0.000059526456, 0.000184320831, 0.000454677273, 0.000791265338,
    0.001048462801, 0.001372467817, 0.001495473711, 0.001646746198, 0.001478363563,
    0.001216010125, 0.001067663700, 0.001376104012, 0.000661576644)

# Competing (non-breast-cancer) mortality lambda2, same age groups.
_WHITE_LAMBDA2 = (  # NCHS white 1985-87
    0.00049300, 0.00053100, 0.00062500, 0.00082500, 0.00130700, 0.00218100, 0.00365500,
    0.00585200, 0.00943900, 0.01502800, 0.02383900, 0.03883200, 0.06682800, 0.14490800)
_WHITE_AVG_LAMBDA2 = (  # NCHS white 1992-96, used only for the "average" woman
    0.00044120, 0.00052540, 0.00067460, 0.00090920, 0.00125340, 0.00195700, 0.00329840,
    0.00546220, 0.00910350, 0.01418540, 0.02259350, 0.03611460, 0.06136260, 0.14206630)
_BLACK_LAMBDA2 = (  # NCHS black 1996-2000
    0.00074354, 0.00101698, 0.00145937, 0.00215933, 0.00315077, 0.00448779, 0.00632281,
    0.00963037, 0.01471818, 0.02116304, 0.03266035, 0.04564087, 0.06835185, 0.13271262)
_HISPANIC_US_LAMBDA2 = (
    0.0003561, 0.0004038, 0.0005281, 0.0008875, 0.0013987, 0.0020769, 0.0030912,
    0.0046960, 0.0076050, 0.0120555, 0.0193805, 0.0288386, 0.0429634, 0.0740349)
_HISPANIC_FB_LAMBDA2 = (
    0.0003129, 0.0002908, 0.0003515, 0.0004943, 0.0007807, 0.0012840, 0.0020325,
    0.0034533, 0.0058674, 0.0096888, 0.0154429, 0.0254675, 0.0448037, 0.1125678)
_CHINESE_LAMBDA2 = (  # NCHS Chinese 1998-2002
    0.000210649076, 0.000192644865, 0.000244435215, 0.000317895949, 0.000473261994,
    0.000800271380, 0.001217480226, 0.002099836508, 0.003436889186, 0.006097405623,
    0.010664526765, 0.020148678452, 0.037990796590, 0.098333900733)
_JAPANESE_LAMBDA2 = (
    0.000173593803, 0.000295805882, 0.000228322534, 0.000363242389, 0.000590633044,
    0.001086079485, 0.001859999966, 0.003216600974, 0.004719402141, 0.008535331402,
    0.012433511681, 0.020230197885, 0.037725498348, 0.106149118663)
_FILIPINO_LAMBDA2 = (
    0.000229120979, 0.000262988494, 0.000314844090, 0.000394471908, 0.000647622610,
    0.001170202327, 0.001809380379, 0.002614170568, 0.004483330681, 0.007393665092,
    0.012233059675, 0.021127058106, 0.037936954809, 0.085138518334)
_HAWAIIAN_LAMBDA2 = (
    0.000563507269, 0.000369640217, 0.001019912579, 0.001234013911, 0.002098344078,
    0.002982934175, 0.005402445702, 0.009591474245, 0.016315472607, 0.020152229069,
    0.027354838710, 0.050446998723, 0.072262026612, 0.145844504021)
_OTHER_PI_LAMBDA2 = (
    0.000465500812, 0.000600466920, 0.000851057138, 0.001478265376, 0.001931486788,
    0.003866623959, 0.004924932309, 0.008177071806, 0.008638202890, 0.018974658371,
    0.029257567105, 0.038408980974, 0.052869579345, 0.074745721133)
_OTHER_ASIAN_LAMBDA2 = (
    0.000212632332, 0.000242170741, 0.000301552711, 0.000369053354, 0.000543002943,
    0.000893862331, 0.001515172239, 0.002574669551, 0.004324370426, 0.007419621918,
    0.013251765130, 0.022291427490, 0.041746550635, 0.087485802065)

# Race 4 ("other") uses the white 1983-87 rates, as in the package.
_BCRAT_LAMBDA1 = {1: _WHITE_LAMBDA1, 2: _BLACK_LAMBDA1, 3: _HISPANIC_US_LAMBDA1,
                  4: _WHITE_LAMBDA1, 5: _HISPANIC_FB_LAMBDA1, 6: _CHINESE_LAMBDA1,
                  7: _JAPANESE_LAMBDA1, 8: _FILIPINO_LAMBDA1, 9: _HAWAIIAN_LAMBDA1,
                  10: _OTHER_PI_LAMBDA1, 11: _OTHER_ASIAN_LAMBDA1}
_BCRAT_LAMBDA2 = {1: _WHITE_LAMBDA2, 2: _BLACK_LAMBDA2, 3: _HISPANIC_US_LAMBDA2,
                  4: _WHITE_LAMBDA2, 5: _HISPANIC_FB_LAMBDA2, 6: _CHINESE_LAMBDA2,
                  7: _JAPANESE_LAMBDA2, 8: _FILIPINO_LAMBDA2, 9: _HAWAIIAN_LAMBDA2,
                  10: _OTHER_PI_LAMBDA2, 11: _OTHER_ASIAN_LAMBDA2}

# 1 - attributable risk, (ages < 50, ages >= 50). All Asian groups share one pair.
_ASIAN_ONE_MINUS_AR = (0.47519806426735, 0.50316401683903)
_BCRAT_ONE_MINUS_AR = {1: (0.5788413, 0.5788413), 2: (0.72949880, 0.74397137),
                       3: (0.749294788397, 0.778215491668), 4: (0.5788413, 0.5788413),
                       5: (0.428864989813, 0.450352338746),
                       **{code: _ASIAN_ONE_MINUS_AR for code in _ASIAN_CODES}}

# Log relative risks (BCRA R/relative.risk.R), in the package's order:
# biopsies, menarche, first birth, relatives, biopsies x age>=50, first birth x relatives.
_WHITE_BETA = (0.5292641686, 0.0940103059, 0.2186262218, 0.9583027845,
               -0.2880424830, -0.1908113865)
_ASIAN_BETA = (0.55263612260619, 0.07499257592975, 0.27638268294593, 0.79185633720481, 0.0, 0.0)
_BCRAT_BETA = {1: _WHITE_BETA,
               2: (0.1822121131, 0.2672530336, 0.0, 0.4757242578, -0.1119411682, 0.0),
               3: (0.0970783641, 0.0, 0.2318368334, 0.166685441, 0.0, 0.0),
               4: _WHITE_BETA,
               5: (0.4798624017, 0.2593922322, 0.4669246218, 0.9076679727, 0.0, 0.0),
               **{code: _ASIAN_BETA for code in _ASIAN_CODES}}

# Relative-risk multipliers for atypical hyperplasia among women with biopsies.
_HYPERPLASIA_RR = {0: 0.93, 1: 1.82, 99: 1.00}

# The package codes an unknown count or hyperplasia as 99; unknown ages stay
# None here and "no live birth" a string, so a typed age of 98 or 99 is still
# checked as an age (and refused as later than t1) instead of becoming a code.
_UNKNOWN = 99
_NULLIPAROUS = "nulliparous"


def _bcrat_race_code(race) -> int:
    """The BCRA race code (1-11) for a race key, or ValueError."""
    key = race.strip().lower() if isinstance(race, str) else race
    if key not in _BCRAT_CODE:
        raise ValueError(
            f"race must be one of {', '.join(BCRAT_RACES)} (the BCRA race groups), got {race!r}."
        )
    return _BCRAT_CODE[key]


def _bcrat_ages(t1, t2) -> tuple[float, float]:
    """Check the projection interval as recode.check does; return (t1, t2)."""
    t1 = _number("t1", t1)
    t2 = _number("t2", t2)
    if t1 < 20 or t1 >= 90:
        raise ValueError(f"t1 (current age) must be at least 20 and below 90, got {t1:g}.")
    if t2 > 90:
        raise ValueError(f"t2 (projection age) cannot be above 90, got {t2:g}.")
    if t1 >= t2:
        raise ValueError(f"t1 ({t1:g}) must be below t2 ({t2:g}).")
    return t1, t2


def _bcrat_count(name: str, value) -> int:
    """A count of biopsies or relatives: None -> 99 (unknown), else 0..98."""
    if value is None:
        return _UNKNOWN
    count = _whole(name, value)
    if count < 0:
        raise ValueError(f"{name} cannot be negative, got {count}.")
    if count >= _UNKNOWN:
        # 99 is the package's "unknown" code; a real count that high is a typo.
        raise ValueError(f"{name} must be below 99; pass None if it is unknown.")
    return count


def _bcrat_raw_inputs(n_biopsies, hyperplasia, age_menarche, age_first_birth, n_relatives):
    """Validate the Python arguments; counts and hyperplasia take the 99 code."""
    n_biop = _bcrat_count("n_biopsies", n_biopsies)
    n_rels = _bcrat_count("n_relatives", n_relatives)
    if hyperplasia is None:
        hyp = _UNKNOWN
    elif isinstance(hyperplasia, bool):
        hyp = int(hyperplasia)
    else:
        raise ValueError(f"hyperplasia must be True, False or None, got {hyperplasia!r}.")
    age_men = None if age_menarche is None else _number("age_menarche", age_menarche)
    if age_first_birth is None:
        age1st = None
    elif isinstance(age_first_birth, str) and age_first_birth.strip().lower() == "nulliparous":
        age1st = _NULLIPAROUS
    else:
        age1st = _number("age_first_birth", age_first_birth)
        if age1st <= 0:
            raise ValueError(f"age_first_birth must be a positive age, got {age1st:g}.")
    return n_biop, hyp, age_men, age1st, n_rels


def _bcrat_biopsy_category(n_biop: int, hyp: int) -> tuple[int, float]:
    """Biopsy category and hyperplasia multiplier (recode.check requirement A)."""
    if n_biop in (0, _UNKNOWN):
        if hyp != _UNKNOWN:
            raise ValueError(
                "hyperplasia must be None when there was no biopsy or the number of "
                "biopsies is unknown (BCRA: hyperplasia is then 'not applicable')."
            )
        return 0, 1.0
    return (1 if n_biop == 1 else 2), _HYPERPLASIA_RR[hyp]


def _bcrat_menarche_category(age_men: float, t1: float) -> int:
    """Age-at-menarche category: 0 (>=14 or unknown), 1 (12-13), 2 (<12)."""
    if age_men is None:
        return 0
    if age_men > t1:
        raise ValueError(f"age_menarche ({age_men:g}) cannot be after current age t1 ({t1:g}).")
    if age_men <= 0:
        raise ValueError(f"age_menarche must be a positive age, got {age_men:g}.")
    if age_men >= 14:
        return 0
    return 1 if age_men >= 12 else 2


def _bcrat_first_birth_category(age1st: float, age_men: float, t1: float) -> int:
    """First-live-birth category: 0 (<20 or unknown), 1 (20-24), 2 (25-29 or none), 3 (>=30)."""
    if age1st is None:
        return 0
    if age1st == _NULLIPAROUS:
        return 2
    if age_men is not None and age1st < age_men:
        raise ValueError(
            f"age_first_birth ({age1st:g}) cannot be before age_menarche ({age_men:g})."
        )
    if age1st > t1:
        raise ValueError(f"age_first_birth ({age1st:g}) cannot be after current age t1 ({t1:g}).")
    if age1st < 20:
        return 0
    if age1st < 25:
        return 1
    return 2 if age1st < 30 else 3


def _bcrat_relatives_category(n_rels: int) -> int:
    """First-degree relatives with breast cancer: 0 (none/unknown), 1, 2 (2+)."""
    if n_rels in (0, _UNKNOWN):
        return 0
    return 1 if n_rels == 1 else 2


def _bcrat_categories(code, t1, n_biop, hyp, age_men, age1st, n_rels):
    """Recoded covariates (nb, am, af, nr, rr_hyperplasia) as recode.check leaves them."""
    nb, rr_hyp = _bcrat_biopsy_category(n_biop, hyp)
    am = _bcrat_menarche_category(age_men, t1)
    if code == 2:
        # African-American model (CARE): first birth is not a covariate, and the
        # package skips its consistency checks too; menarche <12 pools with 12-13.
        af = 0
        am = min(am, 1)
    else:
        af = _bcrat_first_birth_category(age1st, age_men, t1)
    nr = _bcrat_relatives_category(n_rels)
    if code in _HISPANIC_CODES:
        # Hispanic model (SFBCS): 2+ biopsies pool with 1; US-born drop menarche;
        # first birth 25-29 pools with 20-24, 30+ with nulliparous; 2+ relatives with 1.
        nb = min(nb, 1)
        if code == 3:
            am = 0
        if age1st != _NULLIPAROUS and af == 2:
            af = 1
        if af == 3:
            af = 2
        nr = min(nr, 1)
    if code in _ASIAN_CODES:
        nr = min(nr, 1)  # Asian-American model (AABCS): 2+ relatives pool with 1.
    return nb, am, af, nr, rr_hyp


def _bcrat_relative_risks(code, nb, am, af, nr, rr_hyp) -> tuple[float, float]:
    """Relative risks (ages < 50, ages >= 50), as relative.risk computes them."""
    b = _BCRAT_BETA[code]
    lp_under_50 = nb * b[0] + am * b[1] + af * b[2] + nr * b[3] + af * nr * b[5] + math.log(rr_hyp)
    lp_50_plus = lp_under_50 + nb * b[4]
    return math.exp(lp_under_50), math.exp(lp_50_plus)


def _bcrat_integrate(t1, t2, lambda1, lambda2, factor_under_50, factor_50_plus) -> float:
    """Absolute risk over [t1, t2) by the package's year-by-year integration.

    ``lambda1``/``lambda2`` are the 14 five-year-group rates; the factors are
    (1 - attributable risk) x relative risk below and from age 50 (both 1.0
    for the average woman). Mirrors the loop in BCRA's absolute.risk exactly,
    including its handling of fractional start and end ages.
    """
    first_year = math.floor(t1) - 20  # 0-based index of single years from age 20
    n_years = math.ceil(t2) - math.floor(t1)
    risk = 0.0
    cumulative_hazard = 0.0
    for j in range(n_years):
        if n_years == 1:
            length = t2 - t1
        elif j == 0:
            length = 1 - (t1 - math.floor(t1))
        elif j == n_years - 1:
            length = t2 - math.floor(t2) if t2 > math.floor(t2) else 1.0
        else:
            length = 1.0
        year = first_year + j
        factor = factor_under_50 if year < 30 else factor_50_plus
        incidence = lambda1[year // 5] * factor
        total_hazard = incidence + lambda2[year // 5]
        # Probability of breast cancer in this year given survival to its start,
        # with death from other causes competing.
        risk += (incidence / total_hazard) * math.exp(-cumulative_hazard) * (
            1 - math.exp(-total_hazard * length))
        cumulative_hazard += total_hazard * length
    return risk


def bcrat(t1, t2, n_biopsies, hyperplasia, age_menarche, age_first_birth,
          n_relatives, race) -> float:
    """Absolute risk (0..1) of invasive breast cancer between ages ``t1`` and ``t2``.

    The NCI Breast Cancer Risk Assessment Tool (Gail model) exactly as CRAN
    BCRA 2.1.2 ``absolute.risk`` computes it (which returns a percent; this
    returns a fraction). ``race`` is one of ``BCRAT_RACES`` ("chinese" uses the
    Asian-American model with Chinese-American rates). ``None`` means unknown
    for ``n_biopsies``, ``hyperplasia``, ``age_menarche``, ``age_first_birth``
    and ``n_relatives``; ``age_first_birth="nulliparous"`` means no live birth;
    ``hyperplasia`` is True/False/None and must be None when there was no
    biopsy. A five-year risk of ``BCRAT_FIVE_YEAR_THRESHOLD`` or more is the
    tool's "increased risk".

    Raises ValueError, with the package's reason, for inputs the package
    rejects (t1 < 20 or >= 90, t2 > 90, t1 >= t2, menarche or first birth after
    t1, first birth before menarche, hyperplasia given without a biopsy, ...).
    """
    t1, t2 = _bcrat_ages(t1, t2)
    code = _bcrat_race_code(race)
    raw = _bcrat_raw_inputs(n_biopsies, hyperplasia, age_menarche, age_first_birth, n_relatives)
    categories = _bcrat_categories(code, t1, *raw)
    rr_under_50, rr_50_plus = _bcrat_relative_risks(code, *categories)
    one_minus_ar_under_50, one_minus_ar_50_plus = _BCRAT_ONE_MINUS_AR[code]
    return _bcrat_integrate(t1, t2, _BCRAT_LAMBDA1[code], _BCRAT_LAMBDA2[code],
                            one_minus_ar_under_50 * rr_under_50,
                            one_minus_ar_50_plus * rr_50_plus)


def bcrat_average(t1, t2, race) -> float:
    """Absolute risk (0..1) between ``t1`` and ``t2`` for an average woman of ``race``.

    BCRA's average-risk calculation (``absolute.risk(..., Avg_White=1)``):
    relative risk and attributable risk are set to 1, the race's own rates are
    used, except that White and "other" women take the 1992-96 SEER/NCHS
    white rates. Same age rules and ValueErrors as ``bcrat``.
    """
    t1, t2 = _bcrat_ages(t1, t2)
    code = _bcrat_race_code(race)
    if code in (1, 4):
        lambda1, lambda2 = _WHITE_AVG_LAMBDA1, _WHITE_AVG_LAMBDA2
    else:
        lambda1, lambda2 = _BCRAT_LAMBDA1[code], _BCRAT_LAMBDA2[code]
    return _bcrat_integrate(t1, t2, lambda1, lambda2, 1.0, 1.0)


# --------------------------------------------------------------------------
# APCS (Asia-Pacific Colorectal Screening score)
# --------------------------------------------------------------------------

def _apcs_tier(points: int) -> str:
    """Published tiers: 0-1 average, 2-3 moderate, 4-7 high."""
    if points <= 1:
        return "average"
    return "moderate" if points <= 3 else "high"


def apcs(age, male, family_history_crc, ever_smoker) -> tuple[int, str]:
    """Asia-Pacific Colorectal Screening score: ``(points 0-7, tier)``.

    Yeoh KG et al., Gut 2011;60:1236-1241. Points: age <50 = 0, 50-69 = 2,
    >=70 = 3; male 1; colorectal cancer in a first-degree relative 2; current
    or past smoking 1. Tiers: 0-1 "average", 2-3 "moderate", 4-7 "high" risk
    of colorectal advanced neoplasia. ``age`` in years; the others booleans.
    """
    age = _number("age", age)
    if not 0 <= age <= 120:
        raise ValueError(f"age must be between 0 and 120 years, got {age:g}.")
    if age >= 70:
        points = 3
    elif age >= 50:
        points = 2
    else:
        points = 0
    points += 1 if _flag("male", male) else 0
    points += 2 if _flag("family_history_crc", family_history_crc) else 0
    points += 1 if _flag("ever_smoker", ever_smoker) else 0
    return points, _apcs_tier(points)


# --------------------------------------------------------------------------
# aMAP (hepatocellular carcinoma in chronic hepatitis)
# --------------------------------------------------------------------------

#: Published cut-offs: below 50 low risk, above 60 high risk, 50-60 medium.
AMAP_LOW_BELOW = 50.0
AMAP_HIGH_ABOVE = 60.0

# Physiologic bounds (exclusive below, inclusive above) used to refuse
# impossible values and catch unit mistakes (mg/dL vs umol/L, g/dL vs g/L);
# they are deliberately wide. Albumin below 10 g/L is almost surely g/dL.
_AMAP_BOUNDS = {
    "bilirubin_umol_l": (0.0, 1000.0, "umol/L (1 mg/dL = 17.1 umol/L)"),
    "albumin_g_l": (10.0, 70.0, "g/L (1 g/dL = 10 g/L)"),
    "platelets_10e9_l": (0.0, 2000.0, "x10^9/L (= x10^3/mm^3)"),
}


def _amap_lab(name: str, value) -> float:
    """A laboratory value inside its physiologic bounds, or ValueError."""
    number = _number(name, value)
    low, high, unit = _AMAP_BOUNDS[name]
    if not low < number <= high:
        raise ValueError(
            f"{name} must be in {unit}, above {low:g} and at most {high:g}; "
            f"got {number:g}. Check the unit."
        )
    return number


def _amap_group(score: float) -> str:
    """Risk group as published: <50 low, 50-60 medium, >60 high (both cut-offs medium)."""
    if score < AMAP_LOW_BELOW:
        return "low"
    return "high" if score > AMAP_HIGH_ABOVE else "medium"


def amap(age, male, bilirubin_umol_l, albumin_g_l, platelets_10e9_l) -> tuple[float, str]:
    """aMAP hepatocellular-carcinoma risk score: ``(score, group)``.

    Fan R et al., J Hepatol 2020;73:1368-1378:
    ``({0.06 x age + 0.89 x male + 0.48 x [0.66 x log10(bilirubin umol/L)
    - 0.085 x albumin g/L] - 0.01 x platelets 10^9/L} + 7.4) / 14.77 x 100``.
    The score is about 0-100 for real patients and is returned unrounded and
    unclipped, as the formula gives it. Group: "low" below 50, "medium" from
    50 to 60 inclusive, "high" above 60. Built for adults with chronic
    hepatitis; see the docs card before using it on anyone else.
    """
    age = _number("age", age)
    if not 0 < age <= 120:
        raise ValueError(f"age must be above 0 and at most 120 years, got {age:g}.")
    is_male = _flag("male", male)
    bilirubin = _amap_lab("bilirubin_umol_l", bilirubin_umol_l)
    albumin = _amap_lab("albumin_g_l", albumin_g_l)
    platelets = _amap_lab("platelets_10e9_l", platelets_10e9_l)
    albi = 0.66 * math.log10(bilirubin) - 0.085 * albumin  # the ALBI grade term
    linear = 0.06 * age + 0.89 * is_male + 0.48 * albi - 0.01 * platelets
    score = (linear + 7.4) / 14.77 * 100
    return score, _amap_group(score)
