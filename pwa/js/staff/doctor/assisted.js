/**
 * Assessment at the centre: the doctor fills the residents' questionnaire with the resident
 * (the same question modules and show-if logic as the residents' app, one long form instead of
 * one question per screen), records that the resident agreed, submits, and prints the result
 * for the resident on one A4 page (papers.js) with the centre's name and phone, any marker
 * above its limit and the short result code with its QR, their key to read or delete it later. The centre and the sharing answer are the doctor's centre and "yes": that
 * is what the resident agreed to at the desk (the server sets them too). Answers stay in this
 * page's memory only, never in the browser's storage of a shared computer.
 */
import { h, replace } from "../../common/dom.js";
import { language } from "../../common/i18n.js";
import { ApiError } from "../../common/api.js";
import { checkAnswer, evaluate, indexDefinition, isBlank } from "../../questionnaire/logic.js";
import { setError } from "../../questionnaire/field.js";
import { typeOf } from "../../questionnaire/registry.js";
import { printout } from "./papers.js";

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

/** After submitting: the resident's one-page printout (centre, markers, short code + QR),
 * the same paper as the resident's papers screen, and the way on. The short code replaces
 * the long number and token: it opens the result on the resident's phone. */
async function resultPage(result, ctx, restart) {
  const { api, t } = ctx;
  const id = encodeURIComponent(result.assessment_id);
  const data = await api.get(`/api/v1/doctor/assessments/${id}/papers`);
  return [h("div", { id: "assisted-result" }, printout(data, t)),
    h("div", { class: "actions no-print" },
      h("a", { class: "button", href: `#/doctor/assessments/${id}/papers` }, t("Referral letters and phone script")),
      h("a", { class: "button", href: `#/doctor/assessments/${id}` }, t("Open in the worklist")),
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
    const { access_token: _token, ...result } = response;  // the printout carries the short code
    await done(result);
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
    submit(form, data, ctx, async (result) => {
      replace(main, await resultPage(result, ctx, restart));
      main.querySelector("h2")?.focus();
    });
  });
  replace(main, h("h1", {}, t("Assessment at the centre")),
    h("p", { class: "lead" }, t("Fill in the questionnaire together with the resident. Nothing is saved until you submit.")), form);
}
