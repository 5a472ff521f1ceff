/**
 * Translations for the screens. Strings are English msgids marked with t("…"); babel extracts
 * them into the project's gettext catalogues (babel.cfg) and GET /api/v1/i18n/<lang> serves
 * them back as {msgid: translation}. Only plain string literals work as t() arguments: the
 * extractor reads the source, it does not run it.
 */

export const LANGUAGES = ["zh-CN", "en"];
export const DEFAULT_LANGUAGE = "zh-CN";

let current = DEFAULT_LANGUAGE;
let strings = {};

/**
 * Load the catalogue of `language` and make it current; throws when it cannot be fetched.
 * `app` "staff" asks for the staff screens' strings too; residents' phones never download them.
 */
export async function loadLanguage(language, app = "residents") {
  const query = app === "residents" ? "" : `?app=${app}`;
  const response = await fetch(`/api/v1/i18n/${language}${query}`, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`catalogue ${language}: HTTP ${response.status}`);
  strings = await response.json();
  current = language;
  document.documentElement.lang = language;
}

export const language = () => current;

/** The translation of `msgid`, with %(name)s placeholders filled from `params`. */
export function t(msgid, params) {
  const text = strings[msgid] || msgid;
  if (!params) return text;
  return text.replace(/%\((\w+)\)s/g, (match, key) => (key in params ? String(params[key]) : match));
}

/** A number in the current language's style, with at most `digits` decimals. */
export function formatNumber(value, digits = 0) {
  return new Intl.NumberFormat(current, { maximumFractionDigits: digits }).format(value);
}

/** A calendar date ("2027-05-01") written out in the current language. */
export function formatDate(isoDate) {
  const [year, month, day] = String(isoDate).slice(0, 10).split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return new Intl.DateTimeFormat(current, { dateStyle: "long", timeZone: "UTC" }).format(date);
}
