/**
 * "Ready to send": the last check before the answers leave the phone, with a summary of
 * every answer by section, each changeable in place (review/summary.js). Sending first puts the
 * submission in the outbox (IndexedDB), so from that moment nothing can be lost, then tries
 * the network; the sending screen shows what happened.
 */
import { h, replace } from "../common/dom.js";
import { language, t } from "../common/i18n.js";
import { evaluate } from "../questionnaire/logic.js";
import { buildPages, pageIndexOf, pageKey } from "../questionnaire/pages.js";
import * as outbox from "../outbox.js";
import { clearDraft } from "../store.js";
import { answersSummary } from "../review/summary.js";

async function send(app) {
  const state = evaluate(app.index, app.draft.answers);
  const wrong = Object.keys(state.errors);
  if (wrong.length) {  // the phone's clock or a changed answer made an earlier one invalid
    const pages = buildPages(app.index, app.prefs.elder);
    const first = pages.map(pageKey).find((key, i) => pages[i].some((item) => wrong.includes(item.linkId)));
    app.pendingErrors = state.errors;
    return app.go(`q/${first ?? pageKey(pages[Math.max(0, pageIndexOf(pages, wrong[0]))])}`);
  }
  await outbox.enqueue({
    client_id: outbox.newClientId(), questionnaire_id: app.questionnaire.id,
    questionnaire_version: String(app.questionnaire.version), answers: state.cleaned, language: language(),
  });
  await clearDraft();
  app.draft = null;
  app.go("sending");
}

export async function render(app) {
  if (!app.prefs.consent) return app.go("start");
  await app.ensureQuestionnaire();
  await app.ensureDraft();
  const back = () => history.length > 1 ? history.back() : app.go(`q/${app.draft.page || ""}`);
  const sendButton = () => {
    const button = h("button", { type: "button", class: "button primary" }, t("Send my answers"));
    button.addEventListener("click", () => { button.disabled = true; send(app); });
    return button;
  };
  // the send button above the summary (most check at a glance) and again below it
  const draw = () => replace(app.main,
    h("h1", {}, t("Ready to send")),
    h("p", { class: "lead" }, t("Check your answers below; tap “Change” to correct one. Then send them to see your result.")),
    h("p", {}, t("If there is no signal, your answers are kept on this phone and sent by themselves as soon as the network is back.")),
    h("div", { class: "actions" }, sendButton()),
    answersSummary(app, () => draw()),
    h("div", { class: "actions" }, sendButton(),
      h("button", { type: "button", class: "button secondary", onclick: back }, t("Back to the questions"))));
  draw();
}
