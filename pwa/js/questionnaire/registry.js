/**
 * The question-type registry: one module per type name of the questionnaire format, named as
 * in backend/questionnaires/types.py (tests/browser/test_contract.py keeps the two in step).
 */
import * as birthYear from "../types/birth_year.js";
import * as choice from "../types/choice.js";
import * as decimal from "../types/decimal.js";
import * as display from "../types/display.js";
import * as group from "../types/group.js";
import * as integer from "../types/integer.js";
import * as string from "../types/string.js";
import * as tel from "../types/tel.js";

export const TYPES = Object.fromEntries(
  [group, display, choice, integer, decimal, string, tel, birthYear].map((m) => [m.name, m]));

export function typeOf(item) {
  const type = TYPES[item.type];
  if (!type) throw new Error(`no module for question type ${item.type}`);
  return type;
}
