/**
 * "tel": a mainland Chinese mobile number, 11 digits starting with 1; spaces, dashes and a
 * +86 prefix are allowed and removed. Mirrors TelType (backend/questionnaires/types.py).
 */
import { t } from "../common/i18n.js";
import { normalise } from "../questionnaire/number.js";
import { renderText } from "./string.js";

export const name = "tel";
export const answerable = true;

export function check(item, raw) {
  let digits = typeof raw === "string" ? normalise(raw).replace(/[\s-]/g, "") : "";
  if (digits.startsWith("+86")) digits = digits.slice(3);
  else if (digits.startsWith("86") && digits.length === 13) digits = digits.slice(2);
  return /^1\d{10}$/.test(digits) ? { value: digits }
    : { error: t("Enter an 11-digit mobile number starting with 1.") };
}

export function render(item, value, onChange) {
  return renderText(item, value, onChange, { type: "tel", inputmode: "tel", autocomplete: "tel-national" });
}
