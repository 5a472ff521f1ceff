/**
 * The review's summary: every answer by section, each changeable where it is (the question
 * opens in place, with the same checks as on its own screen). Changing an answer can bring
 * up or remove follow-up questions; a new one left unanswered is caught when sending
 * (screens/review.js sends the resident to it).
 */
import { h, replace } from "../common/dom.js";
import { formatNumber, language, t } from "../common/i18n.js";
import { checkAnswer, evaluate, isBlank } from "../questionnaire/logic.js";
import { setError } from "../questionnaire/field.js";
import { sectionOf } from "../questionnaire/pages.js";
import { typeOf } from "../questionnaire/registry.js";

/** The answer as the resident would say it: option names, a number with its unit. */
export function answerText(item, value) {
  if (item.type === "choice") {
    const names = Object.fromEntries((item.answerOption || []).map((o) => [o.code, o.display]));
    const list = new Intl.ListFormat(language(), { style: "narrow", type: "unit" });
    return list.format((Array.isArray(value) ? value : [value]).map((code) => names[code] || code));
  }
  if (typeof value === "number") return [formatNumber(value, 2), item.unit].filter(Boolean).join(" ");
  return String(value);
}

function row(app, item, onChanged) {
  const answer = h("dd", {}, answerText(item, evaluate(app.index, app.draft.answers).cleaned[item.linkId]));
  const change = h("button", { type: "button", class: "button link", "aria-label":
    t("Change: %(question)s", { question: item.text }) }, t("Change"));
  const line = h("div", { class: "summary-row", "data-link-id": item.linkId },
    h("dt", {}, item.text), answer, change);
  change.addEventListener("click", () => {
    const block = typeOf(item).render(item, app.draft.answers[item.linkId], (value) => {
      app.draft.answers[item.linkId] = value;
      app.saveDraft();
      const state = evaluate(app.index, app.draft.answers);
      setError(block.element, block.ids, isBlank(value) ? null : checkAnswer(item, value, state.context).error || null);
    });
    const done = h("button", { type: "button", class: "button secondary" }, t("Done"));
    done.addEventListener("click", () => {
      const state = evaluate(app.index, app.draft.answers);
      if (state.errors[item.linkId]) return setError(block.element, block.ids, state.errors[item.linkId]);
      onChanged();
    });
    replace(line, block.element, done);
    block.focus();
  });
  return line;
}

/** The summary element; `onChanged` redraws it (answers and follow-ups may have changed). */
export function answersSummary(app, onChanged) {
  const state = evaluate(app.index, app.draft.answers);
  const sections = new Map();
  for (const item of app.index.items) {
    if (!typeOf(item).answerable || !state.enabled[item.linkId] || state.cleaned[item.linkId] === undefined) continue;
    const section = sectionOf(app.index, item);
    if (!sections.has(section)) sections.set(section, []);
    sections.get(section).push(item);
  }
  return h("div", { class: "summary" }, [...sections].map(([section, items]) =>
    h("section", { class: "summary-section card", "aria-labelledby": `summary-${section.linkId}` },
      h("h2", { id: `summary-${section.linkId}` }, section.text),
      h("dl", {}, items.map((item) => row(app, item, onChanged))))));
}
