/**
 * Number questions (integer, decimal, birth_year) share one text box: a text input with a
 * numeric keyboard rather than type="number", whose spinner, silent rounding and
 * locale-dependent parsing confuse people and hide what they typed. The checks mirror
 * backend/questionnaires/types.py: same ranges, same messages (same msgids).
 */
import { h } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { describedBy, errorLine, fieldIds, helpLine } from "./field.js";

/** Full-width digits and the ideographic full stop, as a Chinese keyboard may type them. */
export function normalise(raw) {
  return String(raw ?? "")
    .replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uff0e\u3002]/g, ".")
    .trim();
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** The number in `raw`, or null when it is not one (the server's float() parse). */
export function parse(raw) {
  const text = normalise(raw);
  if (!NUMBER.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** "40", "0.5": numbers written as the server's format_number writes them. */
export function formatBound(value) {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

/**
 * A mistake more typing cannot fix (letters, a number already too big, or as many digits as
 * the maximum and still too small), so it can be shown while the resident is still typing.
 */
export function typingProblem(raw, low, high, wholeOnly) {
  const text = normalise(raw);
  if (text === "" || text === "-" || text === "+") return false;
  const value = parse(text);
  if (value === null || (wholeOnly && !Number.isInteger(value))) return true;
  const digits = (n) => String(Math.trunc(Math.abs(n))).length;
  return value > high || (Number.isFinite(high) && digits(value) >= digits(high) && value < low);
}

/** `value` × `factor`, as the server's answer: at most 2 decimals, no float noise. */
function toUnit(raw, factor) {
  const value = parse(raw);
  return value === null || factor === 1 ? raw : String(Math.round(value * factor * 100) / 100);
}

/**
 * The unit after the box, or, with altUnits (公斤 or 斤), a choice of units: the resident types
 * in the one they know, the answer is kept and sent in the questionnaire's own unit.
 */
function unitPart(item, ids, input, onChange) {
  if (!item.altUnits) return item.unit ? h("span", { class: "unit", id: ids.unit }, item.unit) : null;
  const units = [{ unit: item.unit, factor: 1 }, ...item.altUnits];
  item.typedFactor = 1;
  const group = h("span", { class: "units", id: ids.unit, role: "radiogroup", "aria-label": t("Unit") },
    units.map((u, i) => {
      const radio = h("input", { type: "radio", name: `${item.linkId}-unit`, id: `${ids.input}-unit-${i}`, value: String(u.factor) });
      radio.checked = i === 0;
      radio.addEventListener("change", () => {
        const kept = toUnit(input.value, item.typedFactor);
        item.typedFactor = u.factor;
        const shown = parse(kept);
        if (shown !== null) input.value = String(Math.round((shown / u.factor) * 100) / 100);
        onChange(toUnit(input.value, u.factor), "blur");
      });
      return h("label", { class: "unit-option", for: radio.id }, radio, h("span", {}, u.unit));
    }));
  return group;
}

/** The label, box, unit, help and error of a number question. */
export function renderNumber(item, value, onChange, { inputmode, autocomplete }) {
  const ids = fieldIds(item);
  const input = h("input", {
    type: "text", id: ids.input, name: item.linkId, inputmode, autocomplete: autocomplete || "off",
    "aria-describedby": describedBy(item, ids), "aria-required": item.required ? "true" : false,
    enterkeyhint: "next", spellcheck: "false",
  });
  input.value = value ?? "";
  const typed = () => toUnit(input.value, item.typedFactor || 1);
  input.addEventListener("input", () => onChange(typed(), "input"));
  input.addEventListener("blur", () => onChange(typed(), "blur"));
  const unit = unitPart(item, ids, input, onChange);
  const element = h("div", { class: "question number", "data-link-id": item.linkId },
    h("label", { class: "question-text", for: ids.input }, item.text),
    helpLine(item, ids),
    h("div", { class: "number-row" }, input, unit),
    errorLine(ids));
  return { element, ids, focus: () => input.focus() };
}

/** Check a number within low–high; `message` is the type's own sentence for the range. */
export function checkRange(raw, low, high, wholeOnly, message) {
  const value = parse(raw);
  if (value === null || (wholeOnly && !Number.isInteger(value)) || value < low || value > high) {
    return { error: message(formatBound(low), formatBound(high)) };
  }
  return { value };
}

/** The sentence of the decimal type (also used by integer questions without bounds). */
export const decimalMessage = (min, max) => t("Enter a number between %(min)s and %(max)s.", { min, max });
