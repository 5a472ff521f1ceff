/**
 * A wide table in a box that scrolls sideways on a narrow screen. The box can take focus and
 * is a named region, so keyboard users can scroll it too (axe: scrollable-region-focusable).
 */
import { h } from "../common/dom.js";

export function tableBox(label, table) {
  return h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": label }, table);
}
