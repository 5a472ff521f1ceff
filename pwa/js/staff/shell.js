/**
 * The staff web app (staff.html): sign-in, the signed-in header, hash routes, role-based
 * navigation. The sections' screens are plain ES modules; this file only wires them.
 *
 * CONTRACT FOR SECTION ROUTE FILES (pwa/js/staff/{doctor,admin,editor}/routes.js):
 *
 *   export const routes = [{
 *     path: "doctor/worklist",        // the hash is #/doctor/worklist; ":name" segments are
 *                                     //   parameters, e.g. "doctor/assessments/:id"
 *     label: () => t("Worklist"),     // the navigation text, called at each redraw (so it
 *                                     //   follows the language switch, and babel extracts the
 *                                     //   t() literal); a plain msgid string also works.
 *                                     //   Omit it (or nav: false) for screens reached by a
 *                                     //   link, like a detail page
 *     roles: ["doctor"],              // who may open it (and who sees it in the navigation)
 *     render: async (main, params, ctx) => { … },
 *   }];
 *
 *   main    the <main> element; render() replaces its content (use common/dom.js h/replace,
 *           never innerHTML with content). The shell focuses main's <h1> afterwards.
 *   params  the ":name" path parameters as strings, plus params.query: the URLSearchParams of
 *           the part after "?" in the hash (#/doctor/worklist?band=high&page=2).
 *   ctx     { api, user, t, navigate, language, rerender }
 *           api.get/post/put/patch/delete(path, body) → parsed JSON (null on 204), throws
 *             ApiError {status, code, message, details} or OfflineError (common/api.js);
 *             writes carry the X-CSRFToken header; ?lang= is added. api.download(path) →
 *             {blob, filename}. A 401 anywhere brings back the sign-in form.
 *           user  {id, username, display_name, role, centre, active}
 *           t     the catalogue lookup (common/i18n.js); language() the current language
 *           navigate(path, query?) → go to #/path?query (query: object or URLSearchParams)
 *           rerender() → draw the current route again (e.g. after a save)
 *   An error thrown by render() is shown in place of the screen with a "Try again" button.
 *   The first route of the user's role in import order (doctor, admin, editor) is the home.
 *   "account/password" (change your password) belongs to the shell and is open to all roles.
 */
import { h, focusHeading, replace } from "../common/dom.js";
import { DEFAULT_LANGUAGE, language, loadLanguage, t } from "../common/i18n.js";
import { ApiError, OfflineError } from "../common/api.js";
import { api, onSessionEnded, request, setCsrfToken } from "./api.js";
import { renderSignIn } from "./signin.js";
import { roleName } from "./roles.js";
import { passwordRoute, renderOneTime } from "./password.js";
import { routes as doctorRoutes } from "./doctor/routes.js";
import { routes as adminRoutes } from "./admin/routes.js";
import { routes as editorRoutes } from "./editor/routes.js";

const LANG_KEY = "zaoshai-staff-language";
const ROUTES = [...doctorRoutes, ...adminRoutes, ...editorRoutes, passwordRoute];

const state = { user: null, renderId: 0 };
const main = document.getElementById("main");

/** Split "#/a/b?x=1" into the path "a/b" and its query. */
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = raw.split("?");
  return { path: path.replace(/\/$/, ""), query: new URLSearchParams(query) };
}

/** The route whose pattern matches `path`, with the values of its ":name" segments. */
function match(path) {
  const parts = path.split("/");
  for (const route of ROUTES) {
    const pattern = route.path.split("/");
    if (pattern.length !== parts.length) continue;
    const params = {};
    const ok = pattern.every((seg, i) => {
      if (seg.startsWith(":")) { params[seg.slice(1)] = decodeURIComponent(parts[i]); return parts[i] !== ""; }
      return seg === parts[i];
    });
    if (ok) return { route, params };
  }
  return null;
}

const labelOf = (route) => (typeof route.label === "function" ? route.label() : t(route.label));
const allowed = (route) => state.user && route.roles.includes(state.user.role);
const homeRoute = () => ROUTES.find((r) => allowed(r) && r.label && r.nav !== false);

export function navigate(path, query) {
  const search = query ? new URLSearchParams(query).toString() : "";
  const hash = `#/${path}${search ? `?${search}` : ""}`;
  if (location.hash === hash) render(); else location.hash = hash;
}

function context() {
  return { api, user: state.user, t, navigate, language, rerender: () => render(true) };
}

/** Draw the screen of the current hash for the signed-in user. */
async function render(keepFocus = false) {
  if (!state.user) return;
  const { path, query } = parseHash();
  const found = match(path);
  if (!found || !allowed(found.route)) {
    const home = homeRoute();
    if (home && path !== home.path) { navigate(home.path); return; }
    if (!home) { replace(main, h("h1", {}, t("There is nothing for your role here yet"))); renderNav(null); return; }
  }
  const { route, params } = found || { route: homeRoute(), params: {} };
  const id = ++state.renderId;
  renderNav(route);
  // Each render draws into a view of its own, on the page from the start (an iframe must be in
  // the document to be filled) but alone on it only from its first drawing (the screen before
  // stays until then), and only if no later render began: a slow screen that answers after the
  // next one was opened draws into a view no longer on the page, never over the newer screen.
  const view = h("div", { class: "view" });
  main.append(view);
  const show = () => {  // the others removed, the view not moved (a moved iframe reloads empty)
    if (id === state.renderId) [...main.childNodes].filter((node) => node !== view).forEach((node) => node.remove());
  };
  const drawn = new MutationObserver(show);
  drawn.observe(view, { childList: true });
  try {
    await route.render(view, { ...params, query }, context());
    show();
  } catch (error) {
    if (id !== state.renderId || (error instanceof ApiError && error.status === 401)) return;
    showError(error);
  } finally {
    drawn.disconnect();
  }
  if (id !== state.renderId || keepFocus) return;
  focusHeading(main);
  window.scrollTo(0, 0);
}

function showError(error) {
  if (!(error instanceof ApiError)) console.error(error);  // a refusal is an answer, not a bug
  const message = error instanceof OfflineError
    ? t("No connection to the server. Check the network and try again.")
    : error instanceof ApiError ? error.message : t("Something went wrong");
  replace(main, h("h1", {}, t("This page could not be shown")),
    h("p", { class: "error-text", role: "alert" }, message),
    h("button", { type: "button", class: "button", onclick: () => render() }, t("Try again")));
}

function renderNav(current) {
  const nav = document.getElementById("nav");
  if (!state.user) { replace(nav); nav.hidden = true; return; }
  nav.hidden = false;
  const items = ROUTES.filter((r) => allowed(r) && r.label && r.nav !== false).map((route) =>
    h("li", {}, h("a", { href: `#/${route.path}`, "aria-current": current === route ? "page" : null },
      labelOf(route))));
  replace(nav, h("ul", {}, items));
}

function renderHeader() {
  document.title = t("Zaoshai staff app");
  replace(document.getElementById("brand"), t("Zaoshai staff app"));
  replace(document.querySelector(".skip"), t("Skip to content"));
  document.getElementById("nav").setAttribute("aria-label", t("Sections"));
  const other = language() === "en" ? "zh-CN" : "en";
  const langButton = h("button", { type: "button", class: "chip", lang: other, id: "language",
    onclick: () => setLanguage(other) }, other === "en" ? "English" : "中文");
  const controls = [langButton];
  if (state.user) {
    const who = state.user.display_name || state.user.username;
    const role = roleName(state.user.role);
    const centre = state.user.centre ? ` · ${state.user.centre_name || state.user.centre}` : "";
    controls.unshift(h("p", { class: "who", id: "who" }, h("strong", {}, who), ` · ${role}${centre}`));
    controls.push(h("a", { class: "chip", href: "#/account/password" }, t("Change password")),
      h("button", { type: "button", class: "chip", id: "sign-out", onclick: signOut }, t("Sign out")));
  }
  replace(document.getElementById("controls"), controls);
}

async function setLanguage(lang) {
  await loadLanguage(lang, "staff");
  localStorage.setItem(LANG_KEY, lang);
  if (state.user) {  // the centre's name comes in the request's language
    try { state.user = (await request("GET", "/api/v1/auth/me")).user; } catch { /* keep the old one */ }
  }
  renderHeader();
  document.getElementById("language")?.focus();
  if (state.user) await render(true); else showSignIn();
}

/** Signed in (by the form or an existing session): remember who, then draw the home; with a
 * one-time password (an admin set it), first the screen that replaces it. */
function signedIn(me, fresh, password = null) {
  state.user = me.user;
  setCsrfToken(me.csrf_token);
  if (me.password_notice) {
    renderHeader();
    document.getElementById("nav").hidden = true;  // nothing else opens until it is replaced
    renderOneTime(main, { api, notice: me.password_notice, current: password,
      onDone: async () => signedIn(await request("GET", "/api/v1/auth/me"), true) });
    return;
  }
  renderHeader();
  if (fresh && !location.hash.replace(/^#\/?/, "")) navigate(homeRoute()?.path || "");
  else render();
}

function showSignIn(message) {
  state.user = null;
  setCsrfToken(null);
  renderHeader();
  renderNav(null);
  renderSignIn(main, { message, onSignedIn: (me, password) => signedIn(me, true, password) });
}

async function signOut() {
  try {
    await request("POST", "/api/v1/auth/logout", {});
  } catch (error) {
    if (!(error instanceof ApiError)) { showError(error); return; }
  }
  // Forget the screen too: the next person to sign in here must not land on a resident.
  history.replaceState(null, "", location.pathname);
  showSignIn(t("You have signed out."));
}

async function boot() {
  const lang = localStorage.getItem(LANG_KEY) || DEFAULT_LANGUAGE;
  try {
    await loadLanguage(lang, "staff");
  } catch {
    replace(main, h("h1", {}, lang === "en" ? "Please check the network and reload this page."
      : "请检查网络后重新打开本页面。"));
    return;
  }
  onSessionEnded(() => { if (state.user) showSignIn(t("Your session has ended. Please sign in again.")); });
  window.addEventListener("hashchange", () => render());
  // The skip link must not change the hash: the hash is the route.
  document.querySelector(".skip").addEventListener("click", (event) => { event.preventDefault(); main.focus(); });
  try {
    signedIn(await request("GET", "/api/v1/auth/me"), false);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) showSignIn();
    else showError(error);
  }
}

boot();
