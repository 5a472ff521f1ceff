/**
 * Advice articles chosen for this result (issue 6): title and summary as plain text, the body
 * readable in place (it is kept with the result, so it opens offline and prints), and a way
 * into the whole library. The body is server-sanitised markup, cleaned again and imported by
 * library/html.js, the one module allowed to turn markup into nodes.
 */
import { h } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { articleBody } from "../library/html.js";

const SHOWN = 3;  // more would push the plan's follow-through off the screen

function article(entry) {
  // the section is an h2, each article an h3; the body's own h2s become h4s beneath it
  const body = entry.html ? h("div", { class: "article-body" }, articleBody(entry.html, 2)) : null;
  return h("article", { class: "article", "data-slug": entry.slug },
    h("h3", {}, entry.title || ""),
    entry.summary ? h("p", {}, entry.summary) : null,
    body ? h("details", {}, h("summary", {}, t("Read the advice")), body) : null);
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
