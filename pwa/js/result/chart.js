/**
 * The risk picture: two bars, "you" and "average for your age and sex", each with its number
 * written next to it, and a sentence saying the same in words. It reads without colour: the
 * bars differ in fill (solid against hatched), every value is printed, and the sentence is
 * the figure's caption, which is what a screen reader reads (the bars are hidden from it).
 */
import { h, svg } from "../common/dom.js";
import { formatNumber, t } from "../common/i18n.js";

/** A five-year risk (0–1) as "people in 1,000": one decimal below 10 so small risks differ. */
export function perThousand(risk) {
  const value = risk * 1000;
  return formatNumber(value, value < 10 ? 1 : 0);
}

let patternCount = 0;

function bar(fraction, kind) {
  const id = `hatch-${++patternCount}`;
  const width = Math.max(1, Math.min(100, fraction * 100));
  return svg("svg", { class: `bar bar-${kind}`, viewBox: "0 0 100 10", preserveAspectRatio: "none",
    "aria-hidden": "true", focusable: "false" },
  svg("defs", {}, svg("pattern", { id, width: "3", height: "10", patternUnits: "userSpaceOnUse",
    patternTransform: "rotate(45)" }, svg("line", { x1: "0", y1: "0", x2: "0", y2: "10", class: "hatch-line" }))),
  svg("rect", { class: "track", x: "0", y: "0", width: "100", height: "10" }),
  svg("rect", { class: "fill", x: "0", y: "0", width: String(width), height: "10",
    fill: kind === "average" ? `url(#${id})` : null }));
}

function row(label, risk, scale, kind) {
  return h("div", { class: "bar-row" },
    h("div", { class: "bar-text" }, h("span", { class: "bar-label" }, label),
      h("span", { class: "bar-value" }, t("%(n)s in 1,000", { n: perThousand(risk) }))),
    bar(risk / scale, kind));
}

/** The figure for one cancer, or null when there is no model figure (age outside 40–74). */
export function riskChart(cancer) {
  if (cancer.risk === null || cancer.risk === undefined) return null;
  const scale = Math.max(cancer.risk, cancer.average_risk) * 1.1;
  const sentence = t("Out of 1,000 people of your age and sex who answered like you, about %(you)s may get this cancer in the next 5 years. The average for your age and sex is %(average)s in 1,000.",
    { you: perThousand(cancer.risk), average: perThousand(cancer.average_risk) });
  return h("figure", { class: "risk-chart" },
    h("div", { class: "bars", "aria-hidden": "true" },
      row(t("You"), cancer.risk, scale, "you"),
      row(t("Average for your age and sex"), cancer.average_risk, scale, "average")),
    h("figcaption", {}, sentence));
}
