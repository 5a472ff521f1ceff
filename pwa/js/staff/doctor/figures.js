/**
 * Programme figures by month: assessed, shared, high risk per cancer, followed up, screened
 * and what screening found. A table first (it is what screen readers and Excel users need),
 * then a small bar chart of assessed and shared per month. Doctors see their own centre;
 * admins pick one centre or all (the same module, given the centre list).
 */
import { tableBox } from "../table.js";
import { h, replace, svg } from "../../common/dom.js";
import { formatNumber } from "../../common/i18n.js";
import { CANCERS, RESULTS, cancerName, resultName } from "./words.js";

function columns(t) {
  return [
    [t("Assessments done"), (m) => m.assessed], [t("Shared with the centre"), (m) => m.shared],
    ...CANCERS.map((c) => [t("High risk of %(cancer)s", { cancer: cancerName(c) }), (m) => m.high_risk[c] || 0]),
    [t("Residents followed up"), (m) => m.followed_up], [t("Screened"), (m) => m.screened],
    ...RESULTS.map((r) => [t("Result: %(result)s", { result: resultName(r) }), (m) => (m.screening_results || {})[r] || 0]),
  ];
}

function totalsRow(data, t) {
  const total = { ...data.totals, screening_results: {} };
  for (const m of data.months) for (const [r, n] of Object.entries(m.screening_results || {})) {
    total.screening_results[r] = (total.screening_results[r] || 0) + n;
  }
  return total;
}

function figuresTable(data, t) {
  const cols = columns(t);
  const cells = (m) => cols.map(([, get]) => h("td", { class: "num" }, formatNumber(get(m))));
  return tableBox(t("Assessments per month"), h("table", { id: "figures" },
    h("caption", {}, t("Assessments per month")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("Calendar month")), cols.map(([label]) => h("th", { scope: "col", class: "num" }, label)))),
    h("tbody", {}, data.months.map((m) => h("tr", {}, h("th", { scope: "row" }, m.month), cells(m)))),
    h("tfoot", {}, h("tr", {}, h("th", { scope: "row" }, t("Total")), cells(totalsRow(data, t))))));
}

/** Bars of assessed (outline) and shared (filled) per month; the table says the same in numbers. */
function chart(data, t) {
  const months = data.months.slice(-12);
  const max = Math.max(1, ...months.map((m) => m.assessed));
  const width = 60 * months.length + 40;
  const bar = (x, value, cls) => {
    const height = Math.round((value / max) * 140);
    return svg("rect", { x, y: 160 - height, width: 20, height, class: cls });
  };
  return h("figure", { class: "card" },
    svg("svg", { class: "chart", viewBox: `0 0 ${width} 190`, width, height: 190, role: "img",
      "aria-label": t("Bar chart of assessed and shared assessments per month; the same numbers are in the table.") },
    months.map((m, i) => [bar(30 + i * 60, m.assessed, "bar-assessed"), bar(52 + i * 60, m.shared, "bar-shared"),
      svg("text", { x: 30 + i * 60, y: 178 }, m.month)]),
    svg("line", { x1: 20, x2: width - 10, y1: 160, y2: 160, class: "axis" })),
    h("figcaption", { class: "legend" }, h("span", { class: "key key-assessed" }), t("Assessments done"), " ",
      h("span", { class: "key key-shared" }), t("Shared with the centre")));
}

/** Draw the figures of `centre` ("" = all centres for admins) into `box`. */
export async function drawFigures(box, centre, { api, t }) {
  const data = await api.get(`/api/v1/figures${centre ? `?centre=${encodeURIComponent(centre)}` : ""}`);
  if (!data.months.length) { replace(box, h("p", { class: "card" }, t("No assessments recorded yet."))); return; }
  replace(box, figuresTable(data, t), chart(data, t));
}

export async function render(main, params, ctx) {
  const { t, user } = ctx;
  const box = h("div", { id: "figures-box" });
  replace(main, h("h1", {}, t("Programme figures")),
    h("p", { class: "lead" }, t("Your centre: %(centre)s. Counted by the month of the assessment.", { centre: user.centre })), box);
  await drawFigures(box, "", ctx);
}
