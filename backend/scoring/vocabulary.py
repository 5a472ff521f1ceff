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

# The doctors' filter and the editors' targeting group each cancer of a result (lowest first,
# their order is their rank): "high" screening recommended or a symptom pointing at it,
# "raised" a risk higher than the same-age average without that, "average" the rest.
BANDS = ("average", "raised", "high")
BAND_RANK = {band: rank for rank, band in enumerate(BANDS)}
BAND_NAMES = {"average": N_("Neither"), "raised": N_("Higher than others of the same age and sex"),
              "high": N_("Screening recommended or a symptom")}

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

# What each cancer's result compares: the resident's five-year risk against the average of
# people of the same age and sex (models, ages 40-74). Cut-points of the ratio, justified in
# every model card: below 0.5 is half or less; 0.9-1.1 is within the precision the answers
# allow; above 2 is double or more.
COMPARISONS = ("much_lower", "lower", "about_average", "higher", "much_higher")
COMPARISON_CUTS = ((0.5, "much_lower"), (0.9, "lower"), (1.1, "about_average"), (2.0, "higher"))
COMPARISON_TEXTS = {
    "much_lower": N_("Much lower than most people of your age and sex"),
    "lower": N_("Lower than most people of your age and sex"),
    "about_average": N_("About the same as most people of your age and sex"),
    "higher": N_("Higher than most people of your age and sex"),
    "much_higher": N_("Much higher than most people of your age and sex"),
}

# Whether screening is advised now (guidelines.md, "Two different statements per cancer").
STATUSES = ("see_doctor", "recommended", "talk_to_doctor", "not_needed")
STATUS_TEXTS = {
    "see_doctor": N_("See a doctor about your symptom"),
    "recommended": N_("Screening recommended now"),
    "talk_to_doctor": N_("Talk to your family doctor"),
    "not_needed": N_("No screening needed now"),
}
# The doctors' list: one priority per resident (urgent first), longest waiting first within.
PRIORITIES = {1: "urgent", 2: "screening_recommended", 3: "other"}
PRIORITY_TEXTS = {1: N_("Urgent"), 2: N_("Screening recommended"), 3: N_("No action needed now")}

INTERVAL_TEXTS = {
    "every_year": N_("Every year"),
    "every_6_months": N_("Every 6 months"),
    "every_1_to_2_years": N_("Every 1 to 2 years"),
    "every_5_years": N_("Every 5 years"),
    "every_1_to_3_years": N_("Every 1 to 3 years, as the endoscopy doctor advises from what they "
                             "find"),
    "colonoscopy_5_to_10_years": N_("If the colonoscopy is normal, again in 5 to 10 years. If you "
                                    "do not have a colonoscopy, a FIT stool test every year is "
                                    "the alternative."),
}

# Which cancer each red-flag symptom points at (its card shows no screening interval: the
# doctor decides the tests), and the kind of clinic to see.
RED_FLAG_CANCERS = {
    "blood_or_mucus_stool": ("colorectal",), "bowel_habit_change": ("colorectal",),
    "coughing_blood": ("lung",), "cough_over_3_weeks": ("lung",),
    "difficulty_swallowing": ("upper_gi",), "vomiting_blood_or_black_stool": ("upper_gi",),
    "breast_lump_or_change": ("breast",), "jaundice": ("liver",),
    "weight_loss": CANCERS,
}
RED_FLAG_CLINICS = {
    "blood_or_mucus_stool": N_("Go to gastroenterology (digestive medicine) or a colorectal clinic."),
    "bowel_habit_change": N_("Go to gastroenterology (digestive medicine)."),
    "coughing_blood": N_("Go to respiratory medicine."),
    "cough_over_3_weeks": N_("Go to respiratory medicine."),
    "difficulty_swallowing": N_("Go to gastroenterology (digestive medicine)."),
    "vomiting_blood_or_black_stool": N_("Go to the emergency department today."),
    "breast_lump_or_change": N_("Go to a breast surgery clinic."),
    "jaundice": N_("Go to gastroenterology or a liver clinic."),
    "weight_loss": N_("See your family doctor or general internal medicine."),
}

# Why screening is (or may be) advised: each names what applies to this person and where it
# came from (their answer, a test, the place they chose, or the model).
REASON_TEXTS = {
    "smoking_30_pack_years": N_("You told us you have smoked 30 pack-years or more and still smoke "
                                "or stopped less than 15 years ago"),
    "passive_smoking_20y": N_("You told us you lived or worked for 20 years or more with a heavy "
                              "smoker"),
    "copd": N_("You told us a doctor found COPD, emphysema or chronic bronchitis"),
    "work_asbestos": N_("You told us you worked with asbestos for a year or more"),
    "work_radon": N_("You told us you worked with radon for a year or more"),
    "work_beryllium": N_("You told us you worked with beryllium for a year or more"),
    "work_chromium": N_("You told us you worked with chromium for a year or more"),
    "work_cadmium": N_("You told us you worked with cadmium for a year or more"),
    "work_nickel": N_("You told us you worked with nickel for a year or more"),
    "work_silica": N_("You told us you worked with silica dust for a year or more"),
    "work_coal_smoke_soot": N_("You told us you worked with coal smoke or soot for a year or more"),
    "family_lung": N_("You told us a parent, brother, sister or child had lung cancer"),
    "family_breast_ovarian": N_("You told us your mother, sister or daughter had breast or ovarian "
                                "cancer"),
    "second_degree_breast_ovarian": N_("You told us two or more other relatives had breast or "
                                       "ovarian cancer before 50"),
    "brca": N_("You told us you or a close relative carry a BRCA1 or BRCA2 gene mutation"),
    "menarche_12_or_younger": N_("You told us your first period came at 12 or younger"),
    "menopause_55_or_older": N_("You told us your periods stopped at 55 or later"),
    "still_menstruating_at_55": N_("You told us you still have periods at 55 or older"),
    "benign_breast_biopsy": N_("You told us you had a breast biopsy or an operation on a benign "
                               "breast lump"),
    "atypical_hyperplasia": N_("You told us a breast biopsy found atypical hyperplasia"),
    "combined_hrt": N_("You told us you took combined hormone therapy for 6 months or more"),
    "dense_breasts": N_("You told us a breast scan found dense breasts"),
    "breastfeeding_under_4_months": N_("You told us you breastfed for less than 4 months in all, "
                                       "or not at all"),
    "no_birth_or_first_birth_30": N_("You told us you have not given birth, or gave birth first "
                                     "at 30 or later"),
    "oestrogen_only_hrt": N_("You told us you took oestrogen-only hormone therapy for 6 months or "
                             "more"),
    "two_or_more_abortions": N_("You told us you have had two or more miscarriages or abortions"),
    "hbsag_positive": N_("Your HBsAg test (for hepatitis B) was positive"),
    "hepatitis_b": N_("You told us a doctor said you have hepatitis B"),
    "hepatitis_c": N_("You told us a doctor said you have hepatitis C"),
    "cirrhosis": N_("You told us a doctor said you have liver cirrhosis"),
    "family_liver": N_("You told us a parent, brother, sister or child had liver cancer"),
    "heavy_drinking_long_term": N_("You told us you have been drinking heavily for 5 years or more "
                                   "(on average 40 g of alcohol a day or more for men, 20 g for "
                                   "women)"),
    "diabetes": N_("You told us you have diabetes"),
    "fatty_liver": N_("You told us you have fatty liver"),
    "high_incidence_area": N_("The health centre you chose is in an area where oesophageal and "
                              "stomach cancer are common"),
    "atrophic_gastritis": N_("You told us a gastroscopy found atrophic gastritis"),
    "intestinal_metaplasia": N_("You told us a gastroscopy found intestinal metaplasia"),
    "intraepithelial_neoplasia": N_("You told us a gastroscopy found dysplasia (intraepithelial "
                                    "neoplasia)"),
    "gastric_polyp": N_("You told us a gastroscopy found a stomach polyp"),
    "gastric_ulcer": N_("You told us you have had a stomach ulcer"),
    "remnant_stomach": N_("You told us part of your stomach was removed by an operation"),
    "h_pylori_positive": N_("Your H. pylori test was positive"),
    "h_pylori": N_("You told us a doctor found H. pylori infection"),
    "family_oesophageal": N_("You told us a parent, brother, sister or child had oesophageal cancer"),
    "family_stomach": N_("You told us a parent, brother, sister or child had stomach cancer"),
    "current_smoking": N_("You told us you smoke"),
    "heavy_drinking": N_("You told us you drink heavily (on average 40 g of alcohol a day or more "
                         "for men, 20 g for women)"),
    "hot_food": N_("You told us you often have scalding-hot food or drinks"),
    "pickled_food": N_("You told us you eat pickled or salted vegetables 4 or more days a week"),
    "salty_diet": N_("You told us you like your food salty"),
    "fit_positive": N_("Your FIT stool test for hidden blood was positive"),
    "family_colorectal": N_("You told us a parent, brother, sister or child had bowel cancer"),
    "previous_cancer": N_("You told us you have had a cancer before"),
    "colorectal_polyps": N_("You told us polyps were found in your bowel"),
    "bowel_chronic_diarrhoea": N_("You told us you have had long-lasting diarrhoea"),
    "bowel_chronic_constipation": N_("You told us you have had long-lasting constipation"),
    "bowel_mucus_bloody_stool": N_("You told us you have had mucus or blood in your stool"),
    "bowel_appendicitis": N_("You told us you had appendicitis or your appendix removed"),
    "bowel_cholecystitis": N_("You told us you had long-lasting gallbladder inflammation or your "
                              "gallbladder removed"),
    "bowel_life_event": N_("You told us of a major distressing event in your life"),
    "model_above_threshold": N_("You are %(age)s: at your age, screening is advised when the "
                                "estimated risk is above a set level, and yours is. What raised "
                                "it most: %(answers)s"),
    "model_mainly_age": N_("You are %(age)s: at your age, screening is advised when the estimated "
                           "risk is above a set level, and yours is, mainly because of your age "
                           "rather than your other answers"),
    "model_outside_ages": N_("You are %(age)s: your estimated risk is above the level at which "
                             "screening is advised, but the national guideline does not start "
                             "screening for this cancer at your age"),
    "tumour_marker": N_("Your %(marker)s result is above the laboratory's upper limit"),
    "red_flag": N_("You reported: %(symptom)s"),
}
