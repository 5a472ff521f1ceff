/** "integer": a whole number in minValue–maxValue. Mirrors IntegerType (backend/questionnaires/types.py). */
import { t } from "../common/i18n.js";
import { checkRange, renderNumber, typingProblem } from "../questionnaire/number.js";

export const name = "integer";
export const answerable = true;

export const bounds = (item) => [item.minValue ?? -Infinity, item.maxValue ?? Infinity];
const message = (min, max) => t("Enter a whole number between %(min)s and %(max)s.", { min, max });

export function check(item, raw) {
  const [low, high] = bounds(item);
  return checkRange(raw, low, high, true, message);
}

/** An error worth showing before the resident has finished typing, or null. */
export function typingError(item, raw) {
  const [low, high] = bounds(item);
  return typingProblem(raw, low, high, true) ? check(item, raw).error : null;
}

export function render(item, value, onChange) {
  return renderNumber(item, value, onChange, { inputmode: "numeric" });
}
