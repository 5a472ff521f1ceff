/**
 * "choice": one option (radio buttons) or, with repeats, several (check boxes). Mirrors
 * ChoiceType in backend/questionnaires/types.py: the answer is a code or a list of codes, and
 * an "exclusive" option ("None of these") cannot be chosen with another, which the boxes
 * enforce as they are ticked so the resident never sees that error. Native inputs inside big
 * labels: the whole row is the tap target and keyboards and screen readers work unchanged.
 */
import { h } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { errorLine, fieldIds, helpLine } from "../questionnaire/field.js";

export const name = "choice";
export const answerable = true;

const options = (item) => item.answerOption || [];

/** Same rules and messages as the server's ChoiceType.clean. */
export function check(item, raw) {
  const codes = new Set(options(item).map((o) => o.code));
  if (!item.repeats) {
    return typeof raw === "string" && codes.has(raw) ? { value: raw }
      : { error: t("Choose one of the options.") };
  }
  if (!Array.isArray(raw) || !raw.length || !raw.every((c) => codes.has(c))) {
    return { error: t("Choose one or more of the options.") };
  }
  const chosen = [...new Set(raw)];
  const exclusive = options(item).find((o) => o.exclusive && chosen.includes(o.code));
  if (exclusive && chosen.length > 1) {
    return { error: t("\"%(option)s\" cannot be chosen together with other answers.", { option: exclusive.display }) };
  }
  return { value: chosen };
}

/** The codes ticked after `code` changed, keeping exclusive options alone. */
function nextSelection(item, boxes, code) {
  const exclusive = new Set(options(item).filter((o) => o.exclusive).map((o) => o.code));
  const changed = boxes.find((b) => b.value === code);
  if (changed.checked) {
    for (const box of boxes) {
      if (box !== changed && (exclusive.has(code) || exclusive.has(box.value))) box.checked = false;
    }
  }
  return boxes.filter((b) => b.checked).map((b) => b.value);
}

/**
 * The notices of the chosen options (a symptom that needs a doctor), shown at once, on the
 * phone, offline as well: which clinic, how soon, when to call 120.
 */
function notices(item, chosen) {
  const shown = options(item).filter((o) => o.notice && chosen.includes(o.code));
  return shown.length ? [h("p", { class: "notice-title" }, t("Please see a doctor")),
    h("ul", {}, shown.map((o) => h("li", {}, o.notice))),
    h("p", {}, t("This does not mean you have cancer, but these signs need a doctor whatever your risk. You can go on with the questions."))] : [];
}

export function render(item, value, onChange) {
  const ids = fieldIds(item);
  const multiple = Boolean(item.repeats);
  const chosen = multiple ? value || [] : [value];
  const boxes = options(item).map((option) => {
    const input = h("input", { type: multiple ? "checkbox" : "radio", name: item.linkId,
      id: `${ids.input}-${option.code}`, value: option.code });
    input.checked = chosen.includes(option.code);
    return input;
  });
  const list = h("div", { class: "options" }, boxes.map((input, i) => h("label",
    { class: "option", for: input.id, "data-code": input.value }, input,
    h("span", {}, options(item)[i].display))));
  const withNotices = options(item).some((o) => o.notice);
  const noticeBox = withNotices ? h("div", { class: "symptom-notice", role: "alert", id: `${ids.input}-notice` }) : null;
  const showNotices = (codes) => {
    if (!noticeBox) return;
    noticeBox.replaceChildren(...notices(item, codes));
    noticeBox.hidden = !noticeBox.childNodes.length;
  };
  showNotices(chosen);
  list.addEventListener("change", (event) => {
    const answer = multiple ? nextSelection(item, boxes, event.target.value) : event.target.value;
    showNotices(multiple ? answer : [answer]);
    onChange(answer, "change");
  });
  const hint = multiple ? h("p", { class: "hint" }, t("Choose all that apply.")) : null;
  const describe = [item.help && ids.help, ids.error].filter(Boolean).join(" ");
  const element = h("fieldset", { class: "question choice", "data-link-id": item.linkId,
    "aria-describedby": describe },
  h("legend", { class: "question-text" }, item.text), helpLine(item, ids), hint, list, noticeBox, errorLine(ids));
  return { element, ids, focus: () => (boxes.find((b) => b.checked) || boxes[0])?.focus(),
    noticeShown: () => Boolean(noticeBox && !noticeBox.hidden) };
}
