/**
 * An article's history: every version with its author and time, which one residents see,
 * a comparison of any two versions, and rolling back with a change note (which saves the old
 * content as a new version, so a roll-back can itself be undone). The comparison never relies
 * on colour: every line says "added" or "removed" in words for screen readers and carries a
 * visible + or − sign and a strike-through or underline.
 */
import { h, replace } from "../../common/dom.js";
import { t } from "../../common/i18n.js";
import { confirmInPlace } from "../../common/confirm.js";
import { articleActions, stateLine } from "./state.js";
import { articlePath, errorText, formatTime, languageName, listOf, useEditorStyles } from "./util.js";

const FIELD_WORDS = { title: () => t("Title"), summary: () => t("Summary"), body: () => t("Body") };

/** "title.en" → "Title (English)"; kind, targeting, sources by name. */
function fieldName(field) {
  const [name, lang] = field.split(".");
  if (lang) return t("%(field)s, %(language)s version", { field: FIELD_WORDS[name](), language: languageName(lang) });
  if (field === "targeting") return t("Who sees it");
  if (field === "sources") return t("Sources");
  return t("Kind of article");
}

function diffLine(line) {
  if (line.startsWith("+++") || line.startsWith("---")) return null;
  if (line.startsWith("@@")) return h("li", { class: "diff-hunk" }, h("span", { class: "visually-hidden" }, t("Lines changed here")), "…");
  const kind = line[0] === "+" ? "add" : line[0] === "-" ? "del" : "same";
  const text = line.slice(1) || " ";
  if (kind === "same") return h("li", { class: "diff-same" }, h("span", { class: "sign", "aria-hidden": "true" }, " "), text);
  const words = kind === "add" ? t("Added:") : t("Removed:");
  return h("li", { class: `diff-${kind}` },
    h("span", { class: "sign", "aria-hidden": "true" }, kind === "add" ? "+" : "−"),
    h("span", { class: "visually-hidden" }, `${words} `),
    h(kind === "add" ? "ins" : "del", {}, text));
}

function diffView(diff) {
  if (!diff.changes.length) return h("p", {}, t("These versions are the same."));
  return h("div", { class: "diff" }, diff.changes.map((change) => h("section", { class: "diff-field" },
    h("h3", {}, fieldName(change.field)),
    h("ul", { class: "diff-lines" }, change.diff.split("\n").map(diffLine)))));
}

function versionSelect(id, label, versions, chosen) {
  return h("div", { class: "field" }, h("label", { for: id }, label),
    h("select", { id }, versions.map((v) => h("option", { value: v.number, selected: v.number === chosen || null },
      t("Version %(number)s", { number: v.number })))));
}

function compareForm(versions, from, to, ctx, slug) {
  const form = h("form", { class: "filters compare" },
    versionSelect("diff-from", t("Compare version"), versions, from),
    versionSelect("diff-to", t("with version"), versions, to),
    h("button", { type: "submit", class: "button" }, t("Show changes")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ctx.navigate(`editor/articles/${encodeURIComponent(slug)}/history`,
      { from: form.querySelector("#diff-from").value, to: form.querySelector("#diff-to").value });
  });
  return form;
}

/** The roll-back's change note, asked with the confirmation: the history says why. */
function rollbackNote(number) {
  const input = h("input", { type: "text", id: `rollback-note-${number}`, maxlength: 500,
    "aria-describedby": `rollback-note-${number}-hint` });
  const field = h("div", { class: "field" },
    h("label", { for: input.id }, t("Change note")),
    h("span", { class: "hint", id: `${input.id}-hint` },
      t("Why you roll back, for the history (e.g. \"version 4 gave the wrong interval\").")), input);
  return { field, read: () => input.value.trim() };
}

function rollbackButton(version, latest, ctx, slug) {
  if (version.number === latest) return null;
  const button = h("button", { type: "button", class: "button small", "data-rollback": version.number },
    t("Roll back to version %(number)s", { number: version.number }));
  button.addEventListener("click", () => {
    const note = rollbackNote(version.number);
    confirmInPlace(button,
      t("Save the content of version %(number)s as a new version? If the article is published, residents see it at once.", { number: version.number }),
      t("Roll back"), t("Cancel"), async (box) => {
        try {
          const saved = await ctx.api.post(`${articlePath(slug)}/rollback`, { version: version.number, note: note.read() });
          ctx.navigate(`editor/articles/${encodeURIComponent(slug)}/history`, { from: latest, to: saved.number });
        } catch (error) {
          box.append(h("p", { class: "error-text", role: "alert" }, errorText(error)));
        }
      }, note.field);
  });
  return button;
}

function versionRow(version, latest, ctx, slug) {
  const notes = [];
  if (version.note) notes.push(h("span", { class: "change-note" }, version.note));
  if (version.published) notes.push(h("strong", { class: "state state-published" }, t("Residents see this version")));
  if (version.restored_from) notes.push(h("span", {}, t("Copy of version %(number)s", { number: version.restored_from })));
  if (version.missing_translations.length) notes.push(h("span", { class: "flag-missing" },
    t("Incomplete: %(languages)s", { languages: listOf(version.missing_translations.map(languageName)) })));
  return h("tr", { "data-version": version.number },
    h("th", { scope: "row" }, t("Version %(number)s", { number: version.number })),
    h("td", {}, version.author.name || t("the starter library")),
    h("td", {}, formatTime(version.created_at)),
    h("td", { class: "notes" }, notes),
    h("td", {}, h("a", { href: `#/editor/articles/${encodeURIComponent(slug)}/preview?version=${version.number}` }, t("Preview")),
      " ", rollbackButton(version, latest, ctx, slug)));
}

/** #/editor/articles/:slug/history[?from=a&to=b] */
export async function renderHistory(main, params, ctx) {
  useEditorStyles();
  const slug = params.slug;
  const [version, history] = await Promise.all([ctx.api.get(articlePath(slug)), ctx.api.get(`${articlePath(slug)}/versions`)]);
  const latest = history.latest_version;
  const to = Number(params.query.get("to")) || latest;
  const from = Number(params.query.get("from")) || Math.max(1, to - 1);
  const diff = await ctx.api.get(`${articlePath(slug)}/diff?from=${from}&to=${to}`);
  const title = version.texts["zh-CN"].title || version.texts.en.title || slug;
  replace(main,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/editor/articles" }, t("Articles"))),
    h("h1", {}, t("History: %(title)s", { title })),
    stateLine(version), articleActions(version, ctx, "history"),
    h("div", { class: "table-wrap" }, h("table", { class: "versions" },
      h("caption", {}, t("Every saved version, newest first")),
      h("thead", {}, h("tr", {}, [t("Version"), t("Author"), t("Saved"), t("Notes"), t("Actions")]
        .map((label) => h("th", { scope: "col" }, label)))),
      h("tbody", {}, history.versions.map((v) => versionRow(v, latest, ctx, slug))))),
    h("section", { class: "card", "aria-labelledby": "changes-title" },
      h("h2", { id: "changes-title" }, t("Changes from version %(from)s to version %(to)s", { from, to })),
      compareForm(history.versions, from, to, ctx, slug), diffView(diff)));
}
