/**
 * Carry the result: the short code and its QR (on screen and on the printout), "save as
 * picture" and the system share sheet where the browser has one. Another phone opens the
 * result by scanning the QR or typing the code on #/open. The code is fetched once while
 * online and kept with the result (store.js), so it shows offline too.
 */
import { h, replace } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { postJson } from "../common/api.js";
import { saveShortCode } from "../store.js";
import { resultPicture } from "./picture.js";
import { qrSvg } from "./qr.js";

async function ensureShortCode(stored) {
  if (stored.short_code) return stored.short_code;
  const code = await postJson(`/api/v1/assessments/${encodeURIComponent(stored.assessment_id)}/short-code`,
    {}, { token: stored.access_token });
  await saveShortCode(stored.assessment_id, code);
  stored.short_code = code;
  return code;
}

function fileName(code) {
  return `zaoshai-${code.code}.png`;
}

/** Save the picture: the share sheet with the file where it can take one, else a download. */
async function savePicture(result, code, status) {
  const blob = await resultPicture(result, code);
  const file = new File([blob], fileName(code), { type: "image/png" });
  if (navigator.canShare?.({ files: [file] })) {
    try { await navigator.share({ files: [file], title: t("Your result") }); return; } catch { /* cancelled */ }
  }
  const link = h("a", { href: URL.createObjectURL(blob), download: fileName(code) });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  status.textContent = t("The picture is saved in your downloads.");
}

function shareButton(code) {
  if (!navigator.share) return null;
  return h("button", { type: "button", class: "button secondary", id: "share-result", onclick: async () => {
    try {
      await navigator.share({ title: t("Your result"), url: code.url,
        text: t("My cancer risk check result. Result code: %(code)s", { code: code.code }) });
    } catch { /* the resident closed the share sheet */ }
  } }, t("Send to family"));
}

function drawCode(box, result, code) {
  const status = h("p", { class: "status", role: "status" });
  replace(box,
    h("h2", {}, t("Open this result on another phone")),
    h("div", { class: "carry-code" },
      qrSvg(code.qr, t("QR code of your result code")),
      h("div", {},
        h("p", { class: "carry-label" }, t("Result code")),
        h("p", { class: "code-value short-code", id: "short-code" }, code.code))),
    h("p", {}, t("Scan the QR code with another phone's camera, or type the code under “I have a result code”. Keep it private: anyone with the code can read or delete your result.")),
    h("div", { class: "actions no-print" },
      h("button", { type: "button", class: "button secondary", id: "save-picture",
        onclick: () => savePicture(result, code, status) }, t("Save as picture")),
      shareButton(code)),
    status);
}

/** The section; filled in when the code is known (at once when kept, else after a fetch). */
export function carrySection(stored, result) {
  if (!stored.access_token) return null;
  const box = h("section", { class: "card carry", "aria-labelledby": "carry-title" });
  ensureShortCode(stored).then((code) => {
    drawCode(box, result, code);
    box.querySelector("h2").id = "carry-title";
  }).catch(() => {
    replace(box, h("h2", { id: "carry-title" }, t("Open this result on another phone")),
      h("p", {}, t("Connect to the internet to get the short code of this result.")));
  });
  return box;
}
