/** "decimal": a number, fractions allowed, in minValue–maxValue. Mirrors DecimalType (backend). */
import { checkRange, decimalMessage, renderNumber, typingProblem } from "../questionnaire/number.js";

export const name = "decimal";
export const answerable = true;

const bounds = (item) => [item.minValue ?? -Infinity, item.maxValue ?? Infinity];

export function check(item, raw) {
  const [low, high] = bounds(item);
  return checkRange(raw, low, high, false, decimalMessage);
}

export function typingError(item, raw) {
  const [low, high] = bounds(item);
  return typingProblem(raw, low, high, false) ? check(item, raw).error : null;
}

export function render(item, value, onChange) {
  return renderNumber(item, value, onChange, { inputmode: "decimal" });
}
