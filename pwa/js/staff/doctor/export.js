/**
 * "Export CSV": downloads the filtered worklist (UTF-8 with BOM, so Excel opens the Chinese
 * correctly). The file is fetched with the session cookie, then saved through a blob link, so
 * an expired session shows the sign-in form instead of saving an error page as a CSV.
 */
import { h } from "../../common/dom.js";
import { ApiError } from "../../common/api.js";

export function exportButton(filters, { api, t }) {
  const status = h("span", { class: "error-text", role: "alert" });
  const button = h("button", { type: "button", class: "button", id: "export-csv" }, t("Export CSV"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = "";
    try {
      const { blob, filename } = await api.download(`/api/v1/doctor/worklist.csv?${filters}`);
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
