/**
 * One cancer on the result screen: the band in words, the picture, why (the guideline rules
 * that fired and the answers that raised it), what changing a habit would do, and the
 * screening test with where and how often.
 */
import { h } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { perThousand, riskChart } from "./chart.js";

function list(title, items, text) {
  if (!items || !items.length) return null;
  return [h("h3", {}, title), h("ul", {}, items.map((item) => h("li", {}, text(item))))];
}

function whatIf(cancer) {
  return list(t("What changing a habit would do"), cancer.what_if, (w) => (cancer.risk === null ? w.text
    : t("%(change)s, your risk would be about %(risk)s in 1,000 instead of %(now)s.",
      { change: w.text, risk: perThousand(w.risk), now: perThousand(cancer.risk) })));
}

function centre(place) {
  return h("li", { class: "centre" }, h("strong", {}, place.name),
    place.address ? h("span", {}, place.address) : null,
    place.hours ? h("span", {}, place.hours) : null,
    place.phone ? h("a", { href: `tel:${place.phone}` }, place.phone) : null);
}

function referral(ref) {
  if (!ref) return null;
  return h("div", { class: "referral" },
    h("h3", {}, t("Screening recommended for you")),
    h("dl", {},
      h("dt", {}, t("Test")), h("dd", {}, h("ul", { class: "tests" }, ref.tests.map((test) => h("li", {}, test.name)))),
      h("dt", {}, t("How often")), h("dd", {}, ref.interval),
      ref.centres?.length ? [h("dt", {}, t("Where")), h("dd", {}, h("ul", { class: "centres" }, ref.centres.map(centre)))] : null));
}

/** "Risk level: High" / "风险等级：高" (a full-width colon carries its own space). */
function bandLine(cancer) {
  const label = t("Risk level:");
  return h("p", { class: "band" }, label, label.endsWith("：") ? "" : " ", h("strong", {}, cancer.band_label));
}

export function cancerCard(cancer) {
  return h("section", { class: `card cancer band-${cancer.band}`, "data-cancer": cancer.cancer,
    "aria-labelledby": `cancer-${cancer.cancer}` },
  h("h2", { id: `cancer-${cancer.cancer}` }, cancer.name),
  bandLine(cancer),
  h("p", {}, cancer.band_text),
  riskChart(cancer) || (cancer.no_model_reason ? h("p", { class: "note" }, cancer.no_model_reason) : null),
  list(t("Guideline checks that apply to you"), cancer.rules, (rule) => rule.text),
  list(t("Answers that raised your risk"), cancer.raised_by, (factor) => factor.text),
  whatIf(cancer),
  referral(cancer.referral));
}
