/**
 * The library: every published advice article in the resident's language, grouped by topic,
 * each a link to read it (screens/article.js). The list comes from
 * GET /api/v1/content/published, which the service worker keeps (stale-while-revalidate), so
 * a resident who opened the library once can browse it again with no signal.
 */
import { h, replace } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { OfflineError, getJson } from "../common/api.js";
import { loadResult } from "../store.js";

/** Topics in the order a worried reader needs them; keys are the API's article kinds. */
const TOPICS = [
  ["symptoms", () => t("Symptoms that need a doctor")],
  ["result", () => t("Understanding your result")],
  ["test", () => t("Screening tests")],
  ["factor", () => t("Habits and risk factors")],
  ["general", () => t("Staying healthy")],
];

function entry(article) {
  return h("li", { class: "library-entry" },
    h("a", { href: `#/article/${encodeURIComponent(article.slug)}`, "data-slug": article.slug },
      h("span", { class: "entry-title" }, article.title)),
    article.summary ? h("p", { class: "entry-summary" }, article.summary) : null);
}

function topicSection([kind, title], articles) {
  const mine = articles.filter((a) => a.kind === kind);
  if (!mine.length) return null;
  return h("section", { class: "topic", "data-kind": kind, "aria-labelledby": `topic-${kind}` },
    h("h2", { id: `topic-${kind}` }, title()),
    h("ul", { class: "library-list" }, mine.map(entry)));
}

/** Buttons that jump to a topic: in-page #anchors would clash with the hash routes. */
function topicNav(sections) {
  const present = sections.filter(Boolean);
  if (present.length < 2) return null;
  return h("nav", { class: "topic-nav", "aria-label": t("Topics") },
    h("ul", {}, present.map((section) => {
      const heading = section.querySelector("h2");
      return h("li", {}, h("button", { type: "button", class: "chip topic-chip", onclick: () => {
        heading.setAttribute("tabindex", "-1");
        heading.focus();
        heading.scrollIntoView({ block: "start" });
      } }, heading.textContent));
    })));
}

async function backButtons(app) {
  const result = await loadResult();
  return h("div", { class: "actions" },
    result ? h("button", { type: "button", class: "button secondary", onclick: () => app.go("result") },
      t("Back to my result")) : null,
    h("button", { type: "button", class: "button secondary", onclick: () => app.go("start") },
      t("Back to the start")));
}

export async function render(app) {
  let articles;
  try {
    articles = await getJson("/api/v1/content/published");
  } catch (error) {
    if (!(error instanceof OfflineError)) throw error;
    return replace(app.main, h("h1", {}, t("Health advice")),
      h("p", { class: "status", role: "status" },
        t("The health advice is not saved on this phone yet. Please connect to the internet and open it once; after that it can be read without a connection.")),
      await backButtons(app));
  }
  const sections = TOPICS.map((topic) => topicSection(topic, articles));
  replace(app.main,
    h("h1", {}, t("Health advice")),
    h("p", { class: "lead" }, t("Short articles from health educators: what raises the risk of cancer, what you can change, and how the screening tests are done.")),
    topicNav(sections),
    sections,
    h("p", { class: "note" }, t("This advice is kept on this phone: you can read it again without a connection.")),
    await backButtons(app));
}
