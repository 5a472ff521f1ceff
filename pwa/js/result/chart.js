/**
 * The risk picture: two bars, "you" and "people of your age and sex", each with its number in
 * whole people written next to it, and the server's sentence saying the same in words. It
 * reads without colour: the bars differ in fill (solid against hatched), every value is
 * printed, and the sentence is the figure's caption, which is what a screen reader reads (the
 * bars are hidden from it). The numbers come from the API, which picks a denominator (1,000,
 * 10,000 …) at which two risks it calls different never print alike.
 */
import { h, svg } from "../common/dom.js";
import { t } from "../common/i18n.js";

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

function row(label, risk, text, scale, kind) {
  return h("div", { class: "bar-row" },
    h("div", { class: "bar-text" }, h("span", { class: "bar-label" }, label),
      h("span", { class: "bar-value" }, text)),
    bar(risk / scale, kind));
}

/** The figure for one cancer, or null when there is no model figure (age outside 40–74). */
export function riskChart(cancer) {
  const picture = cancer.picture;
  if (!picture) return null;
  const scale = Math.max(cancer.risk, cancer.average_risk) * 1.1;
  return h("figure", { class: "risk-chart" },
    h("div", { class: "bars", "aria-hidden": "true" },
      row(t("You"), cancer.risk, picture.you_text, scale, "you"),
      row(t("People of your age and sex"), cancer.average_risk, picture.average_text, scale, "average")),
    h("figcaption", {}, picture.text));
}
