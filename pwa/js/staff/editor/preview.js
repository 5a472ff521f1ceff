/**
 * The preview: a version in Chinese and in English, each in a 390 px phone frame styled by
 * the residents' own stylesheet (/css/app.css) and built as the residents' result page
 * builds its advice section, with the words of that page in the preview's language. The
 * body is the server's sanitised HTML (GET …/preview), the same bytes a resident receives.
 *
 * The frame is an <iframe sandbox="allow-same-origin"> with no src: the app's styles cannot
 * leak into the staff page or back, and nothing inside can run a script (no allow-scripts),
 * whatever slipped past the server's sanitiser. The HTML is parsed with DOMParser (inert:
 * no script runs, nothing loads), active elements and attributes are dropped as a second
 * lock, and the nodes are imported into the frame.
 */
import { h, replace } from "../../common/dom.js";
import { t } from "../../common/i18n.js";
import { articleActions, stateLine } from "./state.js";
import { TEXT_LANGUAGES, articlePath, languageName, statusLine, useEditorStyles } from "./util.js";

const PHONE_WIDTH = 390;
const PHONE_HEIGHT = 740;
const DROP = "script, style, iframe, object, embed, link, meta, base, form, input, button, textarea, select, svg, math, img";

/** The sanitised body as nodes owned by `doc`, with anything active removed. */
export function bodyNodes(html, doc) {
  const parsed = new DOMParser().parseFromString(html, "text/html");
  parsed.body.querySelectorAll(DROP).forEach((el) => el.remove());
  for (const el of parsed.body.querySelectorAll("*")) {
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      const unsafeUrl = name === "href" && !/^(https?:|mailto:)/i.test(attr.value.trim());
      if (name.startsWith("on") || name === "style" || unsafeUrl) el.removeAttribute(attr.name);
    }
  }
  return [...parsed.body.childNodes].map((node) => doc.importNode(node, true));
}

/** The residents' advice section for one article, as screens/result.js draws it. */
function residentSection(doc, preview, words) {
  const el = (tag, attrs, ...children) => {
    const node = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    node.append(...children);
    return node;
  };
  const body = el("div", { class: "article-body" }, ...bodyNodes(preview.html, doc));
  const article = el("article", { class: "article" }, el("h3", {}, preview.title),
    preview.summary ? el("p", {}, preview.summary) : "",
    el("details", { open: "" }, el("summary", {}, words["Read the advice"] || "Read the advice"), body));
  return el("main", { class: "page" }, el("section", { class: "card articles" },
    el("h2", {}, words["Advice for you"] || "Advice for you"), article));
}

/** Fill an (attached) empty frame with the resident's view. */
function fillFrame(frame, preview, words, lang) {
  const doc = frame.contentDocument;
  doc.documentElement.lang = lang;
  const sheet = doc.createElement("link");
  sheet.rel = "stylesheet";
  sheet.href = "/css/app.css";
  doc.head.replaceChildren(sheet);
  doc.body.replaceChildren(residentSection(doc, preview, words));
}

function phone(lang, preview, words) {
  const name = languageName(lang);
  const figure = h("figure", { class: "phone", "data-lang": lang },
    h("figcaption", {}, t("On a phone, in %(language)s", { language: name })));
  if (preview.missing_translations.includes(lang)) {
    figure.append(h("p", { class: "flag-missing phone-missing" }, h("span", { "aria-hidden": "true" }, "⚠ "),
      t("Not complete in %(languages)s: residents who read it will not see this version.", { languages: name })));
    return { figure, fill: () => {} };
  }
  const frame = h("iframe", { class: "phone-frame", sandbox: "allow-same-origin", width: PHONE_WIDTH,
    height: PHONE_HEIGHT, title: t("Preview in %(language)s", { language: name }) });
  figure.append(frame);
  return { figure, fill: () => fillFrame(frame, preview, words, lang) };
}

/** #/editor/articles/:slug/preview[?version=n] */
export async function renderPreview(main, params, ctx) {
  useEditorStyles();
  const slug = params.slug;
  const number = params.query.get("version");
  const suffix = number ? `&version=${encodeURIComponent(number)}` : "";
  const [version, ...rest] = await Promise.all([ctx.api.get(articlePath(slug)),
    ...TEXT_LANGUAGES.map((lang) => ctx.api.get(`${articlePath(slug)}/preview?lang=${lang}${suffix}`)),
    ...TEXT_LANGUAGES.map((lang) => ctx.api.get(`/api/v1/i18n/${lang}`))]);
  const previews = rest.slice(0, TEXT_LANGUAGES.length);
  const catalogues = rest.slice(TEXT_LANGUAGES.length);
  const phones = TEXT_LANGUAGES.map((lang, i) => phone(lang, previews[i], catalogues[i]));
  const saved = params.query.get("saved");
  replace(main,
    h("p", { class: "breadcrumb" }, h("a", { href: "#/editor/articles" }, t("Articles"))),
    h("h1", {}, t("Preview: %(title)s", { title: previews[0].title || previews[1].title || slug })),
    saved ? statusLine() : null,
    stateLine(version), articleActions(version, ctx, "preview"),
    h("p", { class: "lead" }, t("Version %(number)s exactly as residents will see it on a phone, in each language.", { number: previews[0].version })),
    h("div", { class: "phones" }, phones.map((p) => p.figure)));
  if (saved) replace(main.querySelector(".status"), t("Saved as version %(number)s.", { number: saved }));
  phones.forEach((p) => p.fill());
}
