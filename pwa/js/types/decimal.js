/** "decimal": a number, fractions allowed, in minValue–maxValue. Mirrors DecimalType (backend). */
import { checkRange, decimalMessage, formatBound, renderNumber, typingProblem } from "../questionnaire/number.js";

export const name = "decimal";
export const answerable = true;

const bounds = (item) => [item.minValue ?? -Infinity, item.maxValue ?? Infinity];

export function check(item, raw) {
  const [low, high] = bounds(item);
  // typed in another unit (斤): the range is said in that unit too (questionnaire/number.js)
  const factor = item.typedFactor || 1;
  return checkRange(raw, low, high, false, (min, max) => (factor === 1 ? decimalMessage(min, max)
    : decimalMessage(formatBound(low / factor), formatBound(high / factor))));
}

export function typingError(item, raw) {
  const [low, high] = bounds(item);
  return typingProblem(raw, low, high, false) ? check(item, raw).error : null;
}

export function render(item, value, onChange) {
  return renderNumber(item, value, onChange, { inputmode: "decimal" });
}
