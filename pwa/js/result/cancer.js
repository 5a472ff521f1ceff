/**
 * One cancer's details, folded below the summary: the comparison with people of the same age
 * and sex (words and picture, which the API keeps in agreement), whether screening is advised
 * and every reason (each naming the answer, test or place it came from), the referral with
 * where and by when, what raised the risk, what changing a habit would do over the years, and
 * the guideline's criteria that apply.
 */
import { h } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { riskChart } from "./chart.js";

function list(title, items, text) {
  if (!items || !items.length) return null;
  return [h("h3", {}, title), h("ul", {}, items.map((item) => h("li", {}, text(item))))];
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
    h("h3", {}, t("The test for you")),
    h("dl", {},
      h("dt", {}, t("Test")), h("dd", {}, h("ul", { class: "tests" }, ref.tests.map((test) => h("li", {}, test.name)))),
      h("dt", {}, t("By")), h("dd", {}, ref.due_by_text),
      h("dt", {}, t("How often")), h("dd", {}, ref.interval),
      ref.centres?.length ? [h("dt", {}, t("Where")), h("dd", {}, h("ul", { class: "centres" }, ref.centres.map(centre)))] : null));
}

/** The comparison line, or the plain sentence that no risk is computed at this age. */
export function comparisonLine(cancer) {
  return cancer.comparison_text
    ? h("p", { class: `comparison comparison-${cancer.comparison}` }, cancer.comparison_text)
    : h("p", { class: "comparison note" }, cancer.no_model_reason);
}

export function statusBadge(cancer) {
  return h("span", { class: `status status-${cancer.status}` }, cancer.status_text);
}

export function cancerCard(cancer) {
  return h("section", { class: `card cancer status-card-${cancer.status}`, "data-cancer": cancer.cancer,
    "aria-labelledby": `cancer-${cancer.cancer}` },
  h("h2", { id: `cancer-${cancer.cancer}` }, cancer.name),
  h("h3", {}, t("Compared with people of your age and sex")),
  comparisonLine(cancer),
  riskChart(cancer),
  h("h3", {}, t("Screening")),
  h("p", {}, statusBadge(cancer)),
  list(t("Why"), cancer.reasons, (reason) => reason.text),
  cancer.advice ? h("p", { class: "advice" }, cancer.advice) : null,
  referral(cancer.referral),
  list(t("Answers that raised your risk"), cancer.raised_by, (factor) => factor.text),
  list(t("What changing a habit would do"), cancer.what_if, (change) => change.text),
  list(t("The guideline's criteria that apply to you"), cancer.rules, (rule) => rule.text));
}
