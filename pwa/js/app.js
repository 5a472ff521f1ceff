/**
 * The residents' app: boot, the header (language, large text), routing and shared state.
 *
 * Screens are chosen by the URL hash (#/q/<linkId>, #/result, #/article/<slug> …) so the
 * phone's back button goes back one question and a reload reopens the same screen. Each
 * screen module exports render(app, param) and draws into <main>; app holds what screens
 * share.
 */
import { h, focusHeading, replace } from "./common/dom.js";
import { DEFAULT_LANGUAGE, language, loadLanguage, t } from "./common/i18n.js";
import { getJson } from "./common/api.js";
import { indexDefinition } from "./questionnaire/logic.js";
import * as outbox from "./outbox.js";
import { loadDraft, loadPrefs, saveDraft, savePrefs } from "./store.js";
import * as start from "./screens/start.js";
import * as question from "./screens/question.js";
import * as review from "./screens/review.js";
import * as sending from "./screens/sending.js";
import * as result from "./screens/result.js";
import * as message from "./screens/message.js";
import * as library from "./screens/library.js";
import * as article from "./screens/article.js";

const QUESTIONNAIRE_ID = "cancer-risk";
const ROUTES = { start, q: question, review, sending, result, leave: message, deleted: message,
  cleared: message, library, article };
const TEXT_SIZES = 3;

export const app = {
  main: document.getElementById("main"),
  prefs: null, questionnaire: null, index: null, draft: null,
  flash: null,          // a one-off status line for the next screen ("sent")
  pendingErrors: null,  // {linkId: message} to show when a question screen opens

  /** Open a screen: a new history entry, so Back works as the resident expects. */
  go(route) {
    const hash = `#/${route}`;
    if (location.hash === hash) render(); else location.hash = hash;
  },

  currentRoute: () => location.hash.replace(/^#\/?/, "").split("/")[0] || "start",

  /** The questionnaire in the current language (cached by the service worker for offline). */
  async ensureQuestionnaire(fresh = false) {
    const lang = language();
    if (!fresh && this.questionnaire?.language === lang) return;
    const definition = await getJson(`/api/v1/questionnaires/${QUESTIONNAIRE_ID}`,
      { cache: fresh ? "reload" : "default" });
    this.questionnaire = definition;
    this.index = indexDefinition(definition);
  },

  /** The answers in progress, created empty when there are none. */
  async ensureDraft() {
    this.draft ||= (await loadDraft()) || { questionnaire_id: QUESTIONNAIRE_ID,
      version: this.questionnaire?.version, answers: {}, page: null };
    return this.draft;
  },

  saveDraft() { return this.draft ? saveDraft(this.draft) : Promise.resolve(); },
  savePrefs() { return savePrefs(this.prefs); },
  rerender: () => render(),
};

/** Draw the screen of the current hash; `keepFocus` when a header switch redrew it. */
async function render(keepFocus = false) {
  const [name, param] = location.hash.replace(/^#\/?/, "").split("/");
  const screen = ROUTES[name] || start;
  try {
    await screen.render(app, decodeURIComponent(param || name || ""));
  } catch (error) {
    console.error(error);
    replace(app.main, h("h1", {}, t("Something went wrong")),
      h("p", {}, t("Please check your connection and try again. Your answers are kept on this phone.")),
      h("button", { type: "button", class: "button primary", onclick: () => render() }, t("Try again")));
  }
  if (keepFocus) return;
  focusHeading(app.main);
  window.scrollTo(0, 0);
}

/** Large text: body at 22, 26 or 30 px, one question per screen (MIIT age-friendly). */
function applyDisplay() {
  const root = document.documentElement;
  root.classList.toggle("elder", app.prefs.elder);
  root.dataset.textSize = String(app.prefs.elder ? app.prefs.textSize : 0);
}

async function setLanguage(lang) {
  await loadLanguage(lang);
  app.prefs.lang = lang;
  await app.savePrefs();
  renderHeader();
  document.querySelector("#controls button[lang]")?.focus();
  await render(true);
}

function renderHeader() {
  document.title = t("Zaoshai cancer risk check");
  const other = language() === "en" ? "zh-CN" : "en";
  const langButton = h("button", { type: "button", class: "chip", lang: other,
    onclick: () => setLanguage(other) }, other === "en" ? "English" : "中文");
  const elder = h("button", { type: "button", class: "chip", id: "elder", "aria-pressed": String(app.prefs.elder),
    onclick: async () => { app.prefs.elder = !app.prefs.elder; await changeDisplay(); } }, t("Large text"));
  // one tap per size, round the three: simpler for unsure fingers than a slider
  const bigger = app.prefs.elder ? h("button", { type: "button", class: "chip", id: "text-size",
    onclick: async () => { app.prefs.textSize = (app.prefs.textSize % TEXT_SIZES) + 1; await changeDisplay(); },
  }, t("Text size %(size)s/3", { size: app.prefs.textSize })) : null;
  replace(document.getElementById("brand"), t("Zaoshai"));
  replace(document.getElementById("controls"), langButton, elder, bigger);
}

async function changeDisplay() {
  const tapped = document.activeElement?.id;
  applyDisplay();
  renderHeader();
  document.getElementById(tapped === "text-size" ? "text-size" : "elder")?.focus();  // buttons were redrawn
  await app.savePrefs();
  await render(true);  // elder mode changes how many questions a screen holds
}

function listenForSubmissions() {
  const onSent = () => {
    if (["sending", "start"].includes(app.currentRoute())) { app.flash = "sent"; app.go("result"); }
  };
  outbox.events.addEventListener("sent", onSent);
  // sw.js replays the outbox too and says so; the page may be showing "waiting to send"
  navigator.serviceWorker?.addEventListener("message", (event) => {
    if (event.data?.type === "outbox-sent") onSent();
  });
  window.addEventListener("online", () => outbox.flush());
}

/** The catalogue itself could not be loaded: say so in the resident's language, plainly. */
function bootFailed(lang) {
  // Not from the catalogue, which is exactly what is missing; one sentence per language.
  const text = lang === "en" ? "Please connect to the internet and open this page again."
    : "请连接网络后再打开本页面。";
  replace(app.main, h("h1", {}, text));
}

async function boot() {
  app.prefs = await loadPrefs();
  applyDisplay();
  const lang = app.prefs.lang || DEFAULT_LANGUAGE;
  try {
    await loadLanguage(lang);
  } catch {
    bootFailed(lang);
    return;
  }
  renderHeader();
  listenForSubmissions();
  window.addEventListener("hashchange", () => render());
  await render();
  outbox.flush();  // a submission left waiting on an earlier visit
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(console.error);
}

boot();
