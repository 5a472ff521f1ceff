/**
 * The action queue: the centre's shared assessments, open items first by default, ordered by
 * the server (tier: urgent, screening recommended, the rest; then whoever has waited longest).
 * Each row says why in a few words. Filters, page and page size live in the hash query, so
 * a reload, the back link, "save and next" and the CSV export all see the same list; choosing
 * a filter applies it at once. Every read is audited by the server. Pages follow the server's
 * cursors (`after`/`before`: a page deep in a large queue is as quick as the first); `page` in
 * the hash is only the number shown. Totals above the server's count limit read "10,000+".
 */
import { tableBox } from "../table.js";
import { h, replace } from "../../common/dom.js";
import { formatNumber } from "../../common/i18n.js";
import { CANCERS, cancerName, day, sexName, statusName } from "./words.js";
import { downloadButton } from "../download.js";
import { detailHash, remember } from "./place.js";

const FILTERS = ["q", "state", "tier", "cancer", "band", "status", "overdue", "red_flag", "per_page"];
export const PAGE_SIZES = ["10", "25", "50", "100"];
const DEFAULT_PAGE_SIZE = "25";

const CURSORS = ["after", "before"];

/** The API query of the current filters (only the ones set). */
export function filterQuery(query) {
  const out = new URLSearchParams();
  for (const key of FILTERS) if (query.get(key)) out.set(key, query.get(key));
  return out;
}

/** The filters and the page's cursor: what the API is asked for this page. */
export function pageQuery(query) {
  const out = filterQuery(query);
  for (const key of CURSORS) if (query.get(key)) out.set(key, query.get(key));
  return out;
}

/** A count as shown: "10,000+" when the server stopped counting at its limit. */
function shownCount(n, limit) {
  return limit && n >= limit ? `${formatNumber(limit)}+` : formatNumber(n);
}

/** A filter's drop-down; `blank` is the text of the "no filter" choice (none: no such choice). */
function select(id, label, current, options, blank = null) {
  return h("div", { class: "field" }, h("label", { for: id }, label),
    h("select", { id, name: id }, blank ? h("option", { value: "" }, blank) : null,
      options.map(([value, text]) => h("option", { value, selected: value === (current || "") }, text))));
}

function filterForm(query, ctx) {
  const { t } = ctx;
  const form = h("form", { class: "filters compact", role: "search", "aria-label": t("Filter the queue") },
    h("div", { class: "field search" }, h("label", { for: "q" }, t("Find a resident")),
      h("input", { id: "q", name: "q", type: "search", maxlength: 64, value: query.get("q") || "",
        placeholder: t("Whole name, phone or result number"), autocomplete: "off" })),
    select("state", t("Items"), query.get("state") || "open",
      [["open", t("Open")], ["closed", t("Closed")], ["all", t("All")]]),
    select("tier", t("Priority"), query.get("tier"),
      [["1", t("Urgent")], ["2", t("Screening recommended")], ["3", t("Other")]], t("All")),
    select("cancer", t("Screening recommended for"), query.get("cancer"), CANCERS.map((c) => [c, cancerName(c)]), t("All")),
    h("div", { class: "field check" }, h("input", { type: "checkbox", id: "overdue", name: "overdue",
      checked: query.get("overdue") === "true" }), h("label", { for: "overdue" }, t("Only overdue"))),
    select("per_page", t("Rows per page"), query.get("per_page") || DEFAULT_PAGE_SIZE,
      PAGE_SIZES.map((n) => [n, n])));
  const apply = () => {
    const next = {};
    if (form.q.value.trim()) next.q = form.q.value.trim();
    for (const key of ["tier", "cancer"]) if (form[key].value) next[key] = form[key].value;
    if (next.cancer) next.band = "high";
    if (form.state.value !== "open") next.state = form.state.value;
    if (form.overdue.checked) next.overdue = "true";
    if (form.per_page.value !== DEFAULT_PAGE_SIZE) next.per_page = form.per_page.value;
    for (const key of ["status", "red_flag"]) if (query.get(key)) next[key] = query.get(key);
    ctx.navigate("doctor/worklist", next);
  };
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => { event.preventDefault(); apply(); });
  return form;
}

/** The last follow-up, unanswered calls and the due date: parts that wrap at the " · "
 * between them (never inside one), so that the longest fits beside the other columns. */
function followUpCell(item, t) {
  const due = item.follow_up_due ? day(item.follow_up_due) : "";
  const parts = [h("span", {}, item.follow_up ? item.follow_up.text : statusName("none")),
    item.attempts ? h("span", {}, t("%(n)s of 3 calls unanswered", { n: item.attempts })) : null,
    item.overdue ? h("span", { class: "overdue" }, "⚠ ", t("Overdue since %(date)s", { date: due }))
      : due ? h("span", { class: "muted" }, t("Next contact %(date)s", { date: due })) : null]
    .filter(Boolean);
  return h("td", { class: "follow-up" }, parts.flatMap((part, n) => (n ? [" · ", part] : [part])));
}

/** The reasons, cut with "…" when the column is narrow: the whole text is the cell's title. */
function whyCell(item, t) {
  if (!item.reasons.length) {
    return h("td", { class: "why" }, h("span", { class: "muted" }, t("No urgent sign, no screening recommended")));
  }
  const text = item.reasons.map((r) => r.text).join(t("; "));
  return h("td", { class: "why", title: text }, text);
}

function row(item, from, ctx) {
  const { t } = ctx;
  const who = item.name || t("No name recorded");
  return h("tr", { class: item.tier === 1 ? "urgent-row" : null, "data-id": item.assessment_id },
    h("td", {}, h("span", { class: `tier tier-${item.tier}` }, item.tier_text)),
    h("td", { class: "who" }, h("a", { href: detailHash(item.assessment_id, from) }, who),
      item.phone ? h("span", { class: "muted" }, ` ${item.phone}`) : null,
      item.assisted ? h("span", { class: "muted" }, " · " + t("Filled in at the centre")) : null),
    h("td", { class: "nowrap" }, sexName(item.sex) + " " + t("%(age)s years", { age: item.age })),
    whyCell(item, t),
    h("td", { class: "num nowrap" }, item.waiting_days === 1 ? t("1 day")  // the catalogue has no plurals
      : t("%(days)s days", { days: formatNumber(item.waiting_days) })),
    followUpCell(item, t));
}

function table(data, from, ctx) {
  const { t } = ctx;
  if (!data.items.length) return h("p", { class: "card" }, t("No residents match these filters."));
  const caption = t("Residents who shared their assessment with your centre, most urgent first");
  return tableBox(caption, h("table", { id: "worklist", class: "queue" },
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, [t("Priority"), t("Resident (name and phone)"), t("Sex and age"), t("Why"),
      t("Waiting"), t("Follow-up")].map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, data.items.map((item) => row(item, from, ctx)))));
}

function pager(data, query, ctx) {
  const { t } = ctx;
  if (!data.next && !data.prev) return null;
  const page = Math.max(1, Number(query.get("page") || "1"));
  const go = (key, cursor, number) => {
    const next = filterQuery(query);
    next.set(key, cursor);
    if (number > 1) next.set("page", String(number));
    ctx.navigate("doctor/worklist", next);
  };
  const pages = Math.max(page, Math.ceil(data.total / data.per_page));
  const where = data.total_capped ? t("Page %(page)s", { page }) : t("Page %(page)s of %(pages)s", { page, pages });
  return h("nav", { class: "pager", "aria-label": t("Page navigation") },
    h("button", { type: "button", class: "button small", disabled: !data.prev, onclick: () => go("before", data.prev, page - 1) }, t("Previous page of results")),
    h("span", {}, where),
    h("button", { type: "button", class: "button small", disabled: !data.next, onclick: () => go("after", data.next, page + 1) }, t("Next page of results")));
}

/** Totals for the whole centre, not the filtered page: what needs doing today. */
function counts(data, t) {
  const c = data.counts;
  return h("ul", { class: "counts compact", "aria-label": t("Summary counts") },
    [[c.urgent, t("urgent")], [c.screening, t("screening recommended")], [c.overdue, t("overdue")],
      [c.other, t("others open")], [c.closed, t("closed")]]
      .map(([n, text]) => h("li", {}, h("strong", {}, shownCount(n, data.count_limit)), text)));
}

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  const query = params.query;
  const search = pageQuery(query);
  if (!search.get("per_page")) search.set("per_page", DEFAULT_PAGE_SIZE);
  const data = await api.get(`/api/v1/doctor/worklist?${search}`);
  const from = new URLSearchParams(search);
  if (from.get("per_page") === DEFAULT_PAGE_SIZE) from.delete("per_page");
  if (query.get("page")) from.set("page", query.get("page"));
  remember(from, data.items.map((i) => i.assessment_id));
  replace(main,
    h("div", { class: "queue-head" }, h("h1", {}, t("Action queue")), counts(data, t)),
    h("div", { class: "queue-tools" }, filterForm(query, ctx),
      h("p", { class: "muted", id: "result-count" }, t("Residents in this list: %(count)s", { count: shownCount(data.total, data.total_capped ? data.count_limit : 0) })),
      // UTF-8 with BOM, so that Excel opens the Chinese correctly (backend/doctors/export.py)
      downloadButton("export-csv", t("Export CSV"), () => `/api/v1/doctor/worklist.csv?${filterQuery(query)}`, ctx)),
    table(data, from.toString(), ctx), pager(data, query, ctx),
    h("p", { class: "muted small" }, t("Overdue: the next contact date has passed (before the first contact: %(days)s days after an urgent result or a screening recommendation).", { days: data.overdue_days })));
}
