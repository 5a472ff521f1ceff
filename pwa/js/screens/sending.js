/**
 * The state of a finished submission: "sending", "waiting to send" (no network: it is safe on
 * the phone and will go by itself) or refused by the server (shown with the server's message
 * and a way back to the answers). Once sent, the result screen opens with "Sent" at the top.
 */
import { h, replace } from "../common/dom.js";
import { t } from "../common/i18n.js";
import * as outbox from "../outbox.js";
import { loadResult } from "../store.js";

/** Put a refused submission's answers back in the draft, errors marked, and reopen them. */
async function reopen(app, entry) {
  await app.ensureQuestionnaire(entry.error.status === 409);
  app.draft = { questionnaire_id: entry.body.questionnaire_id, version: app.questionnaire.version,
    answers: { ...entry.body.answers }, page: null };
  await app.saveDraft();
  await outbox.discard(entry.body.client_id);
  app.pendingErrors = entry.error.details || null;
  const first = Object.keys(app.pendingErrors || {})[0];
  app.go(`q/${first || app.index.items.find((i) => i.type !== "group").linkId}`);
}

const PROBLEMS = {
  timeout: () => t("The network is too slow right now: there was no answer within 15 seconds."),
  busy: () => t("The service is busy right now."),
  offline: () => t("There is no connection right now."),
};

const clock = () => new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(new Date());

/**
 * Waiting: why, that the answers are safe and go by themselves, and "Try again now", which
 * always answers: "Trying…" while it tries, then the time of the attempt and its outcome.
 */
function waiting(app) {
  const status = h("p", { class: "status", role: "status", id: "send-status" },
    (PROBLEMS[outbox.lastProblem] || PROBLEMS.offline)());
  const tried = h("p", { class: "tried", id: "send-tried", "aria-live": "polite" });
  const retry = h("button", { type: "button", class: "button primary", id: "send-retry" }, t("Try again now"));
  retry.addEventListener("click", async () => {
    retry.disabled = true;
    tried.textContent = t("Trying to send…");
    await outbox.flush();
    if (app.currentRoute() !== "sending") return;
    const left = await outbox.pending();
    if (!left.length || left.some((entry) => entry.error)) return app.rerender();
    retry.disabled = false;
    status.textContent = (PROBLEMS[outbox.lastProblem] || PROBLEMS.offline)();
    tried.textContent = t("Tried at %(time)s: not sent yet. Your answers are still kept.", { time: clock() });
  });
  return [h("h1", {}, t("Waiting to send")), status,
    h("p", {}, t("Your answers are safe on this phone and will be sent by themselves when the network is back. You can close this page.")),
    tried, h("div", { class: "actions" }, retry)];
}

function refused(app, entry) {
  return [h("h1", {}, t("Your answers were not accepted")),
    h("p", { class: "status", role: "alert" }, entry.error.message),
    h("div", { class: "actions" }, h("button", { type: "button", class: "button primary",
      onclick: () => reopen(app, entry) }, t("Check my answers")))];
}

export async function render(app) {
  replace(app.main, h("h1", {}, t("Sending your answers")),
    h("p", { class: "status", role: "status" }, t("Sending…")));
  await outbox.flush();
  if (app.currentRoute() !== "sending") return;  // a "sent" event has already moved on
  const left = await outbox.pending();
  if (!left.length) {
    app.flash = "sent";
    return app.go((await loadResult()) ? "result" : "start");
  }
  const failed = left.find((entry) => entry.error);
  replace(app.main, ...(failed ? refused(app, failed) : waiting(app)));
}
