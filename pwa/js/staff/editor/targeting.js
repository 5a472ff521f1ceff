/**
 * The targeting controls of the article form, built from GET /content/targeting: every
 * choice is a labelled checkbox with the server's readable name, so an editor never types a
 * code. `targetingFieldset(options, targeting)` returns the fieldset and a `read()` that
 * gives back the targeting object the API expects.
 */
import { h } from "../../common/dom.js";
import { t } from "../../common/i18n.js";
import { errorLine, listOf } from "./util.js";

function checkbox(name, value, label, checked) {
  const id = `t-${name}-${value}`.replace(/[^A-Za-z0-9_-]/g, "_");
  return h("div", { class: "check" },
    h("input", { type: "checkbox", id, name, value, checked: checked || null }),
    h("label", { for: id }, label));
}

function group(key, legend, hint, items, chosen) {
  const errorId = `error-targeting-${key}`;
  return h("fieldset", { class: "choice-group", "aria-describedby": errorId },
    h("legend", {}, legend), hint ? h("p", { class: "hint" }, hint) : null,
    h("div", { class: "choices" }, items.map((item) => checkbox(key, item.code, item.label, chosen.has(item.code)))),
    h("p", { class: "error-text", id: errorId, "data-error-for": `targeting.${key}` }));
}

function factorGroup(factor, chosen, cancerNames) {
  const cancers = listOf(factor.cancers.map((c) => cancerNames[c] || c));
  return h("fieldset", { class: "factor", "data-factor": factor.code },
    h("legend", {}, factor.label, h("span", { class: "factor-cancers" }, cancers)),
    factor.levels.map((level) => checkbox("factors", `${factor.code}:${level.code}`, level.label,
      chosen.has(`${factor.code}:${level.code}`))));
}

function factorsSection(options, targeting) {
  const chosen = new Set(targeting.factors || []);
  const cancerNames = Object.fromEntries(options.cancers.map((c) => [c.code, c.label]));
  const filter = h("input", { type: "search", id: "factor-filter" });
  const groups = options.factors.map((factor) => factorGroup(factor, chosen, cancerNames));
  filter.addEventListener("input", () => {
    const text = filter.value.trim().toLowerCase();
    for (const el of groups) el.hidden = Boolean(text) && !el.textContent.toLowerCase().includes(text);
  });
  return h("fieldset", { class: "choice-group factors", "aria-describedby": "error-targeting-factors" },
    h("legend", {}, t("Risk factor levels")),
    h("p", { class: "hint" }, t("Shown to residents who have any of the chosen levels. \"Not known\" reaches residents who have never been tested.")),
    h("div", { class: "field" }, h("label", { for: "factor-filter" }, t("Find a risk factor")), filter),
    h("p", { class: "error-text", id: "error-targeting-factors", "data-error-for": "targeting.factors" }),
    h("div", { class: "factor-grid" }, groups));
}

function ageField(id, label, value) {
  return h("div", { class: "field" }, h("label", { for: id }, label),
    h("input", { type: "number", id, min: 18, max: 120, step: 1, inputmode: "numeric",
      value: value ?? "", "aria-describedby": `error-${id}` }),
    errorLine(`error-${id}`));
}

/** The targeting fieldset and a reader for its values. */
export function targetingFieldset(options, targeting) {
  const set = (key) => new Set(targeting[key] || []);
  const ages = h("div", { class: "inline-fields" },
    ageField("min_age", t("Lowest age"), targeting.min_age), ageField("max_age", t("Highest age"), targeting.max_age));
  ages.querySelector("#error-min_age").dataset.errorFor = "targeting.min_age";
  ages.querySelector("#error-max_age").dataset.errorFor = "targeting.max_age";
  const root = h("fieldset", { class: "targeting card" },
    h("legend", {}, t("Who sees it")),
    h("p", { class: "hint" }, t("An article reaches a resident when any chosen factor level, cancer with its screening or risk, test or finding matches. Sex and age limit it further. Leave everything empty for an article for everyone.")),
    h("div", { class: "targeting-row" },
      group("cancers", t("Cancers"), t("With screening or risk chosen: only when that cancer has it."), options.cancers, set("cancers")),
      group("bands", t("Screening or risk"), null, options.bands, set("bands")),
      group("findings", t("Findings"), null, options.findings, set("findings")),
      group("sexes", t("Sex"), t("Empty: both."), options.sexes, set("sexes"))),
    group("tests", t("Screening tests the resident is referred to"), null, options.tests, set("tests")),
    h("fieldset", { class: "choice-group" }, h("legend", {}, t("Age range")), ages),
    factorsSection(options, targeting));
  const read = () => {
    const values = (name) => [...root.querySelectorAll(`input[name="${name}"]:checked`)].map((el) => el.value);
    const age = (id) => { const v = root.querySelector(`#${id}`).value.trim(); return v === "" ? null : Number(v); };
    return { factors: values("factors"), cancers: values("cancers"), bands: values("bands"),
      tests: values("tests"), findings: values("findings"), sexes: values("sexes"),
      min_age: age("min_age"), max_age: age("max_age") };
  };
  return { element: root, read };
}
