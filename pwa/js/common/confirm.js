/**
 * An inline "are you sure?" in place of window.confirm(), which cannot be styled for large
 * text, is blocked in some in-app browsers and reads the page's address to the resident.
 */
import { h } from "./dom.js";

/**
 * Put a question with Yes/No buttons where `trigger` was; restores it on No. `extra` (a node,
 * such as a field to fill in) goes between the question and the buttons.
 */
export function confirmInPlace(trigger, question, yesLabel, noLabel, onYes, extra = null) {
  const no = h("button", { type: "button", class: "button secondary" }, noLabel);
  const yes = h("button", { type: "button", class: "button danger" }, yesLabel);
  const box = h("div", { class: "confirm", role: "group", "aria-label": question },
    h("p", { class: "confirm-question" }, question), extra, h("div", { class: "actions" }, yes, no));
  trigger.replaceWith(box);
  yes.focus();
  no.addEventListener("click", () => { box.replaceWith(trigger); trigger.focus(); });
  yes.addEventListener("click", async () => {
    yes.disabled = no.disabled = true;
    try { await onYes(box); } finally { yes.disabled = no.disabled = false; }
  });
  return box;
}
