/**
 * "group": a section holding other items. A top-level group is a part of the questionnaire
 * (its text is the screen's heading); a nested one titles its questions on the page.
 * Mirrors GroupType in backend/questionnaires/types.py.
 */
import { h } from "../common/dom.js";

export const name = "group";
export const answerable = false;

export function render(item) {
  return { element: h("h2", { class: "subsection" }, item.text || "") };
}
