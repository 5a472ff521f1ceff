/**
 * Assessment at the centre: the doctor fills the residents' questionnaire with the resident
 * (the same question modules and show-if logic as the residents' app, one long form instead of
 * one question per screen), records that the resident agreed, submits, and prints the result
 * for the resident with their assessment number and access code, their only key to read or
 * delete it later. The centre and the sharing answer are the doctor's centre and "yes": that
 * is what the resident agreed to at the desk (the server sets them too). Answers stay in this
 * page's memory only, never in the browser's storage of a shared computer.
 */
import { h, replace } from "../../common/dom.js";
import { formatDate, language } from "../../common/i18n.js";
import { ApiError } from "../../common/api.js";
import { checkAnswer, evaluate, indexDefinition, isBlank } from "../../questionnaire/logic.js";
import { setError } from "../../questionnaire/field.js";
import { typeOf } from "../../questionnaire/registry.js";
import { cancerCard } from "../../result/cancer.js";

const QUESTIONNAIRE_ID = "cancer-risk";
const FIXED = ["centre", "share_with_doctor"];

/** Blocks for every item below the top-level sections, in document order. */
function buildBlocks(index, answers, onChange) {
  const blocks = [];
  for (const item of index.items) {
    const parent = index.parents[item.linkId];
    if (parent === null || FIXED.includes(item.linkId)) continue;  // sections are headings
    const type = typeOf(item);
    const block = type.answerable ? type.render(item, answers[item.linkId], (value, why) => onChange(item, value, why))
      : type.render(item);
    blocks.push({ item, section: sectionId(index, item), ...block });
  }
  return blocks;
}

function sectionId(index, item) {
  let linkId = item.linkId;
  while (index.parents[linkId]) linkId = index.parents[linkId];
  return linkId;
}

function consentBox(t) {
  return h("fieldset", { class: "card consent", id: "consent-box" },
    h("legend", {}, t("The resident's agreement")),
    h("p", {}, t("Before you start, tell the resident what this is: an estimate of their cancer risk, not a diagnosis. Their answers and result will be kept and shared with this centre's family doctors, and they can delete them later with the code on the printout.")),
    h("div", { class: "check" }, h("input", { type: "checkbox", id: "consent", name: "consent" }),
      h("label", { for: "consent" }, t("The resident agreed to this assessment and to sharing it with this centre."))));
}

function resultPage(result, token, ctx, restart) {
  const { t } = ctx;
  // the residents' screen that asks for the number and code (pwa/js/screens/open.js); the
  // code itself is never put in the address, which browsers keep in their history
  const link = `${location.origin}/#/open`;
  return [h("div", { class: "printable", id: "assisted-result" },
    h("h1", {}, t("Your cancer risk check")),
    h("p", {}, t("Checked on %(date)s", { date: formatDate(result.created_at) })),
    result.red_flags.length ? h("section", { class: "card red-flags" }, h("h2", {}, "⚠ " + t("Warning signs")),
      h("ul", {}, result.red_flags.map((f) => h("li", {}, f.text))), h("p", {}, result.red_flag_message)) : null,
    h("p", { class: "note" }, result.disclaimer),
    result.cancers.map(cancerCard),
    result.next_assessment ? h("p", {}, t("Please do the check again around %(date)s.", { date: formatDate(result.next_assessment.due) })) : null,
    h("section", { class: "card keep-code", "aria-labelledby": "code-title" },
      h("h2", { id: "code-title" }, t("Keep this paper safe")),
      h("p", {}, t("With the number and code below your result can be opened again or deleted. Keep them private: anyone with the code can read your result.")),
      h("dl", { class: "answers" },
        h("dt", {}, t("Assessment number")), h("dd", { class: "token", id: "assessment-number" }, result.assessment_id),
        h("dt", {}, t("Access code")), h("dd", { class: "token", id: "access-token" }, token),
        h("dt", {}, t("Website")), h("dd", { class: "token", id: "open-website" }, link)),
      h("p", {}, t("To see your result again, print it or delete it: open the website above on a phone or computer, type the assessment number and the access code exactly as printed (capital and small letters must match), then tap “Open my result”. A family member can do this for you.")))),
  h("div", { class: "actions no-print" },
    h("button", { type: "button", class: "button primary", onclick: () => window.print() }, t("Print for the resident")),
    h("a", { class: "button", href: `#/doctor/assessments/${encodeURIComponent(result.assessment_id)}` }, t("Open in the worklist")),
    h("button", { type: "button", class: "button", onclick: restart }, t("Start another assessment")))];
}

function showErrors(blocks, state) {
  const wrong = blocks.filter((b) => b.ids && typeOf(b.item).answerable && state.enabled[b.item.linkId] && state.errors[b.item.linkId]);
  for (const b of blocks.filter((x) => x.ids)) setError(b.element, b.ids, wrong.includes(b) ? state.errors[b.item.linkId] : null);
  return wrong;
}

async function submit(form, data, ctx, done) {
  const { api, t } = ctx;
  const error = form.querySelector("#assisted-error");
  error.textContent = "";
  if (!form.consent.checked) { error.textContent = t("Record the resident's agreement first."); form.consent.focus(); return; }
  const state = evaluate(data.index, data.answers);
  const wrong = showErrors(data.blocks, state);
  if (wrong.length) { error.textContent = t("Some answers are missing or need correcting (%(count)s).", { count: wrong.length }); wrong[0].focus(); return; }
  const body = { client_id: data.clientId, questionnaire_id: QUESTIONNAIRE_ID, questionnaire_version: data.definition.version,
    answers: state.cleaned, language: language(), resident_consented: true };
  try {
    const response = await api.post("/api/v1/doctor/assessments", body);
    const { access_token: token, ...result } = response;
    done(result, token);
  } catch (failure) {
    if (!(failure instanceof ApiError)) throw failure;
    if (failure.code === "invalid_answers") showErrors(data.blocks, { enabled: state.enabled, errors: failure.details });
    error.textContent = failure.message;
  }
}

export async function render(main, params, ctx) {
  const { api, t, user } = ctx;
  const definition = await api.get(`/api/v1/questionnaires/${QUESTIONNAIRE_ID}`);
  const index = indexDefinition(definition);
  const data = { definition, index, clientId: crypto.randomUUID(),
    answers: { centre: user.centre, share_with_doctor: "yes" }, blocks: [] };
  let state = evaluate(index, data.answers);
  const showEnabled = () => { for (const b of data.blocks) b.element.hidden = !state.enabled[b.item.linkId]; };
  const onChange = (item, value, why) => {
    data.answers[item.linkId] = value;
    state = evaluate(index, data.answers);
    showEnabled();
    const block = data.blocks.find((b) => b.item === item);
    let message = null;
    if (why === "input") message = typeOf(item).typingError?.(item, value, state.context) || null;
    else if (!isBlank(value)) message = checkAnswer(item, value, state.context).error || null;
    setError(block.element, block.ids, message);
  };
  data.blocks = buildBlocks(index, data.answers, onChange);
  showEnabled();
  const sections = index.definition.item.map((section) => h("section", { class: "card assisted-section", "aria-labelledby": `s-${section.linkId}` },
    h("h2", { id: `s-${section.linkId}` }, section.text), data.blocks.filter((b) => b.section === section.linkId).map((b) => b.element)));
  const form = h("form", { class: "assisted question-form", novalidate: true }, consentBox(t), sections,
    h("p", { class: "error-text", id: "assisted-error", role: "alert" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary" }, t("Submit the assessment"))));
  const restart = () => ctx.rerender();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(form, data, ctx, (result, token) => {
      replace(main, resultPage(result, token, ctx, restart));
      main.querySelector("h1")?.focus();
    });
  });
  replace(main, h("h1", {}, t("Assessment at the centre")),
    h("p", { class: "lead" }, t("Fill in the questionnaire together with the resident. Nothing is saved until you submit.")), form);
}
