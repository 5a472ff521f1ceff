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
import * as outbox from "./outbox.js";
import { loadDraft, loadPrefs, loadResult, saveDraft, savePrefs } from "./store.js";

// Screens are loaded when first opened, not with the start page: the first visit on a slow
// phone network downloads only what the start page needs (test_first_load measures it). The
// service worker caches every module at install, so later screens open offline all the same.
const message = () => import("./screens/message.js");
const ROUTES = {
  start: () => import("./screens/start.js"),
  q: () => import("./screens/question.js"),
  review: () => import("./screens/review.js"),
  sending: () => import("./screens/sending.js"),
  result: () => import("./screens/result.js"),
  library: () => import("./screens/library.js"),
  article: () => import("./screens/article.js"),
  open: () => import("./screens/open.js"),
  privacy: () => import("./screens/privacy.js"),
  leave: message, deleted: message, cleared: message,
};
const QUESTIONNAIRE_ID = "cancer-risk";
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

  currentRoute: () => routeOf(location.hash)[0] || "start",

  /** The questionnaire in the current language (cached by the service worker for offline). */
  async ensureQuestionnaire(fresh = false) {
    const lang = language();
    if (!fresh && this.questionnaire?.language === lang) return;
    const definition = await getJson(`/api/v1/questionnaires/${QUESTIONNAIRE_ID}`,
      { cache: fresh ? "reload" : "default" });
    const { indexDefinition } = await import("./questionnaire/logic.js");
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

/** "#/open?id=…" → ["open"]: a screen reads its own "?…" (screens/open.js), routing ignores it. */
function routeOf(hash) {
  return hash.replace(/^#\/?/, "").split("?")[0].split("/");
}

/** Draw the screen of the current hash; `keepFocus` when a header switch redrew it. */
async function render(keepFocus = false) {
  const hash = location.hash;
  const [name, param] = routeOf(hash);
  delete app.main.dataset.shown;
  try {
    const screen = await (ROUTES[name] || ROUTES.start)();
    await screen.render(app, decodeURIComponent(param || name || ""));
  } catch (error) {
    console.error(error);
    replace(app.main, h("h1", {}, t("Something went wrong")),
      h("p", {}, t("Please check your connection and try again. Your answers are kept on this phone.")),
      h("button", { type: "button", class: "button primary", onclick: () => render() }, t("Try again")));
  }
  // "this hash is drawn" (not when the screen moved on to another): what tests wait for
  if (location.hash === hash) app.main.dataset.shown = hash;
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

/** Answers sent while the resident was away (sw.js, or an earlier tab): open on the result. */
async function openUnseenResult() {
  if (app.currentRoute() !== "start") return;
  const stored = await loadResult();
  if (!stored?.unseen) return;
  app.flash = "sent";
  history.replaceState(null, "", "#/result");
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
  await openUnseenResult();
  await render();
  outbox.flush();  // a submission left waiting on an earlier visit
  // Chrome lists its voices only after a while: redraw once, so 朗读 appears where it can work
  import("./common/speech.js").then((speech) => speech.onVoicesReady(() => render(true)));
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(console.error);
}

boot();
