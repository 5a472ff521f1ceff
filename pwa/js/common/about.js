/**
 * Who runs the service (GET /api/v1/about, from the deployment's configuration), for the
 * start and privacy pages. Cached by the service worker like the questionnaire, so both pages
 * name the operator offline too; null when it was never fetched.
 */
import { h } from "./dom.js";
import { t } from "./i18n.js";
import { getJson } from "./api.js";

export async function loadAbout() {
  try { return await getJson("/api/v1/about"); } catch { return null; }
}

/** "Who runs this service": name, a line about them, and a phone number to call. */
export function operatorBlock(about, headingLevel = "h2") {
  if (!about) return null;
  const { name, phone, about: line } = about.operator;
  return h("section", { class: "operator", "aria-labelledby": "operator-title" },
    h(headingLevel, { id: "operator-title" }, t("Who runs this service")),
    h("p", {}, h("strong", {}, name), " ", line),
    h("p", {}, t("Questions:"), " ", h("a", { href: `tel:${phone.replace(/[^0-9+]/g, "")}` }, phone)));
}
