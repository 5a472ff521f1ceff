/**
 * The article list: every article with its status, the languages it is written in, a flag
 * when a published article is missing a translation (residents reading that language do not
 * see it at all), its targeting in words, and a search and filters that work as you type.
 */
import { h, replace } from "../../common/dom.js";
import { t } from "../../common/i18n.js";
import { ARTICLES, TEXT_LANGUAGES, formatTime, labelsOf, languageName, listOf, statusName,
  targetingOptions, targetingSummary, useEditorStyles } from "./util.js";

function titleCell(item, navigate) {
  const main = item.title["zh-CN"] || item.title.en || item.slug;
  const other = item.title["zh-CN"] && item.title.en ? item.title.en : "";
  return h("td", {},
    h("a", { href: `#/editor/articles/${encodeURIComponent(item.slug)}`,
      onclick: (event) => { event.preventDefault(); navigate(`editor/articles/${encodeURIComponent(item.slug)}`); } }, main),
    other ? h("span", { class: "subtitle", lang: "en" }, other) : null,
    h("span", { class: "slug" }, item.slug));
}

function statusCell(item) {
  const lines = [h("strong", {}, statusName(item.status))];
  if (item.status === "published") {
    lines.push(h("span", { class: "muted" }, t("Version %(number)s", { number: item.published_version })));
    if (item.unpublished_changes) lines.push(h("span", { class: "changes" }, t("Newer draft: version %(number)s", { number: item.latest_version })));
  } else {
    lines.push(h("span", { class: "muted" }, t("Latest: version %(number)s", { number: item.latest_version })));
  }
  lines.push(h("span", { class: "muted" }, t("Changed %(time)s", { time: formatTime(item.updated_at) })));
  return h("td", { class: "status-cell" }, lines);
}

/** The hidden-from-residents flag, in words (and an icon that is not the only signal). */
function flag(item) {
  if (item.status !== "published" || !item.missing_translations.length) return null;
  const names = listOf(item.missing_translations.map(languageName));
  return h("p", { class: "flag-missing" },
    h("span", { "aria-hidden": "true" }, "⚠ "),
    t("Published but missing a translation: hidden from residents who read %(languages)s.", { languages: names }));
}

function languagesCell(item) {
  const missing = new Set(item.draft_missing_translations);
  const list = h("ul", { class: "plain languages" }, TEXT_LANGUAGES.map((code) => h("li", {},
    missing.has(code)
      ? h("span", { class: "lang-missing" }, t("%(language)s: incomplete", { language: languageName(code) }))
      : h("span", { class: "lang-ok" }, t("%(language)s: complete", { language: languageName(code) })))));
  return h("td", {}, list, flag(item));
}

function row(item, labels, navigate) {
  const flagged = item.status === "published" && item.missing_translations.length > 0;
  return h("tr", { class: flagged ? "flagged" : null, "data-slug": item.slug },
    titleCell(item, navigate), statusCell(item), languagesCell(item),
    h("td", { class: "targeting-cell" }, targetingSummary(item.targeting || {}, labels)));
}

function matches(item, filters) {
  const text = filters.search.trim().toLowerCase();
  if (text && ![item.slug, item.title["zh-CN"], item.title.en].some((v) => (v || "").toLowerCase().includes(text))) return false;
  if (filters.status && item.status !== filters.status) return false;
  if (filters.problems && !(item.status === "published" && item.missing_translations.length)) return false;
  return true;
}

function filterBar(filters, onChange) {
  const search = h("input", { type: "search", id: "article-search", value: filters.search,
    oninput: () => { filters.search = search.value; onChange(); } });
  const status = h("select", { id: "article-status", onchange: () => { filters.status = status.value; onChange(); } },
    h("option", { value: "" }, t("All")), h("option", { value: "draft" }, t("Draft")),
    h("option", { value: "published" }, t("Published")), h("option", { value: "unpublished" }, t("Unpublished")));
  const problems = h("input", { type: "checkbox", id: "article-problems",
    onchange: () => { filters.problems = problems.checked; onChange(); } });
  return h("div", { class: "filters", role: "search" },
    h("div", { class: "field" }, h("label", { for: "article-search" }, t("Search titles")), search),
    h("div", { class: "field" }, h("label", { for: "article-status" }, t("Status")), status),
    h("div", { class: "field check" }, problems,
      h("label", { for: "article-problems" }, t("Only published articles missing a translation"))));
}

/** #/editor/articles */
export async function renderArticleList(main, params, ctx) {
  useEditorStyles();
  const [items, options] = await Promise.all([ctx.api.get(ARTICLES), targetingOptions(ctx.api)]);
  const labels = labelsOf(options);
  const filters = { search: "", status: "", problems: false };
  const body = h("tbody");
  const count = h("p", { class: "muted", role: "status", id: "article-count" });
  const flagged = items.filter((i) => i.status === "published" && i.missing_translations.length).length;
  const draw = () => {
    const shown = items.filter((item) => matches(item, filters));
    replace(body, shown.map((item) => row(item, labels, ctx.navigate)));
    replace(count, t("Articles shown: %(shown)s of %(total)s", { shown: shown.length, total: items.length }));
  };
  const table = h("div", { class: "table-wrap" }, h("table", { class: "articles-table" },
    h("caption", {}, t("Advice articles")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("Title")), h("th", { scope: "col" }, t("Status")),
      h("th", { scope: "col" }, t("Languages")), h("th", { scope: "col" }, t("Shown to")))),
    body));
  replace(main,
    h("div", { class: "page-head" }, h("h1", {}, t("Articles")),
      h("a", { class: "button primary", href: "#/editor/articles/new" }, t("New article"))),
    flagged ? h("p", { class: "flag-missing summary-flag" }, h("span", { "aria-hidden": "true" }, "⚠ "),
      t("%(count)s published articles are missing a translation. Residents reading that language do not see them.", { count: flagged })) : null,
    filterBar(filters, draw), count, table);
  draw();
}
