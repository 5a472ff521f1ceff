"""The product's vocabulary: every code a result, a rule, an article or a doctor's list uses.

Cancers, risk bands, screening tests, red-flag symptoms, tumour markers and reference factor
levels are written once, here, with the English msgid that names each for a person (translated
by the layer that shows it, ``backend.i18n.translate``). Everything else imports them from
here, so adding a test or a symptom is one edit. Pure Python: no Flask, no database.
"""
from __future__ import annotations


def N_(text: str) -> str:
    """Mark a msgid for the translation catalogues without translating it here."""
    return text


CANCERS = ("lung", "breast", "liver", "upper_gi", "colorectal")
CANCER_NAMES = {
    "lung": N_("Lung cancer"), "breast": N_("Breast cancer"), "liver": N_("Liver cancer"),
    "upper_gi": N_("Oesophageal and stomach cancer"), "colorectal": N_("Bowel (colorectal) cancer"),
}
SEXES = ("male", "female")

# Risk bands, lowest first: their order is their rank.
BANDS = ("average", "raised", "high")
BAND_RANK = {band: rank for rank, band in enumerate(BANDS)}
BAND_NAMES = {"average": N_("Average"), "raised": N_("Raised"), "high": N_("High")}

# Screening tests a referral can name.
TESTS = ("ldct", "breast_ultrasound", "mammography", "liver_ultrasound_afp", "upper_endoscopy",
         "colonoscopy", "fit")
TEST_NAMES = {
    "ldct": N_("Low-dose CT scan of the chest"), "breast_ultrasound": N_("Breast ultrasound"),
    "mammography": N_("Mammography (breast X-ray)"),
    "liver_ultrasound_afp": N_("Liver ultrasound and AFP blood test"),
    "upper_endoscopy": N_("Gastroscopy (upper endoscopy)"), "colonoscopy": N_("Colonoscopy"),
    "fit": N_("FIT stool test for hidden blood"),
}

# Red-flag symptoms, in the order they are shown (guidelines.md, "Red-flag symptoms").
RED_FLAGS = (
    "blood_or_mucus_stool", "bowel_habit_change", "coughing_blood", "cough_over_3_weeks",
    "difficulty_swallowing", "vomiting_blood_or_black_stool", "breast_lump_or_change", "jaundice",
    "weight_loss",
)
RED_FLAG_TEXTS = {
    "blood_or_mucus_stool": N_("Blood or mucus in your stool"),
    "bowel_habit_change": N_("A lasting change in your bowel habits"),
    "coughing_blood": N_("Coughing up blood"),
    "cough_over_3_weeks": N_("A cough lasting more than three weeks"),
    "difficulty_swallowing": N_("Difficulty swallowing"),
    "vomiting_blood_or_black_stool": N_("Vomiting blood, or black stools"),
    "breast_lump_or_change": N_("A new breast lump, nipple discharge or skin change"),
    "jaundice": N_("Yellowing of the skin or eyes"),
    "weight_loss": N_("Losing weight without trying"),
}

# The tumour-marker panel (guidelines.md, "Tumour markers"): (code, answer linkId stem, typical
# upper limit or None), and the cancers each marker points at ([R]).
TUMOUR_MARKERS = (("AFP", "afp", 20.0), ("CEA", "cea", 5.0), ("CA19_9", "ca19_9", 37.0),
                  ("CA242", "ca242", None), ("CA125", "ca125", 35.0), ("CA15_3", "ca15_3", 25.0),
                  ("NSE", "nse", 16.3), ("FERRITIN", "ferritin", None), ("BHCG", "bhcg", None),
                  ("HGH", "hgh", None), ("PSA", "psa", 4.0), ("FPSA", "fpsa", None))
MARKER_CANCERS = {
    "AFP": ("liver",), "FERRITIN": ("liver",), "CEA": ("colorectal", "upper_gi", "lung"),
    "CA242": ("colorectal", "upper_gi", "lung"), "CA19_9": ("upper_gi", "colorectal"),
    "NSE": ("lung",), "CA15_3": ("breast",),
}
# Names where the code is not what a person reads; the others read as their code.
MARKER_NAMES = {"CA19_9": "CA19-9", "CA15_3": "CA15-3", "BHCG": "β-HCG",
                "FERRITIN": N_("Ferritin"), "FPSA": N_("Free PSA")}

# Reference factor levels (models/reference/reference.json) as a resident reads them.
LEVEL_TEXTS = {
    ("smoking", "former_quit_15y_or_more"): N_("You used to smoke (quit 15 or more years ago)"),
    ("smoking", "former_quit_under_15y"): N_("You used to smoke (quit less than 15 years ago)"),
    ("smoking", "current_under_20_pack_years"): N_("You smoke"),
    ("smoking", "current_20_to_29_pack_years"): N_("You smoke (20 to 29 pack-years)"),
    ("smoking", "current_30_pack_years_or_more"): N_("You smoke (30 pack-years or more)"),
    ("passive_smoking_20y", "yes"): N_("Many years of second-hand smoke"),
    ("cooking_fumes", "yes"): N_("A lot of cooking oil fumes in your kitchen"),
    ("copd", "yes"): N_("COPD, emphysema or chronic bronchitis"),
    ("tuberculosis_history", "yes"): N_("Past tuberculosis"),
    ("occupational_exposure", "yes"): N_("Work with asbestos, silica, coal smoke or similar"),
    ("family_history_lung", "yes"): N_("Lung cancer in a close relative"),
    ("family_history_breast", "yes"): N_("Breast or ovarian cancer in a close relative"),
    ("early_menarche", "yes"): N_("First period at 12 or younger"),
    ("late_menopause", "yes"): N_("Menopause after 50"),
    ("late_or_no_first_birth", "yes"): N_("No birth, or a first birth at 30 or later"),
    ("no_breastfeeding", "yes"): N_("Breastfed for less than 4 months in all"),
    ("benign_breast_biopsy", "yes"): N_("A past breast biopsy or operation"),
    ("combined_hrt", "yes"): N_("Combined hormone replacement therapy"),
    ("obesity", "yes"): N_("Body mass index 28 or more"),
    ("hbv", "yes"): N_("Hepatitis B infection"),
    ("hcv", "yes"): N_("Hepatitis C infection"),
    ("cirrhosis", "yes"): N_("Liver cirrhosis"),
    ("heavy_drinking", "moderate"): N_("Drinking alcohol every week"),
    ("heavy_drinking", "heavy"): N_("Heavy drinking"),
    ("heavy_drinking", "yes"): N_("Heavy drinking"),
    ("diabetes", "yes"): N_("Diabetes"),
    ("family_history_liver", "yes"): N_("Liver cancer in a close relative"),
    ("current_smoking", "yes"): N_("You smoke"),
    ("h_pylori", "yes"): N_("H. pylori infection"),
    ("precancerous_lesion", "yes"): N_("A stomach or oesophagus condition that can lead to cancer"),
    ("family_history_upper_gi", "yes"): N_("Oesophageal or stomach cancer in a close relative"),
    ("pickled_food", "yes"): N_("Pickled vegetables 4 or more days a week"),
    ("hot_food", "yes"): N_("Scalding-hot food or drinks"),
    ("salty_diet", "yes"): N_("Salty food"),
    ("family_history_colorectal", "yes"): N_("Bowel cancer in a close relative"),
    ("polyp_or_colitis_history", "yes"): N_("Bowel polyps or chronic colitis"),
    ("bowel_history_two_or_more", "yes"): N_("Two or more long-standing bowel or gallbladder problems"),
    ("ever_smoking", "yes"): N_("You smoke or used to smoke"),
    ("weekly_drinking", "yes"): N_("Drinking alcohol every week"),
    ("processed_meat", "yes"): N_("Processed meat 4 or more days a week"),
    ("physically_inactive", "yes"): N_("Less than 30 minutes of exercise three times a week"),
}
