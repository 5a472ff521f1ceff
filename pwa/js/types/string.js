/**
 * "string": one line of text, at most maxLength characters (200 by default), spaces
 * collapsed. Mirrors StringType (backend/questionnaires/types.py).
 */
import { h } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { describedBy, errorLine, fieldIds, helpLine } from "../questionnaire/field.js";

export const name = "string";
export const answerable = true;
const DEFAULT_MAX_LENGTH = 200;

export function check(item, raw) {
  const limit = item.maxLength ?? DEFAULT_MAX_LENGTH;
  const text = typeof raw === "string" ? raw.split(/\s+/).filter(Boolean).join(" ") : "";
  return text && text.length <= limit ? { value: text }
    : { error: t("Enter text of at most %(max)s characters.", { max: limit }) };
}

/** Shared by tel: a labelled one-line text box. */
export function renderText(item, value, onChange, attrs) {
  const ids = fieldIds(item);
  const input = h("input", { id: ids.input, name: item.linkId, "aria-describedby": describedBy(item, ids),
    "aria-required": item.required ? "true" : false, ...attrs });
  input.value = value ?? "";
  input.addEventListener("input", () => onChange(input.value, "input"));
  input.addEventListener("blur", () => onChange(input.value, "blur"));
  const element = h("div", { class: "question text", "data-link-id": item.linkId },
    h("label", { class: "question-text", for: ids.input }, item.text), helpLine(item, ids), input,
    errorLine(ids));
  return { element, ids, focus: () => input.focus() };
}

export function render(item, value, onChange) {
  const personalName = item.linkId.includes("name");
  return renderText(item, value, onChange, { type: "text", maxlength: item.maxLength ?? DEFAULT_MAX_LENGTH,
    autocomplete: personalName ? "name" : "off" });
}
