/**
 * The first screen of a result: red-flag symptoms (with the kind of clinic, when to call 120
 * and the chosen centre's phone), all cancers at a glance (comparison in words and screening
 * status, never merged), and "what to do next" as a plan, one line per cancer that needs
 * action, or when to check again.
 */
import { h } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { comparisonLine, statusBadge } from "./cancer.js";

export function redFlags(result) {
  if (!result.see_doctor_now) return null;
  const centre = result.health_centre;
  return h("section", { class: "card red-flags", "aria-labelledby": "red-flags-title" },
    h("h2", { id: "red-flags-title" }, result.red_flag_heading),
    h("p", {}, result.red_flag_message),
    h("ul", {}, result.red_flags.map((flag) => h("li", {}, h("strong", {}, flag.text), h("br"), flag.clinic))),
    h("p", { class: "call-120" }, result.call_120),
    centre?.phone ? h("p", {}, t("Your health centre:"), " ", centre.name, " ",
      h("a", { href: `tel:${centre.phone}` }, centre.phone)) : null);
}

/** Unfold one cancer's details and bring them into view (the hash router owns location.hash). */
function openDetails(cancer) {
  const details = document.getElementById(`details-${cancer}`);
  if (!details) return;
  details.open = true;
  details.scrollIntoView({ block: "start" });
  details.querySelector("summary")?.focus();
}

export function glance(result) {
  // Outside the models' ages no cancer has a comparison: say why once, not once a cancer.
  const noFigures = result.cancers.every((cancer) => !cancer.comparison_text);
  return h("section", { class: "card glance", "aria-labelledby": "glance-title" },
    h("h2", { id: "glance-title" }, t("Your result at a glance")),
    noFigures ? h("p", { class: "comparison note glance-note" }, result.cancers[0]?.no_model_reason) : null,
    h("ul", { class: "glance-list" }, result.cancers.map((cancer) => h("li", { "data-cancer": cancer.cancer },
      h("button", { type: "button", class: "glance-name link", onclick: () => openDetails(cancer.cancer) }, cancer.name),
      noFigures ? null : comparisonLine(cancer), statusBadge(cancer)))));
}

/** ``extra``: what the resident can do about sharing (the stop-sharing button), or null. */
export function plan(result, extra = null) {
  const sharing = result.shared_with_centre
    ? t("You chose to share this result with your community health centre. A family doctor there may contact you.")
    : t("You chose not to share this result. Only you can see it.");
  return h("section", { class: "card next plan", "aria-labelledby": "plan-title" },
    h("h2", { id: "plan-title" }, t("What to do next")),
    result.plan.actions.length ? h("ul", { class: "plan-list" }, result.plan.actions.map((line) =>
      h("li", { "data-cancer": line.cancer }, h("strong", {}, line.name), h("br"), line.text))) : null,
    result.plan.next ? h("p", { class: "next-date" }, result.plan.next) : null,
    h("p", {}, sharing), extra);
}
