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

function waiting(app) {
  const retry = h("button", { type: "button", class: "button primary" }, t("Try again now"));
  retry.addEventListener("click", () => app.rerender());
  return [h("h1", {}, t("Waiting to send")),
    h("p", { class: "status", role: "status" }, t("There is no connection right now.")),
    h("p", {}, t("Your answers are safe on this phone and will be sent by themselves when the network is back. You can close this page.")),
    h("div", { class: "actions" }, retry)];
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
