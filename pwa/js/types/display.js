/** "display": text shown with no answer. Mirrors DisplayType in backend/questionnaires/types.py. */
import { h } from "../common/dom.js";

export const name = "display";
export const answerable = false;

export function render(item) {
  return { element: h("p", { class: "display-text", "data-link-id": item.linkId }, item.text || "") };
}
