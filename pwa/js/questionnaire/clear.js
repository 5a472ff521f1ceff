/**
 * "Clear my answers": for shared phones, offered on the start page and under every question.
 * Asks in place before anything is erased, then shows the "cleared" screen.
 */
import { h } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { confirmInPlace } from "../common/confirm.js";
import { clearDraft } from "../store.js";

export function clearAnswersButton(app) {
  const button = h("button", { type: "button", class: "button link" }, t("Clear my answers"));
  button.addEventListener("click", () => confirmInPlace(button,
    t("Clear all your answers from this phone? This cannot be undone."),
    t("Yes, clear them"), t("No, keep them"), async () => {
      await clearDraft();
      app.draft = null;
      app.go("cleared");
    }));
  return button;
}
