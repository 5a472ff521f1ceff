/**
 * Advice articles chosen for this result (issue 6): title and summary as plain text, the body
 * readable in place, and a way into the whole library. The result lists the articles; each
 * body is the library's own GET /api/v1/content/published/<slug> (the same for everyone, so
 * the service worker keeps it), fetched behind the drawn screen and kept with the result, so
 * the advice opens offline and prints. The body is server-sanitised markup, cleaned again and
 * imported by library/html.js, the one module allowed to turn markup into nodes.
 */
import { h } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { OfflineError, getJson } from "../common/api.js";
import { articleBody } from "../library/html.js";

const SHOWN = 3;  // more would push the plan's follow-through off the screen
const HEADING_SHIFT = 2;  // the section is an h2, each article an h3: the body's h2s become h4s

function article(entry) {
  const body = h("div", { class: "article-body" }, articleBody(entry.html, HEADING_SHIFT));
  return h("article", { class: "article", "data-slug": entry.slug },
    h("h3", {}, entry.title || ""),
    entry.summary ? h("p", {}, entry.summary) : null,
    h("details", {}, h("summary", {}, t("Read the advice")), body));
}

/** The advice section; with no matching article it still leads to the library. */
export function articlesSection(articles) {
  const list = Array.isArray(articles) ? articles : [];
  return h("section", { class: "card articles", "aria-labelledby": "articles-title" },
    h("h2", { id: "articles-title" }, t("Advice for you")),
    list.slice(0, SHOWN).map(article),
    list.length > SHOWN ? h("details", { class: "more-articles" },
      h("summary", {}, t("More advice for you (%(n)s)", { n: list.length - SHOWN })),
      list.slice(SHOWN).map(article)) : null,
    h("p", { class: "no-print" }, h("a", { class: "more-link", href: "#/library" }, t("All health advice"))));
}

/**
 * Give each listed article of `result` that has none its body, fetched one at a time (the
 * advice must not hold back anything else the phone is loading). Returns the articles whose
 * body could not be fetched, with the reason: `{slug: error}`. The caller keeps the result.
 */
export async function addArticleBodies(result, lang) {
  const missing = {};
  for (const entry of result.articles || []) {
    if (entry.html) continue;
    try {
      entry.html = (await getJson(`/api/v1/content/published/${encodeURIComponent(entry.slug)}`, { lang })).html;
    } catch (error) {
      missing[entry.slug] = error;
    }
  }
  return missing;
}

/** Draw the bodies `addArticleBodies` found into the result screen, or why one is missing. */
export function drawArticleBodies(result, missing = {}) {
  for (const entry of result.articles || []) {
    const body = document.querySelector(`.articles article[data-slug="${CSS.escape(entry.slug)}"] .article-body`);
    if (!body || body.hasChildNodes()) continue;
    if (entry.html) body.append(articleBody(entry.html, HEADING_SHIFT));
    else if (missing[entry.slug]) {
      body.append(h("p", { class: "status" }, missing[entry.slug] instanceof OfflineError
        ? t("This article is not saved on this phone. Please connect to the internet to read it.")
        : t("This article is not available in this language.")));
    }
  }
}
