/**
 * The questionnaire's logic on the phone, mirroring backend/questionnaires/answers.py so the
 * resident sees the questions and the errors the server will apply: items are walked in
 * document order; an item is enabled when its group is, its minAge is met and its enableWhen
 * holds against the valid answers before it (an invalid or disabled answer counts as none).
 * Only the valid answers of enabled items are sent, as the server would keep them.
 */
import { t } from "../common/i18n.js";
import { TYPES, typeOf } from "./registry.js";

/** Items in document order with their parents and a lookup by linkId. */
export function indexDefinition(definition) {
  const items = [];
  const parents = {};
  const walk = (list, parent) => {
    for (const item of list || []) {
      items.push(item);
      parents[item.linkId] = parent;
      walk(item.item, item.linkId);
    }
  };
  walk(definition.item, null);
  const byLink = Object.fromEntries(items.map((item) => [item.linkId, item]));
  const birthYear = items.find((item) => item.type === "birth_year");
  return { definition, items, parents, byLink, birthYear };
}

export function isBlank(value) {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "")
    || (Array.isArray(value) && value.length === 0);
}

function conditionHolds(condition, cleaned) {
  const value = cleaned[condition.question];
  if (condition.operator === "exists") return (value !== undefined) === condition.answerBoolean;
  if (value === undefined) return false;
  const key = Object.keys(condition).find((k) => k.startsWith("answer"));
  let expected = condition[key];
  if (expected && typeof expected === "object") expected = expected.code;
  if (Array.isArray(value)) return value.includes(expected) === (condition.operator === "=");
  return { "=": value === expected, "!=": value !== expected, ">": value > expected,
    "<": value < expected, ">=": value >= expected, "<=": value <= expected }[condition.operator];
}

function itemEnabled(item, cleaned, age) {
  if ("minAge" in item && item.type !== "birth_year" && age !== null && age < item.minAge) return false;
  const conditions = item.enableWhen || [];
  if (!conditions.length) return true;
  const results = conditions.map((c) => conditionHolds(c, cleaned));
  return item.enableBehavior === "all" ? results.every(Boolean) : results.some(Boolean);
}

/** One answer checked as the server's _clean_one: its type's rules, then notAfterAge. */
export function checkAnswer(item, raw, context) {
  const result = typeOf(item).check(item, raw, context);
  if (!result.error && item.notAfterAge && context.age !== null && result.value > context.age) {
    return { error: t("This cannot be more than your age (%(age)s).", { age: context.age }) };
  }
  return result;
}

/** The age given by the birth-year answer, or null while it is missing or invalid. */
function ageFrom(index, answers, today) {
  const item = index.birthYear;
  if (!item || isBlank(answers[item.linkId])) return null;
  const result = TYPES.birth_year.check(item, answers[item.linkId], { today });
  return result.error ? null : today.getFullYear() - result.value;
}

/**
 * Everything the screens need from the answers so far: which items are enabled, the valid
 * answers (ready to send) and a message for each enabled item that is missing or wrong.
 */
export function evaluate(index, answers, today = new Date()) {
  const context = { today, age: ageFrom(index, answers, today) };
  const enabled = {};
  const cleaned = {};
  const errors = {};
  for (const item of index.items) {
    const parent = index.parents[item.linkId];
    enabled[item.linkId] = (parent === null || enabled[parent]) && itemEnabled(item, cleaned, context.age);
    if (!enabled[item.linkId] || !typeOf(item).answerable) continue;
    const raw = answers[item.linkId];
    if (isBlank(raw)) {
      if (item.required) errors[item.linkId] = t("Please answer this question.");
      continue;
    }
    const result = checkAnswer(item, raw, context);
    if (result.error) errors[item.linkId] = result.error;
    else cleaned[item.linkId] = result.value;
  }
  return { enabled, cleaned, errors, context };
}
