/**
 * What the editors' screens share: the API paths, the targeting vocabulary (names from the
 * server, in the staff member's language), dates, status words, and showing the API's
 * validation errors next to the fields they are about.
 */
import { h, replace } from "../../common/dom.js";
import { language, t } from "../../common/i18n.js";
import { ApiError, OfflineError } from "../../common/api.js";

export const CONTENT = "/api/v1/content";
export const ARTICLES = `${CONTENT}/articles`;
export const CENTRES = `${CONTENT}/screening-centres`;
/** The article languages, in the order editors see them. */
export const TEXT_LANGUAGES = ["zh-CN", "en"];

/** The editors' stylesheet, added once (staff.html is the shell's; this file is ours). */
export function useEditorStyles() {
  if (document.querySelector("link[data-editor-css]")) return;
  document.head.append(h("link", { rel: "stylesheet", href: "/css/editor.css", "data-editor-css": "" }));
}

export const articlePath = (slug) => `${ARTICLES}/${encodeURIComponent(slug)}`;

const optionsCache = new Map();

/** GET /content/targeting in the current language (cached per language). */
export async function targetingOptions(api) {
  const lang = language();
  if (!optionsCache.has(lang)) optionsCache.set(lang, await api.get(`${CONTENT}/targeting`));
  return optionsCache.get(lang);
}

/** {code: label} of one list of the vocabulary; factor levels as "factor:level". */
export function labelsOf(options) {
  const labels = {};
  for (const key of ["kinds", "cancers", "bands", "tests", "sexes", "findings"]) {
    for (const item of options[key]) labels[`${key}:${item.code}`] = item.label;
  }
  for (const factor of options.factors) {
    for (const level of factor.levels) labels[`factor:${factor.code}:${level.code}`] = `${factor.label}${t(": ")}${level.label}`;
  }
  return labels;
}

export function languageName(code) {
  return code === "en" ? t("English") : t("Chinese");
}

/** ["中文", "英文"] → "中文和英文" / "Chinese and English", as the language writes lists. */
export function listOf(items) {
  return new Intl.ListFormat(language(), { style: "long", type: "conjunction" }).format(items);
}

export function statusName(status) {
  if (status === "published") return t("Published");
  if (status === "unpublished") return t("Unpublished");
  return t("Draft");
}

/** A date and time in the staff member's language ("2026年11月23日 10:56"). */
export function formatTime(iso) {
  if (!iso) return "";
  return new Intl.DateTimeFormat(language(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

/** Targeting in one line of words: "Smoking: …; Lung cancer; 50–74; Men". */
export function targetingSummary(targeting, labels) {
  const words = [];
  for (const factor of targeting.factors || []) words.push(labels[`factor:${factor}`] || factor);
  for (const key of ["cancers", "bands", "tests", "findings", "sexes"]) {
    for (const code of targeting[key] || []) words.push(labels[`${key}:${code}`] || code);
  }
  const low = targeting.min_age, high = targeting.max_age;
  if (low != null || high != null) words.push(t("Ages %(low)s to %(high)s", { low: low ?? 18, high: high ?? 120 }));
  return words.length ? words.join("; ") : t("Everyone");
}

/** The message to show for a failed request. */
export function errorText(error) {
  if (error instanceof OfflineError) return t("No connection to the server. Check the network and try again.");
  if (error instanceof ApiError) return error.message;
  return t("Something went wrong");
}

/** A status line (role=status) whose text can be set later. */
export function statusLine() {
  return h("p", { class: "status", role: "status" });
}

/** An error line (role=alert) tied to a field by its id. */
export function errorLine(id) {
  return h("p", { class: "error-text", id, "data-error": "" });
}

/**
 * Put the API's per-field messages (error.details, nested as the request was) into the
 * error lines whose data-error-for names the field ("texts.en.title", "targeting.factors",
 * "targeting", "slug" …); a message with no line of its own goes to `fallback`.
 */
export function showFieldErrors(root, details, fallback) {
  root.querySelectorAll("[data-error-for]").forEach((el) => replace(el));
  root.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  const leftOver = [];
  for (const [path, message] of flatten(details || {})) {
    const line = findLine(root, path);
    if (!line) { leftOver.push(message); continue; }
    replace(line, [line.textContent, message].filter(Boolean).join(" "));
    const field = root.querySelector(`[aria-describedby~="${line.id}"]`);
    if (field) field.setAttribute("aria-invalid", "true");
  }
  if (fallback && leftOver.length) replace(fallback, [fallback.textContent, ...leftOver].filter(Boolean).join(" "));
}

function findLine(root, path) {
  // the service reports targeting problems without the "targeting." prefix; try both
  for (const key of [path, `targeting.${path}`, path.split(".").slice(0, 2).join("."), path.split(".")[0]]) {
    const line = root.querySelector(`[data-error-for="${CSS.escape(key)}"]`);
    if (line) return line;
  }
  return null;
}

function flatten(details, prefix = "") {
  const out = [];
  for (const [key, value] of Object.entries(details)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.push([path, value]);
    else if (Array.isArray(value) && value.every((v) => typeof v === "string")) out.push([path, value.join(" ")]);
    else if (value && typeof value === "object") out.push(...flatten(value, path));
  }
  return out;
}
