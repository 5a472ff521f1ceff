/**
 * How the questionnaire is cut into screens: one question per screen, except items the
 * questionnaire names the same `screen` (related short questions: fresh vegetables and fruit,
 * the periods, the children) and a few that are read as one (the smoking details, the two childbirth numbers, a tumour marker's value and
 * its laboratory limit, name and phone). Elder mode always shows one question per screen, as
 * the MIIT age-friendly requirements ask. A screen is skipped when none of its questions is
 * enabled, so the count of screens left changes as the resident answers.
 */
import { typeOf } from "./registry.js";

const NUMERIC = new Set(["integer", "decimal"]);
const MAX_PER_PAGE = 3;
const same = (a, b) => JSON.stringify(a || []) === JSON.stringify(b || []);

/** `next` follows up `last` on the same screen (the rules in the comment above). */
function belongsWith(page, next, index) {
  const last = page[page.length - 1];
  if (next.screen) return next.screen === last.screen;  // the questionnaire's own grouping
  const parent = index.parents[next.linkId];
  const when = next.enableWhen || [];
  const followsUp = (when.length === 1 || next.enableBehavior === "all") && when.some(
    (c) => c.operator === "exists" && c.answerBoolean === true && c.question === last.linkId);
  const numericSet = page.every((i) => NUMERIC.has(i.type) && same(i.enableWhen, next.enableWhen))
    && NUMERIC.has(next.type) && when.length > 0;
  const smallGroup = parent && index.parents[parent] && index.parents[last.linkId] === parent
    && (index.byLink[parent].item || []).length <= MAX_PER_PAGE;
  return page.length < MAX_PER_PAGE && (followsUp || numericSet || smallGroup);
}

/** Screens as lists of items; a nested group's title rides on its first screen. */
export function buildPages(index, elder) {
  const pages = [];
  for (const item of index.items) {
    if (!typeOf(item).answerable && item.type !== "display") continue;
    const page = pages[pages.length - 1];
    if (!elder && page && belongsWith(page, item, index)) page.push(item);
    else pages.push([item]);
  }
  return pages;
}

/** The top-level group an item belongs to: its text is the screen's heading. */
export function sectionOf(index, item) {
  let linkId = item.linkId;
  while (index.parents[linkId]) linkId = index.parents[linkId];
  return index.byLink[linkId];
}

/** The nested group (inside a section) that holds an item, if any. */
export function subsectionOf(index, item) {
  const parent = index.parents[item.linkId];
  return parent && index.parents[parent] ? index.byLink[parent] : null;
}

export const pageKey = (page) => page[0].linkId;

/** The sections (top-level groups) with at least one of the `visible` screens, in order. */
export function visibleSections(index, pages, visible) {
  const sections = [];
  for (const i of visible) {
    const section = sectionOf(index, pages[i][0]);
    if (!sections.includes(section)) sections.push(section);
  }
  return sections;
}

/** Indexes of the screens with at least one enabled question. */
export function visiblePages(pages, enabled) {
  return pages.map((page, i) => (page.some((item) => enabled[item.linkId]) ? i : -1)).filter((i) => i >= 0);
}

/** The screen holding `linkId` (a saved position survives a switch of elder mode). */
export function pageIndexOf(pages, linkId) {
  return pages.findIndex((page) => page.some((item) => item.linkId === linkId));
}
