/**
 * The worklist: the centre's shared assessments, most urgent first (the server orders them:
 * red flags, then high risk by cancer and risk). Filters live in the hash query, so a reload,
 * Back and the CSV export all see the same list. Every read is audited by the server.
 */
import { tableBox } from "../table.js";
import { h, replace } from "../../common/dom.js";
import { formatNumber } from "../../common/i18n.js";
import { BANDS, CANCERS, STATUSES, bandName, cancerName, day, sexName, statusName } from "./words.js";
import { exportButton } from "./export.js";

const FILTERS = ["cancer", "band", "status", "overdue", "red_flag"];

/** The API query of the current filters (only the ones set). */
export function filterQuery(query) {
  const out = new URLSearchParams();
  for (const key of FILTERS) if (query.get(key)) out.set(key, query.get(key));
  return out;
}

function select(id, label, current, options) {
  return h("div", { class: "field" }, h("label", { for: id }, label),
    h("select", { id, name: id }, h("option", { value: "" }, "—"),
      options.map(([value, text]) => h("option", { value, selected: value === current }, text))));
}

function filterForm(query, ctx) {
  const { t } = ctx;
  const form = h("form", { class: "card filters", role: "search", "aria-label": t("Filter the worklist") },
    select("cancer", t("Cancer type"), query.get("cancer"), CANCERS.map((c) => [c, cancerName(c)])),
    select("band", t("Screening or risk"), query.get("band"), BANDS.map((b) => [b, bandName(b)])),
    select("status", t("Follow-up"), query.get("status"),
      [["none", statusName("none")], ...STATUSES.map((s) => [s, statusName(s)])]),
    h("div", { class: "field check" }, h("input", { type: "checkbox", id: "overdue", name: "overdue",
      checked: query.get("overdue") === "true" }), h("label", { for: "overdue" }, t("Only overdue follow-ups"))),
    h("div", { class: "field check" }, h("input", { type: "checkbox", id: "red_flag", name: "red_flag",
      checked: query.get("red_flag") === "true" }), h("label", { for: "red_flag" }, t("Warning signs only"))),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary" }, t("Apply filters")),
      h("a", { class: "button", href: "#/doctor/worklist" }, t("Show all (clear filters)"))));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = {};
    for (const key of ["cancer", "band", "status"]) if (form[key].value) next[key] = form[key].value;
    for (const key of ["overdue", "red_flag"]) if (form[key].checked) next[key] = "true";
    ctx.navigate("doctor/worklist", next);
  });
  return form;
}

// The priority's colour class; its name is always written out beside it.
const PRIORITY_BADGE = { 1: "high", 2: "raised", 3: "average" };

/** The priority and why, in a few words ("AFP 410 (limit 7)", "positive FIT", the criteria). */
function whyCell(item) {
  return h("td", {}, h("span", { class: `badge badge-${PRIORITY_BADGE[item.priority]}` }, item.priority_text),
    item.why.length ? h("ul", { class: "plain why" }, item.why.map((line) => h("li", {}, line))) : null);
}

function followUpCell(item, t) {
  const status = item.follow_up ? `${item.follow_up.text} · ${day(item.follow_up.date)}` : statusName("none");
  const due = item.follow_up_due ? t("Follow-up due by %(date)s", { date: day(item.follow_up_due) }) : "";
  return h("td", {}, h("div", {}, status),
    item.overdue ? h("div", { class: "overdue" }, "⚠ " + t("Overdue"), due ? ` · ${due}` : "")
      : due ? h("div", { class: "muted" }, due) : null);
}

function row(item, ctx) {
  const { t } = ctx;
  const who = item.name || t("No name recorded");
  const flags = item.red_flags.length
    ? h("div", { class: "flag" }, "⚠ " + t("Warning signs") + ": ", item.red_flags.map((f) => f.text).join("; ")) : null;
  return h("tr", { class: item.red_flags.length ? "red-flag-row" : null },
    h("td", {}, h("a", { href: `#/doctor/assessments/${encodeURIComponent(item.assessment_id)}` }, who),
      item.phone ? h("div", { class: "muted" }, item.phone) : null, flags),
    h("td", {}, sexName(item.sex) + ", " + t("%(age)s years", { age: item.age })),
    whyCell(item),
    followUpCell(item, t),
    h("td", {}, day(item.created_at), item.assisted ? h("div", { class: "muted" }, t("Filled in at the centre")) : null));
}

function table(data, ctx) {
  const { t } = ctx;
  if (!data.items.length) return h("p", { class: "card" }, t("No residents match these filters."));
  return tableBox(t("Residents who shared their assessment with your centre, most urgent first"), h("table", { id: "worklist" },
    h("caption", {}, t("Residents who shared their assessment with your centre, most urgent first")),
    h("thead", {}, h("tr", {}, [t("Resident (name and phone)"), t("Sex and age"), t("Priority and why"), t("Follow-up"), t("Date of assessment")]
      .map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, data.items.map((item) => row(item, ctx)))));
}

function pager(data, query, ctx) {
  const { t } = ctx;
  const pages = Math.max(1, Math.ceil(data.total / data.per_page));
  if (pages === 1) return null;
  const go = (page) => { const next = filterQuery(query); next.set("page", String(page)); ctx.navigate("doctor/worklist", next); };
  return h("nav", { class: "pager", "aria-label": t("Page navigation") },
    h("button", { type: "button", class: "button small", disabled: data.page <= 1, onclick: () => go(data.page - 1) }, t("Previous page of results")),
    h("span", {}, t("Page %(page)s of %(pages)s", { page: data.page, pages })),
    h("button", { type: "button", class: "button small", disabled: data.page >= pages, onclick: () => go(data.page + 1) }, t("Next page of results")));
}

/** Totals for the whole centre, not the filtered page: what needs doing today. */
function counts(data, t) {
  const c = data.counts;
  return h("ul", { class: "counts", "aria-label": t("Summary counts") },
    [[c.shared, t("residents shared with your centre")], [c.red_flag, t("with warning signs")],
      [c.no_follow_up, t("not yet followed up")], [c.overdue, t("overdue")]]
      .map(([n, text]) => h("li", {}, h("strong", {}, formatNumber(n)), text)));
}

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  const query = params.query;
  const search = filterQuery(query);
  search.set("page", query.get("page") || "1");
  const data = await api.get(`/api/v1/doctor/worklist?${search}`);
  replace(main, h("h1", {}, t("Worklist")), counts(data, t), filterForm(query, ctx),
    h("div", { class: "actions" },
      h("p", { class: "muted", id: "result-count" }, t("%(count)s residents in this list", { count: formatNumber(data.total) })),
      exportButton(filterQuery(query), ctx)),
    table(data, ctx), pager(data, query, ctx),
    h("p", { class: "muted" }, t("Overdue: no follow-up recorded within %(days)s days of a high-risk result or warning signs.", { days: data.overdue_days })));
}
