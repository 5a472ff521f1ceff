/**
 * "Stop sharing": a resident who shared their result with the family doctor can take it back
 * (the promise the start page makes). The doctor's list no longer shows them and their name
 * and phone are erased on the server; the result stays for the resident.
 */
import { h } from "../common/dom.js";
import { language, t } from "../common/i18n.js";
import { OfflineError, postJson } from "../common/api.js";
import { confirmInPlace } from "../common/confirm.js";
import { replaceKeptCopies } from "../store.js";

export function stopSharingButton(app, stored, result) {
  if (!result.shared_with_centre || !stored.access_token) return null;
  const button = h("button", { type: "button", class: "button secondary", id: "stop-sharing" },
    t("Stop sharing with my family doctor"));
  button.addEventListener("click", () => confirmInPlace(button,
    t("Your family doctor will no longer see this result, and your name and phone number are erased from the service. Your result stays with you."),
    t("Yes, stop sharing"), t("No, keep sharing"), async (box) => {
      try {
        const updated = await postJson(`/api/v1/assessments/${encodeURIComponent(stored.assessment_id)}/stop-sharing`,
          {}, { token: stored.access_token });
        await replaceKeptCopies(updated, language());
        app.flash = "unshared";
        app.rerender();
      } catch (error) {
        box.append(h("p", { class: "error", role: "alert" }, error instanceof OfflineError
          ? t("There is no connection. Please try again when you are online.") : error.message));
      }
    }));
  return button;
}
