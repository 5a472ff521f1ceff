/**
 * The parts every question shares: ids that tie labels, help, unit and error to the input
 * (so a screen reader reads them together), the help line and the error line.
 */
import { h } from "../common/dom.js";

export function fieldIds(item) {
  const base = `q-${item.linkId}`;
  return { input: base, help: `${base}-help`, unit: `${base}-unit`, error: `${base}-error` };
}

/** The ids an input's aria-describedby lists: help and unit when present, and the error. */
export function describedBy(item, ids) {
  return [item.help && ids.help, item.unit && ids.unit, ids.error].filter(Boolean).join(" ");
}

export function helpLine(item, ids) {
  return item.help ? h("p", { class: "help", id: ids.help }, item.help) : null;
}

/** An empty error line; `setError` fills it. Announced politely, not as an alarm. */
export function errorLine(ids) {
  return h("p", { class: "error", id: ids.error, "aria-live": "polite", hidden: true });
}

/** Show or clear the message of a question block built with errorLine(). */
export function setError(block, ids, message) {
  const line = block.querySelector(`#${CSS.escape(ids.error)}`);
  line.textContent = message || "";
  line.hidden = !message;
  block.classList.toggle("invalid", Boolean(message));
  for (const input of block.querySelectorAll("input")) {
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
}
