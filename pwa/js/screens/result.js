/**
 * The result: red-flag symptoms first and plainly, then the API's disclaimer, tumour markers
 * above their limit, each cancer (result/cancer.js), when to come back, and the advice
 * articles. The result and its access token are kept on the phone, in both languages once
 * fetched, so it opens offline; "delete my data" erases it on the server and here.
 */
import { h, replace } from "../common/dom.js";
import { formatDate, formatNumber, language, t } from "../common/i18n.js";
import { ApiError, OfflineError, deleteJson, getJson } from "../common/api.js";
import { confirmInPlace } from "../common/confirm.js";
import { cancerCard } from "../result/cancer.js";
import { articlesSection } from "../result/articles.js";
import { carrySection } from "../result/carry.js";
import { stopSharingButton } from "../result/sharing.js";
import { readAloudButton } from "../common/speech.js";
import { clearResult, loadResult, saveResult, setResultUnseen } from "../store.js";

// Printing shows the advice too, which sits in closed <details> on screen.
window.addEventListener("beforeprint", () => {
  for (const details of document.querySelectorAll("details")) details.open = true;
});

const fetchResult = (stored, lang) => getJson(`/api/v1/assessments/${encodeURIComponent(stored.assessment_id)}`,
  { token: stored.access_token, lang });

function redFlags(result) {
  if (!result.see_doctor_now) return null;
  return h("section", { class: "card red-flags", "aria-labelledby": "red-flags-title" },
    h("h2", { id: "red-flags-title" }, t("See a doctor now")),
    h("p", {}, result.red_flag_message),
    h("ul", {}, result.red_flags.map((flag) => h("li", {}, flag.text))));
}

function markers(result) {
  const above = result.tumour_markers_above_limit || [];
  if (!above.length) return null;
  return h("section", { class: "card markers", "aria-labelledby": "markers-title" },
    h("h2", { id: "markers-title" }, t("Test results above the laboratory's limit")),
    h("ul", {}, above.map((m) => h("li", {}, h("strong", {}, m.name), " ",
      m.upper_limit === null ? formatNumber(m.value, 2)
        : t("%(value)s (limit %(limit)s)", { value: formatNumber(m.value, 2), limit: formatNumber(m.upper_limit, 2) }),
      h("br"), m.text))));
}

function nextCheck(app, stored, result) {
  const sharing = result.shared_with_centre
    ? t("You chose to share this result with your community health centre. A family doctor there may contact you.")
    : t("You chose not to share this result. Only you can see it.");
  return h("section", { class: "card next" },
    h("h2", {}, t("What to do next")),
    result.next_assessment ? h("p", { class: "next-date" },
      t("Please come back for a new check on %(date)s.", { date: formatDate(result.next_assessment.due) })) : null,
    h("p", {}, sharing), stopSharingButton(app, stored, result));
}

/** What 朗读 reads: the red-flag message, then each cancer's level in words. */
function summaryText(result) {
  const parts = result.see_doctor_now ? [result.red_flag_message] : [];
  for (const cancer of result.cancers) parts.push(`${cancer.name}。${t("Risk level:")}${cancer.band_label}。${cancer.band_text}`);
  return parts.join(" ");
}

function deleteButton(app, stored) {
  const button = h("button", { type: "button", class: "button danger" }, t("Delete my data"));
  button.addEventListener("click", () => confirmInPlace(button,
    t("Delete your answers and your result from the service and from this phone? This cannot be undone."),
    t("Yes, delete"), t("No, keep them"), async (box) => {
      try {
        await deleteJson(`/api/v1/assessments/${encodeURIComponent(stored.assessment_id)}`, { token: stored.access_token });
      } catch (error) {
        if (!(error instanceof ApiError && [401, 404].includes(error.status))) {  // gone already: fine
          box.append(h("p", { class: "error", role: "alert" }, error instanceof OfflineError
            ? t("There is no connection. Please try again when you are online.") : error.message));
          return;
        }
      }
      await clearResult();
      app.go("deleted");
    }));
  return button;
}

function actions(app, stored) {
  return h("div", { class: "actions no-print" },
    h("button", { type: "button", class: "button secondary", onclick: () => window.print() }, t("Print")),
    h("button", { type: "button", class: "button secondary", onclick: () => app.go("start") }, t("Do the check again")),
    deleteButton(app, stored));
}

function draw(app, stored, result) {
  const sent = app.flash === "sent";
  const unshared = app.flash === "unshared";
  app.flash = null;
  replace(app.main,
    sent ? h("p", { class: "status sent", role: "status" }, t("Sent. Your answers have arrived and your result is kept on this phone.")) : null,
    unshared ? h("p", { class: "status sent", role: "status" }, t("Sharing stopped. Your family doctor no longer sees this result.")) : null,
    h("h1", {}, t("Your result")),
    h("p", { class: "meta" }, t("Checked on %(date)s", { date: formatDate(result.created_at) })),
    readAloudButton(() => summaryText(result)),
    redFlags(result),
    h("p", { class: "disclaimer" }, result.disclaimer),
    markers(result),
    result.cancers.map(cancerCard),
    nextCheck(app, stored, result),
    articlesSection(result.articles),
    carrySection(stored, result),
    actions(app, stored));
}

/** Fetch the other language's copy while online, so a language switch works offline later. */
async function keepOtherLanguage(stored, lang) {
  const other = lang === "en" ? "zh-CN" : "en";
  if (stored.byLang?.[other]) return;
  try { await saveResult(await fetchResult(stored, other), other); } catch { /* offline: later */ }
}

/** No result on this phone (never sent, deleted, or done with the doctor on paper). */
function nothingStored(app) {
  replace(app.main, h("h1", {}, t("Your result")),
    h("p", {}, t("There is no result kept on this phone.")),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "button secondary", onclick: () => app.go("open") },
        t("I have a result code")),
      h("button", { type: "button", class: "button secondary", onclick: () => app.go("start") },
        t("Back to the start"))));
}

export async function render(app) {
  const stored = await loadResult();
  if (!stored) return nothingStored(app);
  const lang = language();
  let result = stored.byLang?.[lang];
  if (!result) {
    try {
      result = await fetchResult(stored, lang);
      await saveResult(result, lang);
    } catch (error) {
      if (error instanceof ApiError && [401, 404].includes(error.status)) {
        await clearResult();
        return app.go("deleted");
      }
      return replace(app.main, h("h1", {}, t("Your result")),
        h("p", {}, t("Your result is saved on this phone in the other language. Connect to the internet to see it in this language, or switch the language back.")));
    }
  }
  draw(app, stored, result);
  await setResultUnseen(false);
  keepOtherLanguage(await loadResult(), lang);
}
