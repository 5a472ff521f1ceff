/**
 * The audit log: who saw or changed what, when (China Standard Time, as the API sends it) and
 * from where, newest first. Filters (part of an account name, an action family, the start of
 * an assessment number: that resident's trail, dates in China time) live in the hash query
 * like the worklist's, so a filtered view can be reloaded or bookmarked; "Export CSV" saves
 * the same filtered log.
 */
import { tableBox } from "../table.js";
import { h, replace } from "../../common/dom.js";
import { formatNumber } from "../../common/i18n.js";
import { input, select } from "./forms.js";
import { roleName } from "../roles.js";
import { downloadButton } from "../download.js";

/** The filter's choices: families of actions (the API matches "account" to account.*). */
const ACTIONS = (t) => ({ "worklist.read": t("Read the worklist"), "assessment.read": t("Opened a resident"),
  "export.csv": t("Exported CSV"), "follow_up.create": t("Recorded a follow-up"), "labs.create": t("Entered lab values"),
  "marker.create": t("Entered a tumour marker"), "assisted.create": t("Assessment at the centre"),
  auth: t("Sign-ins"), account: t("Account changes"), centre: t("Centre changes"), article: t("Article changes"),
  screening_centre: t("Screening centre changes"), audit: t("Exported the audit log") });
const KEYS = ["username", "action", "assessment_id", "since", "until"];

function filters(query, ctx) {
  const { t } = ctx;
  const actions = ACTIONS(t);
  const form = h("form", { class: "card filters", role: "search", "aria-label": t("Filter the audit log") },
    input("f-username", t("Account name"), { value: query.get("username") || "", autocomplete: "off" }),
    select("f-action", t("Action"), [["", "—"], ...Object.entries(actions)]),
    input("f-assessment", t("Assessment ID"), { value: query.get("assessment_id") || "", autocomplete: "off" }),
    input("f-since", t("From"), { type: "date", value: (query.get("since") || "").slice(0, 10) }),
    input("f-until", t("Until (not included)"), { type: "date", value: (query.get("until") || "").slice(0, 10) }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary" }, t("Apply filters")),
      h("a", { class: "button", href: "#/admin/audit" }, t("Show all (clear filters)"))));
  form["f-action"].value = query.get("action") || "";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = {};
    const values = { username: form["f-username"].value.trim(), action: form["f-action"].value,
      assessment_id: form["f-assessment"].value.trim(),
      since: form["f-since"].value ? `${form["f-since"].value}T00:00:00` : "",
      until: form["f-until"].value ? `${form["f-until"].value}T00:00:00` : "" };
    for (const [key, value] of Object.entries(values)) if (value) next[key] = value;
    ctx.navigate("admin/audit", next);
  });
  return form;
}

/** The record's details in words: ids, names of accounts and articles, versions, counts. */
const DETAIL_WORDS = (t) => ({ count: t("Residents listed"), page: t("Page"), account: t("Account"),
  centre_from: t("From centre"), centre_to: t("To centre"), slug: t("Article"), version: t("Version"),
  restored_from: t("Restored from version"), code: t("Code"), centre: t("Centre"), role: t("Role") });
const HIDDEN_DETAILS = ["per_page", "user_id", "follow_up_id", "marker_id", "active"];

function details(record, t) {
  const words = DETAIL_WORDS(t);
  const entries = Object.entries(record.details || {})
    .filter(([key, value]) => !HIDDEN_DETAILS.includes(key) && value !== null && typeof value !== "object")
    .map(([key, value]) => `${words[key] || key}${t(": ")}${key === "role" ? roleName(value) : value}`);
  return entries.length ? entries.join(t(", ")) : "—";
}

function table(data, ctx) {
  const { t } = ctx;
  if (!data.items.length) return h("p", { class: "card" }, t("No records match these filters."));
  return tableBox(t("Audit log, newest first"), h("table", { id: "audit" },
    h("caption", {}, t("Audit log, newest first")),
    h("thead", {}, h("tr", {}, [t("When (China Standard Time)"), t("Who"), t("Action"), t("Assessment"), t("Details"), t("Network address")]
      .map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, data.items.map((r) => h("tr", {},
      h("td", { class: "nowrap" }, String(r.at).replace("T", " ").slice(0, 19)),
      h("td", {}, r.username, h("div", { class: "muted" }, [r.role ? roleName(r.role) : null, r.centre].filter(Boolean).join(" · "))),
      h("td", { class: "nowrap" }, r.action_text),
      h("td", {}, r.assessment_id ? h("code", {}, r.assessment_id.slice(0, 8)) : "—"),
      h("td", { class: "details" }, details(r, t)),
      h("td", {}, r.address || "—"))))));
}

function pager(data, query, ctx) {
  const { t } = ctx;
  const pages = Math.max(1, Math.ceil(data.total / data.per_page));
  if (pages === 1) return null;
  const go = (page) => { const next = new URLSearchParams(query); next.set("page", String(page)); ctx.navigate("admin/audit", next); };
  return h("nav", { class: "pager", "aria-label": t("Page navigation") },
    h("button", { type: "button", class: "button small", disabled: data.page <= 1, onclick: () => go(data.page - 1) }, t("Previous page of results")),
    h("span", {}, t("Page %(page)s of %(pages)s", { page: data.page, pages })),
    h("button", { type: "button", class: "button small", disabled: data.page >= pages, onclick: () => go(data.page + 1) }, t("Next page of results")));
}

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  const query = params.query;
  const search = new URLSearchParams();
  for (const key of KEYS) if (query.get(key)) search.set(key, query.get(key));
  search.set("page", query.get("page") || "1");
  const data = await api.get(`/api/v1/admin/audit?${search}`);
  search.delete("page");
  replace(main, h("h1", {}, t("Audit log")), filters(query, ctx),
    h("p", { class: "muted" }, data.total === 1 ? t("1 record") : t("%(count)s records", { count: formatNumber(data.total) }), " ",
      downloadButton("export-audit", t("Export CSV"), () => `/api/v1/admin/audit.csv?${search}`, ctx)),
    table(data, ctx), pager(data, query, ctx));
}
