/**
 * Save a file the API makes (a CSV) through a blob link. The file is fetched with the session
 * cookie, so an expired session shows the sign-in form instead of saving an error page.
 */
import { h } from "../common/dom.js";
import { ApiError } from "../common/api.js";

/** A button that downloads `path()` (called at each click, so it can follow a form). */
export function downloadButton(id, label, path, { api, t }) {
  const status = h("span", { class: "error-text", role: "alert" });
  const button = h("button", { type: "button", class: "button", id }, label);
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = "";
    try {
      const { blob, filename } = await api.download(path());
      const url = URL.createObjectURL(blob);
      const link = h("a", { href: url, download: filename, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (error) {
      status.textContent = error instanceof ApiError ? error.message : t("No connection to the server. Check the network and try again.");
    } finally {
      button.disabled = false;
    }
  });
  return h("span", {}, button, " ", status);
}
