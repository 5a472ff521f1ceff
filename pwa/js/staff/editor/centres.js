/**
 * Screening centres, the places referrals send residents to: a list, and a form for a new
 * or an existing centre (names, addresses and hours in both languages, district, tests
 * offered, phone, and whether referrals use it). Centres are never deleted, only made
 * inactive, so older results still name them.
 */
import { h, replace } from "../../common/dom.js";
import { t } from "../../common/i18n.js";
import { ApiError } from "../../common/api.js";
import { CENTRES, errorLine, errorText, showFieldErrors, statusLine, targetingOptions,
  useEditorStyles } from "./util.js";

const TEXT_FIELDS = [
  ["name_zh", () => t("Name in Chinese"), "zh-CN"], ["name_en", () => t("Name in English"), "en"],
  ["address_zh", () => t("Address in Chinese"), "zh-CN"], ["address_en", () => t("Address in English"), "en"],
  ["hours_zh", () => t("Opening hours in Chinese"), "zh-CN"], ["hours_en", () => t("Opening hours in English"), "en"],
  ["district", () => t("District"), null], ["phone", () => t("Phone"), null],
];

function centreRow(centre, testNames) {
  const edit = `#/editor/centres/${encodeURIComponent(centre.code)}`;
  return h("tr", { "data-code": centre.code },
    h("th", { scope: "row" }, h("a", { href: edit }, centre.name_zh || centre.code),
      h("span", { class: "subtitle", lang: "en" }, centre.name_en), h("span", { class: "slug" }, centre.code)),
    h("td", {}, centre.district), h("td", {}, centre.address_zh),
    h("td", {}, h("ul", { class: "plain" }, centre.tests.map((code) => h("li", {}, testNames[code] || code)))),
    h("td", {}, centre.phone), h("td", {}, centre.hours_zh),
    h("td", {}, centre.active ? t("Yes") : h("strong", {}, t("No: not used for referrals"))));
}

/** #/editor/centres */
export async function renderCentreList(main, params, ctx) {
  useEditorStyles();
  const [centres, options] = await Promise.all([ctx.api.get(CENTRES), targetingOptions(ctx.api)]);
  const testNames = Object.fromEntries(options.tests.map((test) => [test.code, test.label]));
  const heads = [t("Screening centre"), t("District"), t("Address"), t("Tests offered"), t("Phone"), t("Opening hours"), t("Active")];
  replace(main,
    h("div", { class: "page-head" }, h("h1", {}, t("Screening centres")),
      h("a", { class: "button primary", href: "#/editor/centres/new" }, t("New screening centre"))),
    params.query.get("saved") ? statusLine() : null,
    h("p", { class: "lead" }, t("Residents at high risk are referred to the active centres that offer their test.")),
    h("div", { class: "table-wrap" }, h("table", {},
      h("caption", {}, t("Screening centres")),
      h("thead", {}, h("tr", {}, heads.map((label) => h("th", { scope: "col" }, label)))),
      h("tbody", {}, centres.map((centre) => centreRow(centre, testNames))))));
  if (params.query.get("saved")) replace(main.querySelector(".status"), t("Saved."));
}

function textInput([key, label, lang], centre) {
  const id = `centre-${key}`;
  const line = errorLine(`error-${id}`);
  line.dataset.errorFor = key;
  return h("div", { class: "field" }, h("label", { for: id }, label()),
    h("input", { type: key === "phone" ? "tel" : "text", id, "data-key": key, lang, value: centre[key] || "",
      "aria-describedby": `error-${id}` }), line);
}

function testsFieldset(options, chosen) {
  return h("fieldset", { class: "choice-group", "aria-describedby": "error-centre-tests" },
    h("legend", {}, t("Tests offered")),
    h("div", { class: "choices" }, options.tests.map((test) => h("div", { class: "check" },
      h("input", { type: "checkbox", id: `centre-test-${test.code}`, name: "tests", value: test.code,
        checked: chosen.has(test.code) || null }),
      h("label", { for: `centre-test-${test.code}` }, test.label)))),
    h("p", { class: "error-text", id: "error-centre-tests", "data-error-for": "tests" }));
}

function readCentre(form) {
  const body = {};
  for (const [key] of TEXT_FIELDS) body[key] = form.querySelector(`[data-key="${key}"]`).value.trim();
  body.tests = [...form.querySelectorAll("input[name=tests]:checked")].map((el) => el.value);
  body.active = form.querySelector("#centre-active").checked;
  return body;
}

/** #/editor/centres/new and #/editor/centres/:code */
export async function renderCentreForm(main, params, ctx) {
  useEditorStyles();
  const code = params.code || null;
  const [centres, options] = await Promise.all([ctx.api.get(CENTRES), targetingOptions(ctx.api)]);
  const centre = code ? centres.find((c) => c.code === code) : { active: true, tests: [] };
  if (!centre) throw new ApiError(404, { error: { message: t("No screening centre with this code.") } });
  const status = h("p", { class: "error-text", role: "alert", tabindex: "-1" });
  const codeLine = errorLine("error-centre-code");
  codeLine.dataset.errorFor = "code";
  const form = h("form", { class: "card centre-form", novalidate: true },
    code ? null : h("div", { class: "field" }, h("label", { for: "centre-code" }, t("Code"),
      h("span", { class: "hint" }, t("Letters, digits, - and _; it cannot be changed later."))),
    h("input", { type: "text", id: "centre-code", "aria-describedby": "error-centre-code" }), codeLine),
    h("div", { class: "two-columns" }, TEXT_FIELDS.map((field) => textInput(field, centre))),
    testsFieldset(options, new Set(centre.tests)),
    h("div", { class: "check" }, h("input", { type: "checkbox", id: "centre-active", checked: centre.active || null }),
      h("label", { for: "centre-active" }, t("Active: referrals use this centre"))),
    status, h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary" }, t("Save"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    replace(status);
    showFieldErrors(form, {});
    try {
      const body = readCentre(form);
      if (code) await ctx.api.put(`${CENTRES}/${encodeURIComponent(code)}`, body);
      else await ctx.api.post(CENTRES, { ...body, code: form.querySelector("#centre-code").value.trim() });
      ctx.navigate("editor/centres", { saved: "1" });
    } catch (error) {
      replace(status, errorText(error));
      if (error instanceof ApiError) showFieldErrors(form, error.details, status);
      status.focus();
    }
  });
  replace(main,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/editor/centres" }, t("Screening centres"))),
    h("h1", {}, code ? t("Edit: %(title)s", { title: centre.name_zh || code }) : t("New screening centre")),
    form);
}

