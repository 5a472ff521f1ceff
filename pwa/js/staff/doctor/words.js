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
  return { average: t("Neither"), raised: t("Higher than others of the same age and sex"),
    high: t("Screening recommended or a symptom") }[code] || code;
}

export function statusName(code) {
  return { contacted: t("Contacted"), booked: t("Booked for screening"), screened: t("Screened"),
    declined: t("Declined"), unreachable: t("Could not be reached"), none: t("No follow-up yet") }[code] || code;
}

export function resultName(code) {
  return { normal: t("Normal"), abnormal: t("Abnormal"), cancer_found: t("Cancer found") }[code] || code;
}

export function sexName(code) {
  return { male: t("Man"), female: t("Woman") }[code] || code;
}

/** A 0-1 risk as a percentage with one decimal ("3.2%"), "< 0.1%" below that (never "0%");
 * an em dash when there is none. */
export function percent(risk) {
  if (risk === null || risk === undefined) return "—";
  return risk < 0.0005 ? "< 0.1%" : `${formatNumber(risk * 100, 1)}%`;
}

/** "2026-11-23T10:05:00+00:00" → "2026-11-23" (dates in tables stay compact and sortable). */
export const day = (iso) => (iso ? String(iso).slice(0, 10) : "—");
