/**
 * The first screen: what the check is, what is stored and who sees it, then agree or leave.
 * On a later visit it offers to continue, shows a submission still waiting to be sent and
 * the last result, and has the "clear my answers" a shared phone needs. A link opens a result
 * done with the family doctor, with the code on its printout (screens/open.js).
 */
import { h, replace } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { clearAnswersButton } from "../questionnaire/clear.js";
import * as outbox from "../outbox.js";
import { loadDraft, loadResult } from "../store.js";
import { loadAbout, operatorBlock } from "../common/about.js";

function explanation() {
  return [
    h("p", { class: "lead" }, t("Answer questions for 10 to 15 minutes, in 8 or 9 short parts, and learn your risk of five common cancers over the next five years: lung, breast, liver, oesophagus and stomach, and bowel. You also learn why, what you can change, and which screening test to get.")),
    h("h2", {}, t("What is stored")),
    h("p", {}, t("Your answers stay on this phone until you send them. When you send them, the service keeps your answers and your result so that you can see it again. Your name and phone number are asked only if you choose to share your result, and are stored encrypted.")),
    h("h2", {}, t("Who sees it")),
    h("p", {}, t("Only you can see it, on this phone. Your family doctor sees your result only if you choose to share it at the end. You can delete your data at any time.")),
    h("p", { class: "note" }, t("This check estimates risk. It is not a diagnosis and does not replace a doctor.")),
    h("p", {}, h("a", { class: "more-link", href: "#/privacy", id: "privacy-link" }, t("Read the full privacy notice"))),
  ];
}

/**
 * The separate, explicit consent for health information (sensitive personal information,
 * PIPL Art. 28–29): a box the resident ticks themselves, not implied by pressing Start.
 * Sharing with the family doctor is a second consent, asked at the end of the questionnaire.
 */
function healthConsent(app) {
  const box = h("input", { type: "checkbox", id: "consent-health", "aria-describedby": "consent-error" });
  box.checked = Boolean(app.prefs.consent);
  return h("div", { class: "consent" },
    h("label", { class: "option", for: "consent-health" }, box,
      h("span", {}, t("I agree that my answers about my health, which are sensitive personal information, are used to estimate my cancer risk as described above."))),
    h("p", { class: "error", id: "consent-error", hidden: true }));
}

function waitingNotice(app, entries) {
  if (!entries.length) return null;
  return h("div", { class: "notice", role: "status" },
    h("p", {}, h("strong", {}, t("Waiting to send")), " ",
      t("Your finished answers are kept on this phone and will be sent when there is a connection.")),
    h("button", { type: "button", class: "button secondary", onclick: () => app.go("sending") },
      t("Send now")));
}

async function begin(app) {
  const box = document.getElementById("consent-health");
  if (box && !box.checked) {
    const error = document.getElementById("consent-error");
    error.textContent = t("Please tick the box to agree before you start, or choose “No thanks”.");
    error.hidden = false;
    box.setAttribute("aria-invalid", "true");
    return box.focus();
  }
  app.prefs.consent = { health: new Date().toISOString() };
  await app.savePrefs();
  await app.ensureQuestionnaire();
  const draft = await app.ensureDraft();
  app.go(`q/${draft.page || app.index.items.find((i) => i.type !== "group").linkId}`);
}

export async function render(app) {
  const [draft, result, waiting, about] = await Promise.all([loadDraft(), loadResult(), outbox.pending(), loadAbout()]);
  const started = draft && Object.keys(draft.answers || {}).length > 0;
  const primary = h("button", { type: "button", class: "button primary", onclick: () => begin(app) },
    started ? t("Continue where I left off") : t("I agree, start"));
  const leave = !app.prefs.consent && !started ? h("button", { type: "button", class: "button secondary",
    onclick: () => app.go("leave") }, t("No thanks")) : null;
  const last = result ? h("button", { type: "button", class: "button secondary",
    onclick: () => app.go("result") }, t("See my last result")) : null;
  replace(app.main,
    h("h1", {}, t("Cancer risk check")),
    waitingNotice(app, waiting),
    explanation(),
    operatorBlock(about),
    app.prefs.consent ? null : healthConsent(app),
    h("div", { class: "actions" }, primary, leave, last),
    started ? clearAnswersButton(app) : null,
    // for residents who did the check with their doctor: a quiet link, not a third big button
    h("p", { class: "open-link" }, h("a", { class: "more-link", href: "#/open" }, t("I have a result code"))),
    h("p", { class: "library-link" }, h("a", { class: "more-link", href: "#/library" }, t("Read health advice"))));
}
