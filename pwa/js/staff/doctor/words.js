/**
 * Words the doctors' screens need before the API has said anything (filter choices, table
 * headings): cancers, bands, follow-up statuses and results. The msgids are the backend's own
 * (backend/assessments/texts.py, backend/doctors/texts.py), so one translation serves both.
 */
import { t, formatNumber } from "../../common/i18n.js";

export const CANCERS = ["lung", "breast", "liver", "upper_gi", "colorectal"];
export const BANDS = ["high", "raised", "average"];
export const STATUSES = ["contacted", "booked", "screened", "declined", "unreachable"];
export const RESULTS = ["normal", "abnormal", "cancer_found"];

export function cancerName(code) {
  return { lung: t("Lung cancer"), breast: t("Breast cancer"), liver: t("Liver cancer"),
    upper_gi: t("Oesophageal and stomach cancer"), colorectal: t("Bowel (colorectal) cancer") }[code] || code;
}

export function bandName(code) {
  return { average: t("Average"), raised: t("Raised"), high: t("High") }[code] || code;
}

export function statusName(code) {
  return { contacted: t("Contacted"), booked: t("Booked for screening"), screened: t("Screened"),
    declined: t("Declined"), unreachable: t("Could not be reached"), none: t("No follow-up yet") }[code] || code;
}

export function resultName(code) {
  return { normal: t("Normal"), abnormal: t("Abnormal"), cancer_found: t("Cancer found") }[code] || code;
}

export const FINDINGS = ["normal", "benign", "precancerous", "cancer_confirmed"];
/** The screening tests of each cancer (backend/scoring/guidelines.py), first = the usual one. */
export const CANCER_TESTS = {
  lung: ["ldct"], breast: ["mammography", "breast_ultrasound"], liver: ["liver_ultrasound_afp"],
  upper_gi: ["upper_endoscopy"], colorectal: ["colonoscopy", "fit"],
};
export const MARKERS = ["AFP", "CEA", "CA19_9", "CA242", "CA125", "CA15_3", "NSE", "FERRITIN", "BHCG", "HGH", "PSA", "FPSA"];

export function testName(code) {
  return { ldct: t("Low-dose CT scan of the chest"), breast_ultrasound: t("Breast ultrasound"),
    mammography: t("Mammography (breast X-ray)"), liver_ultrasound_afp: t("Liver ultrasound and AFP blood test"),
    upper_endoscopy: t("Gastroscopy (upper endoscopy)"), colonoscopy: t("Colonoscopy"),
    fit: t("FIT stool test for hidden blood") }[code] || code;
}

export function findingName(code) {
  return { cancer_confirmed: t("Cancer confirmed"), precancerous: t("Precancerous lesion"),
    benign: t("Benign finding"), normal: t("Normal") }[code] || code;
}

export function markerName(code) {
  return { CA19_9: "CA19-9", CA15_3: "CA15-3", BHCG: "β-HCG", FERRITIN: t("Ferritin"), FPSA: t("Free PSA") }[code] || code;
}

/** The date `days` after today, as the date input wants it (local calendar day). */
export function inDays(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

export function sexName(code) {
  return { male: t("Man"), female: t("Woman") }[code] || code;
}

/** A 0-1 risk as a percentage with one decimal ("3.2%", "< 0.1%"); an em dash when there is none. */
export function percent(risk) {
  if (risk === null || risk === undefined) return "—";
  return risk < 0.0005 ? "< 0.1%" : `${formatNumber(risk * 100, 1)}%`;  // never "0%": a risk is never nil
}

/** "2026-11-23T10:05:00+00:00" → "2026-11-23" (dates in tables stay compact and sortable). */
export const day = (iso) => (iso ? String(iso).slice(0, 10) : "—");
