/**
 * The result, summary first (result/summary.js): red-flag symptoms, every cancer at a glance
 * and the plan; then the disclaimer, tumour markers above their limit, each cancer's details
 * folded (result/cancer.js), and the advice articles (three shown, the rest one tap away; their
 * bodies fetched behind the drawn screen). The result and its access token are kept on the
 * phone, in both languages once fetched and with the advice's bodies, so it opens offline;
 * "delete my data" erases it on the server and here.
 */
import { h, replace } from "../common/dom.js";
import { formatDate, formatNumber, language, t } from "../common/i18n.js";
import { ApiError, OfflineError, deleteJson, getJson } from "../common/api.js";
import { confirmInPlace } from "../common/confirm.js";
import { cancerCard } from "../result/cancer.js";
import { addArticleBodies, articlesSection, drawArticleBodies } from "../result/articles.js";
import { glance, plan, redFlags } from "../result/summary.js";
import { carrySection } from "../result/carry.js";
import { stopSharingButton } from "../result/sharing.js";
import { readAloudButton } from "../common/speech.js";
import { addToKeptResult, clearResult, loadResult, setResultUnseen } from "../store.js";

// Printing shows the advice too, which sits in closed <details> on screen.
window.addEventListener("beforeprint", () => {
  for (const details of document.querySelectorAll("details")) details.open = true;
});

const fetchResult = (stored, lang) => getJson(`/api/v1/assessments/${encodeURIComponent(stored.assessment_id)}`,
  { token: stored.access_token, lang });

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

/**
 * What 朗读 reads: the red-flag message, each cancer's two statements (comparison with peers,
 * then screening status: never merged), then the plan.
 */
function summaryText(result) {
  const chinese = language().startsWith("zh");
  const [comma, stop] = chinese ? ["，", "。"] : [", ", ". "];
  const parts = result.see_doctor_now ? [result.red_flag_message] : [];
  for (const cancer of result.cancers) {
    parts.push([cancer.name, cancer.comparison_text, cancer.status_text].filter(Boolean).join(comma) + stop);
  }
  for (const line of result.plan.actions) parts.push(`${line.name}${comma}${line.text}`);
  if (result.plan.next) parts.push(result.plan.next);
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
    glance(result),
    plan(result, stopSharingButton(app, stored, result)),
    h("p", { class: "disclaimer" }, result.disclaimer),
    markers(result),
    h("h2", { class: "details-title" }, t("Each cancer in detail")),
    result.cancers.map((cancer) => h("details", { class: "cancer-details", id: `details-${cancer.cancer}` },
      h("summary", {}, cancer.name, " · ", cancer.status_text), cancerCard(cancer))),
    articlesSection(result.articles),
    carrySection(stored, result),
    actions(app, stored));
}

/** The advice's bodies, kept with the result at `revision` (drawn when it is on screen). */
async function keepArticleBodies(result, lang, onScreen, revision) {
  const before = (result.articles || []).filter((a) => a.html).length;
  const missing = await addArticleBodies(result, lang);
  if (onScreen) drawArticleBodies(result, missing);
  if ((result.articles || []).filter((a) => a.html).length > before) await addToKeptResult(result, lang, revision);
}

/** Fetch the other language's copy while online, so a language switch works offline later. */
async function keepOtherLanguage(stored, lang) {
  const other = lang === "en" ? "zh-CN" : "en";
  if (!stored || stored.byLang?.[other]) return; // deleted meanwhile, or already kept
  try {
    const result = await fetchResult(stored, other);
    const revision = stored.revision || 0;
    await addToKeptResult(result, other, revision);
    await keepArticleBodies(result, other, false, revision);
  } catch { /* offline: later */ }
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
  const revision = stored.revision || 0;
  let result = stored.byLang?.[lang];
  if (!result) {
    try {
      result = await fetchResult(stored, lang);
      await addToKeptResult(result, lang, revision);
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
  await keepArticleBodies(result, lang, true, revision);
  keepOtherLanguage(await loadResult(), lang);
}
