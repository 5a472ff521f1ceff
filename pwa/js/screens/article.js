/**
 * One advice article from the library: title, summary and the body (server-sanitised markup,
 * made into nodes by library/html.js). GET /api/v1/content/published/<slug> is kept by the
 * service worker once read, so the article opens again with no signal; an article never
 * opened is taken from the kept library list, which holds every body.
 */
import { h, replace } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { ApiError, OfflineError, getJson } from "../common/api.js";
import { articleBody } from "../library/html.js";

function backToLibrary(app) {
  return h("div", { class: "actions no-print" },
    h("button", { type: "button", class: "button secondary", onclick: () => app.go("library") },
      t("All health advice")));
}

function unavailable(app, error) {
  const text = error instanceof OfflineError
    ? t("This article is not saved on this phone. Please connect to the internet to read it.")
    : t("This article is not available in this language.");
  return replace(app.main, h("h1", {}, t("Health advice")),
    h("p", { class: "status", role: "status" }, text), backToLibrary(app));
}

/** Offline and this article never opened: the library list kept by the worker, if any. */
async function fromKeptList(slug) {
  try {
    return (await getJson("/api/v1/content/published")).find((a) => a.slug === slug) || null;
  } catch {
    return null;
  }
}

export async function render(app, slug) {
  let article;
  try {
    article = await getJson(`/api/v1/content/published/${encodeURIComponent(slug)}`);
  } catch (error) {
    if (error instanceof OfflineError) article = await fromKeptList(slug);
    else if (!(error instanceof ApiError && error.status === 404)) throw error;
    if (!article) return unavailable(app, error);
  }
  replace(app.main,
    h("p", { class: "eyebrow" }, t("Health advice")),
    h("article", { class: "library-article", "data-slug": article.slug },
      h("h1", {}, article.title),
      article.summary ? h("p", { class: "lead" }, article.summary) : null,
      h("div", { class: "article-body" }, articleBody(article.html))),
    backToLibrary(app));
}
