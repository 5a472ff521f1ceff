/**
 * Follow-up: the plan (priority, why, next contact), the history (newest first, never edited:
 * a correction is a new record) and the form to add one. The status is one click; the next
 * contact date is filled in from it (contacted: in a week, booked: in two weeks, unreachable:
 * a retry in two days; screened and declined close the item and have none) and can be
 * changed; screened asks for each cancer's test, date and finding. "Save and next" opens the
 * next resident of the queue the doctor came from.
 */
import { h, replace } from "../../common/dom.js";
import { ApiError } from "../../common/api.js";
import { CANCER_TESTS, FINDINGS, STATUSES, cancerName, day, findingName, inDays, statusName, testName } from "./words.js";

const NEXT_CONTACT_DAYS = { contacted: 7, booked: 14, unreachable: 2 };

function historyList(records, t) {
  if (!records.length) return h("p", { class: "muted", id: "follow-up-empty" }, t("No follow-up recorded yet."));
  const newestFirst = [...records].sort((a, b) => (b.date + b.recorded_at).localeCompare(a.date + a.recorded_at));
  return h("ol", { class: "history", id: "follow-up-history" }, newestFirst.map((r) => h("li", {},
    h("strong", {}, `${day(r.date)} · ${r.text}`),
    r.cancer ? ` · ${cancerName(r.cancer)}` : "",
    r.next_contact ? " · " + t("Next contact %(date)s", { date: day(r.next_contact) }) : "",
    r.outcomes?.length ? h("ul", { class: "plain" }, r.outcomes.map((o) =>
      h("li", {}, o.cancer_name + t(": ") + [o.test_name, day(o.date), o.finding_text].join(t(", "))))) : null,
    r.note ? h("div", {}, r.note) : null,
    h("div", { class: "muted" }, t("Recorded by %(who)s on %(date)s", { who: r.recorded_by, date: day(r.recorded_at) })))));
}

function statusChoices(t) {
  return h("fieldset", { class: "choices", id: "fu-status" }, h("legend", {}, t("What happened")),
    STATUSES.map((s) => h("label", {}, h("input", { type: "radio", name: "fu-status", value: s, id: `fu-status-${s}` }),
      h("span", {}, statusName(s)))));
}

function outcomeRows(detail, t) {
  const cancers = detail.result.cancers.map((c) => c.cancer);
  return h("table", { class: "outcomes", id: "fu-outcomes" },
    h("caption", { class: "visually-hidden" }, t("Screening outcome per cancer")),
    h("thead", {}, h("tr", {}, [t("Cancer type"), t("Test done"), t("Date"), t("Finding")].map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", {}, cancers.map((cancer) => h("tr", { "data-cancer": cancer },
      h("th", { scope: "row" }, cancerName(cancer)),
      h("td", {}, h("select", { name: `test-${cancer}`, "aria-label": cancerName(cancer) + " " + t("Test done") },
        CANCER_TESTS[cancer].map((code) => h("option", { value: code }, testName(code))))),
      h("td", {}, h("input", { type: "date", name: `date-${cancer}`, value: inDays(0), max: inDays(0),
        "aria-label": cancerName(cancer) + " " + t("Date") })),
      h("td", {}, h("select", { name: `finding-${cancer}`, "aria-label": cancerName(cancer) + " " + t("Finding") },
        h("option", { value: "" }, t("Not screened")), FINDINGS.map((f) => h("option", { value: f }, findingName(f)))))))));
}

function followUpForm(detail, ctx, { onSaved, onNext }) {
  const { api, t } = ctx;
  const assessmentId = detail.result.assessment_id;
  const error = h("p", { class: "error-text", role: "alert" });
  const nextContact = h("input", { id: "fu-next", name: "fu-next", type: "date", min: inDays(0) });
  const nextField = h("div", { class: "field", id: "fu-next-field" }, h("label", { for: "fu-next" }, t("Next contact")), nextContact,
    h("div", { class: "quick-dates" }, [[2, t("In 2 days")], [7, t("In a week")], [14, t("In 2 weeks")], [30, t("In a month")]].map(([days, label]) => h("button", { type: "button", class: "button small",
      onclick: () => { nextContact.value = inDays(days); } }, label))));
  const outcomes = h("div", { id: "fu-outcomes-field", hidden: true }, h("h4", {}, t("Screening outcome per cancer")), outcomeRows(detail, t));
  const saveNext = h("button", { type: "submit", class: "button primary", id: "fu-save-next", value: "next" }, t("Save and next"));
  const form = h("form", { class: "card", id: "follow-up-form", "data-id": assessmentId, novalidate: true, "aria-labelledby": "fu-title" },
    h("h3", { id: "fu-title" }, t("Record a follow-up")),
    statusChoices(t),
    h("div", { class: "inline-fields" },
      h("div", { class: "field" }, h("label", { for: "fu-date" }, t("Date")),
        h("input", { id: "fu-date", name: "fu-date", type: "date", value: inDays(0), max: inDays(0), required: true })),
      nextField),
    outcomes,
    h("div", { class: "field" }, h("label", { for: "fu-note" }, t("Note (optional)")),
      h("textarea", { id: "fu-note", name: "fu-note", rows: 2, maxlength: 2000 })),
    error, h("div", { class: "actions" }, onNext ? saveNext : null,
      h("button", { type: "submit", class: onNext ? "button" : "button primary", id: "fu-save", value: "save" }, t("Save follow-up"))));
  const status = () => form.querySelector("input[name=fu-status]:checked")?.value || "";
  form.addEventListener("change", (event) => {
    if (event.target.name !== "fu-status") return;
    const s = status();
    nextField.hidden = !(s in NEXT_CONTACT_DAYS);
    nextContact.value = s in NEXT_CONTACT_DAYS ? inDays(NEXT_CONTACT_DAYS[s]) : "";
    outcomes.hidden = s !== "screened";
  });
  const chosenOutcomes = () => [...form.querySelectorAll("#fu-outcomes tbody tr")].map((tr) => {
    const cancer = tr.dataset.cancer;
    return { cancer, test: form[`test-${cancer}`].value, date: form[`date-${cancer}`].value, finding: form[`finding-${cancer}`].value };
  }).filter((o) => o.finding);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const s = status();
    if (!s) { error.textContent = t("Choose what happened."); form.querySelector("input[name=fu-status]").focus(); return; }
    const body = { status: s, date: form["fu-date"].value || inDays(0) };
    if (s in NEXT_CONTACT_DAYS && nextContact.value) body.next_contact = nextContact.value;
    if (s === "screened") {
      body.outcomes = chosenOutcomes();
      if (!body.outcomes.length) { error.textContent = t("Give the finding of at least one screened cancer."); return; }
    }
    if (form["fu-note"].value.trim()) body.note = form["fu-note"].value.trim();
    const next = event.submitter?.value === "next";
    try {
      const record = await api.post(`/api/v1/doctor/assessments/${encodeURIComponent(assessmentId)}/follow-ups`, body);
      form.reset();
      form["fu-date"].value = inDays(0);
      nextField.hidden = false;
      outcomes.hidden = true;
      onSaved(record);
      if (next) await onNext();
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      const details = Object.values(failure.details || {}).flat().join(" ");
      error.textContent = details ? `${failure.message} ${details}` : failure.message;
    }
  });
  return form;
}

function planLine(detail, t) {
  const q = detail.queue;
  if (!q) return null;
  const state = q.is_open
    ? (q.due_on ? t("Next contact %(date)s", { date: day(q.due_on) }) : t("No contact planned"))
    : t("Closed");
  return h("p", { id: "follow-up-plan" }, h("span", { class: `tier tier-${q.tier}` }, q.tier_text), " ",
    q.reasons.map((r) => r.text).join(t("; ")), q.reasons.length ? " · " : "", state,
    q.attempts ? " · " + t("%(n)s of 3 calls unanswered", { n: q.attempts }) : "");
}

/** Plan, history and form; a saved record joins the history without reloading the page. */
export function followUpSection(detail, ctx, options = {}) {
  const { t } = ctx;
  const records = [...detail.follow_ups];
  const status = h("p", { class: "status", role: "status" });
  const history = h("div", {}, historyList(records, t));
  const form = followUpForm(detail, ctx, {
    onNext: options.onNext,
    onSaved: (record) => {
      records.push(record);
      replace(history, historyList(records, t));
      status.textContent = t("Follow-up saved.");
    },
  });
  return h("section", { id: "follow-up", "aria-labelledby": "follow-up-title" },
    h("h2", { id: "follow-up-title" }, t("Follow-up")),
    planLine(detail, t),
    detail.overdue ? h("p", { class: "overdue" }, "⚠ " + t("Follow-up is overdue.")) : null,
    form, status, history);
}
