/**
 * The targeting controls of the article form, built from GET /content/targeting: every
 * choice is a labelled checkbox with the server's readable name, so an editor never types a
 * code. `targetingFieldset(options, targeting, api)` returns the fieldset and a `read()` that
 * gives back the targeting object the API expects. The editor says whether one matching
 * choice is enough (any of) or every filled-in group must match (all of), and sees how many
 * stored assessments the targeting would reach (POST /content/targeting/reach: a count only),
 * updated as the choices change.
 */
import { h } from "../../common/dom.js";
import { formatNumber, t } from "../../common/i18n.js";
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

function matchChoice(current) {
  const radio = (value, label, hint) => h("div", { class: "check" },
    h("input", { type: "radio", name: "match", id: `match-${value}`, value, checked: current === value || null }),
    h("label", { for: `match-${value}` }, h("strong", {}, label), " ", h("span", { class: "hint" }, hint)));
  return h("fieldset", { class: "choice-group match", id: "targeting-match" },
    h("legend", {}, t("How the choices combine")),
    radio("any", t("Any of"), t("A resident who matches one chosen group is enough.")),
    radio("all", t("All of"), t("A resident must match every group that has a choice (for example a cancer and a test).")));
}

/** "Would reach N of the M stored assessments", asked again (debounced) as choices change. */
function reachLine(api, kindOf, read) {
  const line = h("p", { class: "reach", id: "targeting-reach", role: "status" });
  let timer = null;
  let asked = 0;
  const update = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const id = ++asked;
      try {
        const reach = await api.post("/api/v1/content/targeting/reach", { kind: kindOf(), targeting: read() });
        if (id !== asked) return;
        const values = { count: formatNumber(reach.count), considered: formatNumber(reach.considered),
          total: formatNumber(reach.total) };
        line.textContent = reach.considered < reach.total
          ? t("Would reach %(count)s of the latest %(considered)s stored assessments (%(total)s in all).", values)
          : t("Would reach %(count)s of the %(total)s stored assessments.", values);
      } catch (error) {
        if (id === asked) line.textContent = t("The reach could not be counted just now.");
      }
    }, 300);
  };
  return { line, update };
}

/** The targeting fieldset and a reader for its values. */
export function targetingFieldset(options, targeting, api = null, kindOf = () => "factor") {
  const set = (key) => new Set(targeting[key] || []);
  const ages = h("div", { class: "inline-fields" },
    ageField("min_age", t("Lowest age"), targeting.min_age), ageField("max_age", t("Highest age"), targeting.max_age));
  ages.querySelector("#error-min_age").dataset.errorFor = "targeting.min_age";
  ages.querySelector("#error-max_age").dataset.errorFor = "targeting.max_age";
  const root = h("fieldset", { class: "targeting card" },
    h("legend", {}, t("Who sees it")),
    h("p", { class: "hint" }, t("Within a group, one chosen item is enough. Sex and age always limit it further. Leave everything empty for an article for everyone.")),
    matchChoice(targeting.match || "any"),
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
      min_age: age("min_age"), max_age: age("max_age"),
      match: root.querySelector('input[name="match"]:checked')?.value || "any" };
  };
  if (api) {
    const reach = reachLine(api, kindOf, read);
    root.querySelector("#targeting-match").after(reach.line);
    root.addEventListener("change", reach.update);
    root.addEventListener("input", reach.update);
    reach.update();
    return { element: root, read, reach: reach.update };
  }
  return { element: root, read };
}
