/**
 * The audit log: who read or changed residents' data, what, when and from where, newest
 * first. Filters (account, action, assessment, dates) live in the hash query like the
 * worklist's, so a filtered view can be reloaded or bookmarked.
 */
import { tableBox } from "../table.js";
import { h, replace } from "../../common/dom.js";
import { formatNumber } from "../../common/i18n.js";
import { input, select } from "./forms.js";
import { roleName } from "../roles.js";

const ACTIONS = (t) => ({ "worklist.read": t("Read the worklist"), "assessment.read": t("Opened a resident"),
  "export.csv": t("Exported CSV"), "follow_up.create": t("Recorded a follow-up"), "labs.create": t("Entered lab values"),
  "assisted.create": t("Assessment at the centre") });
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

/** The record's details, short: ids lists become a count (the full ids are in the API). */
function details(record, t) {
  const entries = Object.entries(record.details || {}).map(([key, value]) => {
    if (Array.isArray(value)) return key + ": " + t("%(count)s items", { count: value.length });
    if (value && typeof value === "object") {
      const parts = Object.entries(value).filter(([k]) => !["page", "per_page"].includes(k));
      return parts.length ? `${key}: ${parts.map(([k, v]) => `${k}=${v}`).join(", ")}` : null;
    }
    return `${key}: ${value}`;
  }).filter(Boolean);
  return entries.length ? entries.join("; ") : "—";
}

function table(data, ctx) {
  const { t } = ctx;
  const actions = ACTIONS(t);
  if (!data.items.length) return h("p", { class: "card" }, t("No records match these filters."));
  return tableBox(t("Audit log, newest first"), h("table", { id: "audit" },
    h("caption", {}, t("Audit log, newest first")),
    h("thead", {}, h("tr", {}, [t("When (UTC)"), t("Who"), t("Action"), t("Assessment"), t("Details"), t("Network address")]
      .map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, data.items.map((r) => h("tr", {},
      h("td", { class: "nowrap" }, String(r.at).replace("T", " ").slice(0, 19)),
      h("td", {}, r.username, h("div", { class: "muted" }, [roleName(r.role), r.centre].filter(Boolean).join(" · "))),
      h("td", { class: "nowrap" }, actions[r.action] || r.action),
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
  replace(main, h("h1", {}, t("Audit log")), filters(query, ctx),
    h("p", { class: "muted" }, t("%(count)s records", { count: formatNumber(data.total) })),
    table(data, ctx), pager(data, query, ctx));
}
