/**
 * Open a result with its short code (from the QR, the picture, the resident's own phone or
 * the doctor's printout): #/open, or #/open?code=ABCD-2345 from a scanned QR, whose code is
 * taken off the address bar at once. Older printouts carry a number and a long code instead:
 * #/open?long=1 (or #/open?id=<number>) shows the form for those.
 *
 * Open a result with the number and code on paper: residents without a smartphone of their
 * own do the check with their family doctor, who prints the assessment number and access
 * code (staff/doctor/assisted.js). Typing both here fetches the result, keeps it on this
 * phone exactly as the app keeps its own (store.js saveResult) and shows the result screen,
 * which offers print and "delete my data".
 *
 * #/open?id=<assessment number> fills in the number. The code is never read from, or put
 * into, an address: see numberFromAddress.
 */
import { h, replace } from "../common/dom.js";
import { language, t } from "../common/i18n.js";
import { ApiError, OfflineError, getJson, postJson } from "../common/api.js";
import { confirmInPlace } from "../common/confirm.js";
import { loadResult, saveResult } from "../store.js";

// Dashes a phone keyboard or a Chinese input method may give instead of "-".
const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;
const UUID_WITHOUT_DASHES = /^[0-9a-f]{32}$/;
const NOT_FOUND = [401, 403, 404];
// What was typed, so that switching the language (which redraws the screen) keeps it. In this
// page's memory only, emptied once the result is kept: the code is never written anywhere else.
const typed = { number: "", code: "", short: "" };

/** What was typed or pasted, without spaces or line breaks, full-width letters made plain. */
function plain(raw) {
  return raw.normalize("NFKC").replace(/\s+/g, "").replace(DASHES, "-");
}

/** The number as the server stores it: lower-case (uuid4), dashes put back if left out. */
export function cleanNumber(raw) {
  const text = plain(raw).toLowerCase();
  return UUID_WITHOUT_DASHES.test(text)
    ? text.replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-") : text;
}

/** The code is case-sensitive (capital and small letters differ): only spaces go. */
export const cleanCode = (raw) => plain(raw);

/**
 * The number from #/open?id=…, for a link a centre sends or prints. Only the number: the code
 * reads and deletes the result, and an address ends up in browser history, server and proxy
 * logs (when copied without the #), chat-app link previews and screenshots of the address bar.
 */
function numberFromAddress() {
  const query = location.hash.split("?")[1] || "";
  return cleanNumber(new URLSearchParams(query).get("id") || "");
}

/**
 * A box for one of the two: a textarea, not an input, so that the whole number and code (36
 * and 43 characters) stay in view to compare with the paper, in the same fixed-width letters
 * as the printout (l, I and 1 told apart). Enter opens the result, as in a one-line box.
 */
function field(id, key, label, hint) {
  const input = h("textarea", { id, name: id, rows: 2, autocomplete: "off", autocapitalize: "none",
    autocorrect: "off", spellcheck: "false", enterkeyhint: "go", class: "code-box",
    "aria-describedby": `${id}-hint ${id}-error` });
  input.value = typed[key];
  input.addEventListener("input", () => { typed[key] = input.value; });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.isComposing) { event.preventDefault(); input.form.requestSubmit(); }
  });
  const element = h("div", { class: "question text" },
    h("label", { class: "question-text", for: id }, label),
    h("p", { class: "hint", id: `${id}-hint` }, hint), input,
    h("p", { class: "error", id: `${id}-error`, "aria-live": "polite", hidden: true }));
  return { element, input };
}

/** Show or clear a field's own message (an empty box). */
function setFieldError(fieldParts, message) {
  const line = fieldParts.element.querySelector(".error");
  line.textContent = message || "";
  line.hidden = !message;
  fieldParts.element.classList.toggle("invalid", Boolean(message));
  if (message) fieldParts.input.setAttribute("aria-invalid", "true");
  else fieldParts.input.removeAttribute("aria-invalid");
}

function failureMessage(error) {
  if (error instanceof OfflineError) return t("There is no connection. Please try again when you are online.");
  if (error instanceof ApiError && NOT_FOUND.includes(error.status)) {
    return t("We could not find a result with this number and code. Check both against the paper and try again.");
  }
  if (error instanceof ApiError) return error.message;  // already in the resident's language
  throw error;
}

/** Keep it on this phone as a result of our own, then show it. */
async function keepAndShow(app, result, token) {
  await saveResult(result, language(), token);
  typed.number = typed.code = "";
  app.go("result");
}

/** The phone keeps one result: replacing another one is the resident's choice, asked first. */
async function openFound(app, button, result, token) {
  const stored = await loadResult();
  if (!stored || stored.assessment_id === result.assessment_id) return keepAndShow(app, result, token);
  confirmInPlace(button,
    t("This phone already keeps another result. If you open this one, the other is no longer kept on this phone and can be opened again only with its own number and code."),
    t("Yes, open this one"), t("No, keep the other"), () => keepAndShow(app, result, token));
}

async function submit(app, form, parts) {
  const number = cleanNumber(parts.number.input.value);
  const code = cleanCode(parts.code.input.value);
  // show what will be sent: easier to compare with the paper
  parts.number.input.value = typed.number = number;
  parts.code.input.value = typed.code = code;
  form.querySelector("#open-error").textContent = "";
  setFieldError(parts.number, number ? null : t("Please enter the assessment number."));
  setFieldError(parts.code, code ? null : t("Please enter the access code."));
  if (!number || !code) return (number ? parts.code : parts.number).input.focus();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const result = await getJson(`/api/v1/assessments/${encodeURIComponent(number)}`,
      { token: code, lang: language() });
    await openFound(app, button, result, code);
  } catch (error) {
    form.querySelector("#open-error").textContent = failureMessage(error);
  } finally {
    button.disabled = false;
  }
}

/** The ?code=… of a scanned QR, then gone from the address (history, screenshots). */
function codeFromAddress() {
  const query = new URLSearchParams(location.hash.split("?")[1] || "");
  const code = query.get("code");
  if (code) history.replaceState(null, "", `${location.pathname}#/open`);
  return code ? plain(code).toUpperCase() : "";
}

function shortFailure(error) {
  if (error instanceof ApiError && error.status === 404) {
    return t("We could not find a result with this code. Check it and try again.");
  }
  if (error instanceof ApiError && error.status === 422) return error.details.code?.[0] || error.message;
  return failureMessage(error);
}

async function submitShort(app, form, part) {
  const code = plain(part.input.value).toUpperCase();
  part.input.value = typed.short = code;
  form.querySelector("#open-error").textContent = "";
  setFieldError(part, code ? null : t("Please enter the result code."));
  if (!code) return part.input.focus();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const result = await postJson("/api/v1/short-codes/open", { code }, { lang: language() });
    typed.short = "";
    await openFound(app, button, result, result.access_token);
  } catch (error) {
    form.querySelector("#open-error").textContent = shortFailure(error);
  } finally {
    button.disabled = false;
  }
}

function renderShort(app, scanned) {
  const part = field("open-short-code", "short", t("Result code"),
    t("8 letters and digits, for example ABCD-2345. Small letters and spaces do not matter."));
  part.input.rows = 1;
  const form = h("form", { class: "open-form", novalidate: true },
    part.element,
    h("p", { class: "error form-error", id: "open-error", role: "alert" }),
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "button primary" }, t("Open my result")),
      h("button", { type: "button", class: "button secondary", onclick: () => app.go("start") },
        t("Back to the start"))));
  form.addEventListener("submit", (event) => { event.preventDefault(); submitShort(app, form, part); });
  replace(app.main,
    h("h1", {}, t("Open a result with its code")),
    h("p", { class: "lead" }, t("Type the result code from the paper, the picture or the other phone. Scanning the QR code opens this page with the code filled in.")),
    form,
    h("p", { class: "open-link" }, h("a", { class: "more-link", href: "#/open?long=1" },
      t("My paper has an assessment number and a long access code"))),
    h("p", { class: "note" }, t("Keep the code private: anyone who has it can read or delete your result.")));
  if (scanned) submitShort(app, form, part);
}

export async function render(app) {
  const query = new URLSearchParams(location.hash.split("?")[1] || "");
  if (!query.has("id") && !query.has("long")) {
    const scanned = codeFromAddress();
    if (scanned) typed.short = scanned;
    return renderShort(app, Boolean(scanned));
  }
  typed.number = numberFromAddress() || typed.number;
  const parts = {
    number: field("open-number", "number", t("Assessment number"),
      t("On the paper from your doctor, next to “Assessment number”.")),
    code: field("open-code", "code", t("Access code"),
      t("Next to “Access code”. Capital and small letters must match. Spaces do not matter.")),
  };
  const form = h("form", { class: "open-form", novalidate: true },
    parts.number.element, parts.code.element,
    h("p", { class: "error form-error", id: "open-error", role: "alert" }),
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "button primary" }, t("Open my result")),
      h("button", { type: "button", class: "button secondary", onclick: () => app.go("start") },
        t("Back to the start"))));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(app, form, parts);
  });
  replace(app.main,
    h("h1", {}, t("Open a result from your doctor")),
    h("p", { class: "lead" }, t("If you did the check with your family doctor, the paper they gave you shows an assessment number and an access code. Type both here to see your result on this phone.")),
    form,
    h("p", { class: "note" }, t("Keep the code private: anyone who has it can read or delete your result.")));
}
