/**
 * "birth_year": the year of birth, between this year − maxAge and this year − minAge (the
 * phone's clock stands in for the server's; they agree except around New Year's Eve, when
 * the server's answer wins). Mirrors BirthYearType (backend/questionnaires/types.py).
 */
import { t } from "../common/i18n.js";
import { checkRange, renderNumber, typingProblem } from "../questionnaire/number.js";

export const name = "birth_year";
export const answerable = true;

function bounds(item, context) {
  const year = (context?.today || new Date()).getFullYear();
  return [year - item.maxAge, year - item.minAge];
}

const message = (min, max) => t("Enter the year you were born, between %(min)s and %(max)s.", { min, max });

export function check(item, raw, context) {
  const [low, high] = bounds(item, context);
  return checkRange(raw, low, high, true, message);
}

export function typingError(item, raw, context) {
  const [low, high] = bounds(item, context);
  return typingProblem(raw, low, high, true) ? check(item, raw, context).error : null;
}

export function render(item, value, onChange) {
  return renderNumber(item, value, onChange, { inputmode: "numeric", autocomplete: "bday-year" });
}
