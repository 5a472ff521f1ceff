/**
 * An article's state in words (status, which version residents see, missing translations)
 * and the actions on it: preview, history, publish a version, unpublish. Shared by the
 * editor, the preview and the history screens so the three read alike.
 */
import { h, replace } from "../../common/dom.js";
import { t } from "../../common/i18n.js";
import { confirmInPlace } from "../../common/confirm.js";
import { articlePath, errorText, formatTime, languageName, listOf, statusName } from "./util.js";

/** "Published: version 3 … Latest: version 4 by Zhang, 23 Nov 10:56." */
export function stateLine(version) {
  const article = version.article;
  const parts = [h("strong", { class: `state state-${article.status}` }, statusName(article.status))];
  if (article.status === "published") {
    parts.push(" ", t("Residents see version %(number)s.", { number: article.published_version }));
  }
  parts.push(" ", t("Latest: version %(number)s by %(author)s, %(time)s.", { number: version.number,
    author: version.author.name || t("the starter library"), time: formatTime(version.created_at) }));
  const missing = version.missing_translations || [];
  const warning = missing.length ? h("p", { class: "flag-missing" }, h("span", { "aria-hidden": "true" }, "⚠ "),
    t("Not complete in %(languages)s: residents who read it will not see this version.",
      { languages: listOf(missing.map(languageName)) })) : null;
  return h("div", { class: "state-line" }, h("p", {}, parts), warning);
}

async function act(button, ctx, path) {
  const out = button.closest(".article-actions").querySelector(".action-result");
  button.disabled = true;
  try {
    await ctx.api.post(path, {});
    ctx.rerender();
  } catch (error) {
    replace(out, errorText(error));
    button.disabled = false;
  }
}

function publishButton(version, ctx) {
  const article = version.article;
  if (article.status === "published" && article.published_version === article.latest_version) return null;
  return h("button", { type: "button", class: "button primary", id: "publish",
    onclick: (event) => act(event.currentTarget, ctx, `${articlePath(version.slug)}/publish`) },
  t("Publish version %(number)s", { number: article.latest_version }));
}

function unpublishButton(version, ctx) {
  if (version.article.status !== "published") return null;
  const button = h("button", { type: "button", class: "button danger", id: "unpublish" }, t("Unpublish"));
  button.addEventListener("click", () => confirmInPlace(button,
    t("Take this article away from residents? Its versions are kept."), t("Unpublish"), t("Cancel"),
    async (box) => {
      try {
        await ctx.api.post(`${articlePath(version.slug)}/unpublish`, {});
        ctx.rerender();
      } catch (error) {
        box.append(h("p", { class: "error-text", role: "alert" }, errorText(error)));
      }
    }));
  return button;
}

/** Links and buttons for one article (`version` as GET /content/articles/<slug> returns it). */
export function articleActions(version, ctx, current = "edit") {
  const base = `#/editor/articles/${encodeURIComponent(version.slug)}`;
  const link = (where, label) => (where === current ? null
    : h("a", { class: "button", href: where === "edit" ? base : `${base}/${where}` }, label));
  return h("div", { class: "article-actions" },
    h("div", { class: "actions" }, link("edit", t("Edit")), link("preview", t("Preview")),
      link("history", t("History and changes")), publishButton(version, ctx), unpublishButton(version, ctx)),
    h("p", { class: "error-text action-result", role: "alert" }));
}
