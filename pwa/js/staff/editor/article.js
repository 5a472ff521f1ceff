/**
 * Writing an article: the kind, the title, summary and Markdown body in Chinese and English
 * side by side, who sees it, and its sources. Every save is a new version (residents keep the
 * published one until it is published); the version the editor started from goes with the
 * save, so a colleague's newer save is never silently overwritten (409). The API's
 * validation messages appear next to the fields they are about. Each save carries a change
 * note (shown in the history); markup residents would see as text is warned about.
 */
import { h, replace } from "../../common/dom.js";
import { t } from "../../common/i18n.js";
import { ApiError } from "../../common/api.js";
import { targetingFieldset } from "./targeting.js";
import { articleActions, stateLine } from "./state.js";
import { ARTICLES, TEXT_LANGUAGES, articlePath, errorLine, errorText, languageName, showFieldErrors,
  statusLine, targetingOptions, useEditorStyles } from "./util.js";

const EMPTY = { kind: "factor", targeting: {}, sources: [],
  texts: { "zh-CN": { title: "", summary: "", body: "" }, en: { title: "", summary: "", body: "" } } };

function textField(lang, field, label, value) {
  const id = `${field}-${lang}`;
  const attrs = { id, name: id, lang, "aria-describedby": `error-${id}` };
  const control = field === "title" ? h("input", { ...attrs, type: "text", value, maxlength: 200 })
    : h("textarea", { ...attrs, rows: field === "body" ? 18 : 3, maxlength: field === "body" ? 20000 : 1000 }, value);
  const line = errorLine(`error-${id}`);
  line.dataset.errorFor = `texts.${lang}.${field}`;
  return h("div", { class: "field" }, h("label", { for: id }, label), control, line);
}

function languageColumn(lang, texts) {
  const name = languageName(lang);
  return h("fieldset", { class: "text-column", "data-lang": lang },
    h("legend", {}, name),
    textField(lang, "title", t("Title (%(language)s)", { language: name }), texts.title),
    textField(lang, "summary", t("Summary (%(language)s)", { language: name }), texts.summary),
    textField(lang, "body", t("Body in Markdown (%(language)s)", { language: name }), texts.body));
}

function sourceRow(source, index) {
  const field = (key, label, type = "text") => {
    const id = `source-${index}-${key}`;
    return h("div", { class: "field" }, h("label", { for: id }, label),
      h("input", { type, id, "data-key": key, value: source[key] || "" }));
  };
  const row = h("li", { class: "source-row" }, field("title", t("Source title")), field("publisher", t("Publisher")),
    field("url", t("Web address (optional)"), "url"));
  row.append(h("button", { type: "button", class: "button small danger", onclick: () => row.remove() },
    t("Remove source %(number)s", { number: index + 1 })));
  return row;
}

function sourcesFieldset(sources) {
  const list = h("ol", { class: "sources" }, sources.map(sourceRow));
  const add = h("button", { type: "button", class: "button small",
    onclick: () => list.append(sourceRow({}, list.children.length)) }, t("Add a source"));
  return { element: h("fieldset", { class: "card" }, h("legend", {}, t("Sources")),
    h("p", { class: "error-text", "data-error-for": "sources" }), list, add),
  read: () => [...list.children].map((row) => {
    const value = (key) => row.querySelector(`[data-key="${key}"]`).value.trim();
    const source = { title: value("title"), publisher: value("publisher") };
    if (value("url")) source.url = value("url");
    return source;
  }).filter((s) => s.title || s.publisher || s.url) };
}

function headFields(options, version, isNew) {
  const kind = h("select", { id: "kind", "aria-describedby": "error-kind" },
    options.kinds.map((k) => h("option", { value: k.code, selected: k.code === version.kind || null }, k.label)));
  const kindError = errorLine("error-kind");
  kindError.dataset.errorFor = "kind";
  const fields = [h("div", { class: "field" }, h("label", { for: "kind" }, t("Kind of article")), kind, kindError)];
  if (isNew) {
    const slugError = errorLine("error-slug");
    slugError.dataset.errorFor = "slug";
    fields.unshift(h("div", { class: "field" },
      h("label", { for: "slug" }, t("Address"), h("span", { class: "hint" }, t("Lower-case English words joined by hyphens, e.g. eat-more-fibre. It cannot be changed later."))),
      h("input", { type: "text", id: "slug", pattern: "[a-z0-9]+(-[a-z0-9]+)*", required: true,
        "aria-describedby": "error-slug" }), slugError));
  }
  return h("div", { class: "inline-fields head-fields" }, fields);
}

function readTexts(form) {
  const texts = {};
  for (const lang of TEXT_LANGUAGES) {
    texts[lang] = {};
    for (const field of ["title", "summary", "body"]) texts[lang][field] = form.querySelector(`#${field}-${lang}`).value;
  }
  return texts;
}

async function save(form, ctx, slug, baseVersion, parts) {
  const body = { kind: form.querySelector("#kind").value, targeting: parts.targeting.read(),
    sources: parts.sources.read(), texts: readTexts(form), note: form.querySelector("#change-note").value.trim() };
  if (slug) return ctx.api.put(articlePath(slug), { ...body, base_version: baseVersion });
  return ctx.api.post(ARTICLES, { ...body, slug: form.querySelector("#slug").value.trim() });
}

function onSubmit(form, ctx, slug, version, parts) {
  const status = form.querySelector(".form-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const preview = event.submitter?.dataset.then === "preview";
    const buttons = form.querySelectorAll("button[type=submit]");
    buttons.forEach((b) => { b.disabled = true; });
    replace(status);
    showFieldErrors(form, {});
    try {
      const saved = await save(form, ctx, slug, version?.number, parts);
      const where = `editor/articles/${encodeURIComponent(saved.slug)}${preview ? "/preview" : ""}`;
      ctx.navigate(where, { saved: saved.number });
    } catch (error) {
      replace(status, errorText(error));
      if (error instanceof ApiError) showFieldErrors(form, error.details, status);
      status.focus();
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
}

/** The saved version's warnings ({"texts.zh-CN.body": message}), each under its field's name. */
function markupWarnings(warnings) {
  const entries = Object.entries(warnings || {});
  if (!entries.length) return null;
  const names = { title: t("Title (%(language)s)"), summary: t("Summary (%(language)s)"), body: t("Body in Markdown (%(language)s)") };
  return h("div", { class: "card warning", id: "markup-warnings", role: "alert" }, entries.map(([field, message]) => {
    const [, lang, part] = field.split(".");
    const name = (names[part] || part).replace("%(language)s", languageName(lang));
    return h("p", {}, h("strong", {}, name), t(": "), message);
  }));
}

/** #/editor/articles/new and #/editor/articles/:slug */
export async function renderArticleEditor(main, params, ctx) {
  useEditorStyles();
  const slug = params.slug || null;
  const [options, version] = await Promise.all([targetingOptions(ctx.api),
    slug ? ctx.api.get(articlePath(slug)) : Promise.resolve(null)]);
  const data = version || EMPTY;
  const kindOf = () => main.querySelector("#kind")?.value || data.kind;
  const parts = { targeting: targetingFieldset(options, data.targeting, ctx.api, kindOf), sources: sourcesFieldset(data.sources) };
  const status = h("p", { class: "error-text form-status", role: "alert", tabindex: "-1" });
  const textsError = h("p", { class: "error-text", "data-error-for": "texts" });
  const form = h("form", { class: "article-form", novalidate: true },
    headFields(options, data, !slug), textsError,
    h("div", { class: "text-columns" }, TEXT_LANGUAGES.map((lang) => languageColumn(lang, data.texts[lang]))),
    parts.targeting.element, parts.sources.element,
    h("div", { class: "field card" }, h("label", { for: "change-note" }, t("Change note"),
      h("span", { class: "hint" }, t("What you changed and why, for the history (e.g. \"ages from the 2024 guideline\")."))),
      h("input", { type: "text", id: "change-note", maxlength: 500 })),
    status,
    h("div", { class: "actions sticky-actions" },
      h("button", { type: "submit", class: "button primary" }, t("Save")),
      h("button", { type: "submit", class: "button", "data-then": "preview" }, t("Save and preview"))));
  onSubmit(form, ctx, slug, version, parts);
  const saved = params.query.get("saved");
  const title = version ? (version.texts["zh-CN"].title || version.texts.en.title || slug) : "";
  replace(main,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/editor/articles" }, t("Articles"))),
    h("h1", {}, version ? t("Edit: %(title)s", { title }) : t("New article")),
    saved ? statusLine() : null,
    version ? stateLine(version) : null,
    version ? articleActions(version, ctx) : null,
    version ? markupWarnings(version.warnings) : null,
    form);
  form.querySelector("#kind").addEventListener("change", () => parts.targeting.reach?.());
  if (saved) replace(main.querySelector(".status"), t("Saved as version %(number)s.", { number: saved }));
}
