/**
 * A question screen: one question (or a few read together, see pages.js), its section as the
 * heading, progress, Back and Next. Every change is saved on the phone at once, show-if logic
 * is applied as the resident answers, and mistakes are shown as they type when more typing
 * cannot fix them; "Please answer this question" waits until they press Next.
 */
import { h, replace } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { clearAnswersButton } from "../questionnaire/clear.js";
import { checkAnswer, evaluate, isBlank } from "../questionnaire/logic.js";
import { setError } from "../questionnaire/field.js";
import { buildPages, pageIndexOf, pageKey, sectionOf, subsectionOf, visiblePages, visibleSections } from "../questionnaire/pages.js";
import { typeOf } from "../questionnaire/registry.js";
import { readAloudButton, stopReading } from "../common/speech.js";

/** "Part 2 of 9" (the sections, which do not jump as answers add or skip questions), and a
 * bar of the screens passed. */
function progress(part, parts, position, total) {
  const label = t("Part %(n)s of %(total)s", { n: part, total: parts });
  return h("div", { class: "progress" }, h("p", { id: "progress-label" }, label),
    h("progress", { max: String(total), value: String(position), "aria-labelledby": "progress-label" }));
}

/**
 * Normal mode: a tap that completes the screen moves on by itself (one tap, not two): every
 * question on it is a choice, answered, and a multiple choice only by its "None of these".
 * Not when a notice is showing (it must be read), not in elder mode (one question a screen,
 * moved on with Next, at the resident's own pace).
 */
function completesScreen(blocks, state) {
  const shown = blocks.filter((b) => b.ids && typeOf(b.item).answerable && state.enabled[b.item.linkId]);
  return shown.length > 0 && shown.every((b) => {
    const { item } = b;
    const value = state.cleaned[item.linkId];
    if (item.type !== "choice" || state.errors[item.linkId] || value === undefined || b.noticeShown?.()) return false;
    if (!item.repeats) return true;
    const exclusive = (item.answerOption || []).filter((o) => o.exclusive).map((o) => o.code);
    return value.length === 1 && exclusive.includes(value[0]);
  });
}

/** Blocks for the page's items; nested groups get their title above their first item. */
function buildBlocks(app, page, onChange) {
  const blocks = [];
  const titled = new Set();
  for (const item of page) {
    const group = subsectionOf(app.index, item);
    if (group && !titled.has(group.linkId)) {
      titled.add(group.linkId);
      blocks.push({ item: group, ...typeOf(group).render(group) });
    }
    const block = typeOf(item).render(item, app.draft.answers[item.linkId],
      (value, why) => onChange(item, value, why));
    blocks.push({ item, ...block });
  }
  return blocks;
}

export async function render(app, key) {
  if (!app.prefs.consent) return app.go("start");
  await app.ensureQuestionnaire();
  const draft = await app.ensureDraft();
  const pages = buildPages(app.index, app.prefs.elder);
  let state = evaluate(app.index, draft.answers);
  const visible = visiblePages(pages, state.enabled);
  const wanted = Math.max(0, pageIndexOf(pages, key));
  const index = visible.includes(wanted) ? wanted : visible.find((i) => i > wanted);
  if (index === undefined) return app.go("review");
  if (index !== wanted || pageKey(pages[index]) !== key) return app.go(`q/${pageKey(pages[index])}`);
  const page = pages[index];
  draft.page = pageKey(page);
  await app.saveDraft();

  const answerable = (b) => b.ids && typeOf(b.item).answerable;
  const showEnabled = () => {
    for (const b of blocks) b.element.hidden = !state.enabled[b.item.linkId];
  };
  const onChange = (item, value, why) => {
    draft.answers[item.linkId] = value;
    app.saveDraft();
    state = evaluate(app.index, draft.answers);
    showEnabled();
    const block = blocks.find((b) => b.item === item);
    const type = typeOf(item);
    let message = null;
    if (why === "input") message = type.typingError?.(item, value, state.context) || null;
    else if (!isBlank(value)) message = checkAnswer(item, value, state.context).error || null;
    setError(block.element, block.ids, message);
    if (!app.prefs.elder && why === "change" && completesScreen(blocks, state)) {
      clearTimeout(advance);
      // a moment to see the tick; a second tap on another option within it restarts the wait
      advance = setTimeout(() => { if (location.hash === `#/q/${pageKey(page)}`) moveOn(); }, 400);
    }
  };
  let advance = null;
  const blocks = buildBlocks(app, page, onChange);
  showEnabled();

  const next = (event) => {
    event.preventDefault();
    clearTimeout(advance);
    moveOn();
  };
  const moveOn = () => {
    state = evaluate(app.index, draft.answers);
    const wrong = blocks.filter((b) => answerable(b) && state.enabled[b.item.linkId] && state.errors[b.item.linkId]);
    for (const b of blocks.filter(answerable)) setError(b.element, b.ids, wrong.includes(b) ? state.errors[b.item.linkId] : null);
    if (wrong.length) return wrong[0].focus();
    const after = visiblePages(pages, state.enabled).find((i) => i > index);
    app.go(after === undefined ? "review" : `q/${pageKey(pages[after])}`);
  };
  const back = () => {
    const before = visiblePages(pages, state.enabled).filter((i) => i < index).pop();
    app.go(before === undefined ? "start" : `q/${pageKey(pages[before])}`);
  };

  const section = sectionOf(app.index, page[0]);
  const sections = visibleSections(app.index, pages, visible);
  // a section's instruction ("answer from tests in the past year") on its first screen
  const firstOfSection = visible.find((i) => sectionOf(app.index, pages[i][0]) === section) === index;
  // 朗读: the questions on this screen and their choices, as shown (hidden ones left out)
  const readText = () => blocks.filter((b) => !b.element.hidden).map((b) => b.element.innerText).join("\n");
  stopReading();
  const form = h("form", { class: "question-form", novalidate: true, onsubmit: next },
    blocks.map((b) => b.element),
    h("div", { class: "actions nav" },
      h("button", { type: "submit", class: "button primary" }, t("Next")),
      h("button", { type: "button", class: "button secondary", onclick: back }, t("Back"))));
  replace(app.main, h("p", { class: "eyebrow" }, t("Cancer risk check")), h("h1", {}, section.text),
    progress(sections.indexOf(section) + 1, sections.length, visible.indexOf(index) + 1, visible.length),
    firstOfSection && section.help ? h("p", { class: "section-help" }, section.help) : null,
    readAloudButton(readText), form, clearAnswersButton(app));

  if (app.pendingErrors) {  // sent back from "ready to send", or refused by the server
    for (const b of blocks.filter(answerable)) setError(b.element, b.ids, app.pendingErrors[b.item.linkId]);
    app.pendingErrors = null;
  }
}
