/**
 * Follow-up: the history (newest first, never edited: a correction is a new record) and the
 * form to add one: contacted, booked, screened (with its result), declined or unreachable,
 * with the date and a note.
 */
import { h, replace } from "../../common/dom.js";
import { ApiError } from "../../common/api.js";
import { CANCERS, RESULTS, STATUSES, cancerName, day, resultName, statusName } from "./words.js";

function historyList(records, t) {
  if (!records.length) return h("p", { class: "muted", id: "follow-up-empty" }, t("No follow-up recorded yet."));
  const newestFirst = [...records].sort((a, b) => (b.date + b.recorded_at).localeCompare(a.date + a.recorded_at));
  return h("ol", { class: "history", id: "follow-up-history" }, newestFirst.map((r) => h("li", {},
    h("strong", {}, `${day(r.date)} · ${r.text}`),
    r.cancer ? ` · ${cancerName(r.cancer)}` : "",
    r.note ? h("div", {}, r.note) : null,
    h("div", { class: "muted" }, t("Recorded by %(who)s on %(date)s", { who: r.recorded_by, date: day(r.recorded_at) })))));
}

function choice(id, label, options, { required = false, blank = true } = {}) {
  return h("div", { class: "field" }, h("label", { for: id }, label),
    h("select", { id, name: id, required }, blank ? h("option", { value: "" }, "—") : null,
      options.map(([value, text]) => h("option", { value }, text))));
}

const today = () => new Date().toISOString().slice(0, 10);

function followUpForm(assessmentId, ctx, onSaved) {
  const { api, t } = ctx;
  const error = h("p", { class: "error-text", role: "alert" });
  const result = choice("fu-result", t("Screening result"), RESULTS.map((r) => [r, resultName(r)]));
  const form = h("form", { class: "card", id: "follow-up-form", novalidate: true, "aria-labelledby": "fu-title" },
    h("h3", { id: "fu-title" }, t("Record a follow-up")),
    h("div", { class: "inline-fields" },
      choice("fu-status", t("What happened"), STATUSES.map((s) => [s, statusName(s)]), { required: true }),
      h("div", { class: "field" }, h("label", { for: "fu-date" }, t("Date")),
        h("input", { id: "fu-date", name: "fu-date", type: "date", value: today(), max: today(), required: true })),
      choice("fu-cancer", t("For which cancer (optional)"), CANCERS.map((c) => [c, cancerName(c)])), result),
    h("div", { class: "field" }, h("label", { for: "fu-note" }, t("Note (optional)")),
      h("textarea", { id: "fu-note", name: "fu-note", rows: 3, maxlength: 2000 })),
    error, h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary" }, t("Save follow-up"))));
  const syncResult = () => { result.hidden = form["fu-status"].value !== "screened"; };
  form["fu-status"].addEventListener("change", syncResult);
  syncResult();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const status = form["fu-status"].value;
    if (!status) { error.textContent = t("Choose what happened."); form["fu-status"].focus(); return; }
    if (status === "screened" && !form["fu-result"].value) { error.textContent = t("Choose the screening result."); form["fu-result"].focus(); return; }
    const body = { status, date: form["fu-date"].value || today() };
    if (status === "screened") body.result = form["fu-result"].value;
    if (form["fu-cancer"].value) body.cancer = form["fu-cancer"].value;
    if (form["fu-note"].value.trim()) body.note = form["fu-note"].value.trim();
    try {
      const record = await api.post(`/api/v1/doctor/assessments/${encodeURIComponent(assessmentId)}/follow-ups`, body);
      form.reset();
      form["fu-date"].value = today();
      syncResult();
      onSaved(record);
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      const details = Object.values(failure.details || {}).flat().join(" ");
      error.textContent = details ? `${failure.message} ${details}` : failure.message;
    }
  });
  return form;
}

/** History and form; a saved record joins the history without reloading the page. */
export function followUpSection(detail, ctx) {
  const { t } = ctx;
  const records = [...detail.follow_ups];
  const status = h("p", { class: "status", role: "status" });
  const history = h("div", {}, historyList(records, t));
  const form = followUpForm(detail.result.assessment_id, ctx, (record) => {
    records.push(record);
    replace(history, historyList(records, t));
    status.textContent = t("Follow-up saved.");
  });
  return h("section", { id: "follow-up", "aria-labelledby": "follow-up-title" },
    h("h2", { id: "follow-up-title" }, t("Follow-up")),
    detail.overdue ? h("p", { class: "overdue" }, "⚠ " + t("Follow-up is overdue.")) : null,
    status, history, form);
}
