/**
 * Programme figures by the month each event happened: assessed, shared, high risk per cancer,
 * followed up, screened, what screening found, and the rates (followed up, screened,
 * detection per screened). A table first (it is what screen readers and Excel users need),
 * then, for admins over all centres, the centres side by side, then a small bar chart of
 * assessed and shared per month; "Export CSV" saves the table. Doctors see their own centre;
 * admins pick one centre or all (the same module, given the centre list).
 */
import { tableBox } from "../table.js";
import { h, replace, svg } from "../../common/dom.js";
import { formatNumber } from "../../common/i18n.js";
import { downloadButton } from "../download.js";
import { CANCERS, RESULTS, cancerName, resultName } from "./words.js";

function columns(t) {
  return [
    [t("Assessments done"), (m) => m.assessed], [t("Shared with the centre"), (m) => m.shared],
    ...CANCERS.map((c) => [t("High risk of %(cancer)s", { cancer: cancerName(c) }), (m) => m.high_risk[c] || 0]),
    [t("Residents followed up"), (m) => m.followed_up], [t("Screened"), (m) => m.screened],
    ...RESULTS.map((r) => [t("Result: %(result)s", { result: resultName(r) }), (m) => (m.screening_results || {})[r] || 0]),
    [t("Followed up (rate)"), (m) => m.follow_up_rate, true], [t("Screened (rate)"), (m) => m.screening_rate, true],
    [t("Detection per screened"), (m) => m.detection_rate, true],
  ];
}

const cell = (value, isRate) => h("td", { class: "num" },
  isRate ? (value === null || value === undefined ? "—" : `${formatNumber(value * 100, 1)}%`) : formatNumber(value));

function figuresTable(data, t) {
  const cols = columns(t);
  const cells = (m) => cols.map(([, get, isRate]) => cell(get(m), isRate));
  return tableBox(t("Assessments per month"), h("table", { id: "figures" },
    h("caption", {}, t("Assessments per month")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("Calendar month")), cols.map(([label]) => h("th", { scope: "col", class: "num" }, label)))),
    h("tbody", {}, data.months.map((m) => h("tr", {}, h("th", { scope: "row" }, m.month), cells(m)))),
    h("tfoot", {}, h("tr", {}, h("th", { scope: "row" }, t("Total")), cells(data.totals)))));
}

/** Admins over all centres: one row per centre, the same columns, side by side. */
function centresTable(data, t) {
  if (!data.centres?.length) return null;
  const cols = columns(t);
  return tableBox(t("Centres side by side"), h("table", { id: "figures-centres" },
    h("caption", {}, t("Centres side by side")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("Centre")), cols.map(([label]) => h("th", { scope: "col", class: "num" }, label)))),
    h("tbody", {}, data.centres.map((c) => h("tr", {}, h("th", { scope: "row" }, c.centre_name),
      cols.map(([, get, isRate]) => cell(get(c), isRate)))))));
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
export async function drawFigures(box, centre, ctx) {
  const { api, t } = ctx;
  const query = centre ? `?centre=${encodeURIComponent(centre)}` : "";
  const data = await api.get(`/api/v1/figures${query}`);
  if (!data.months.length) { replace(box, h("p", { class: "card" }, t("No assessments recorded yet."))); return; }
  replace(box, h("p", { class: "muted" }, t("Each figure is counted in the month it happened (China time): an assessment when it was done, a follow-up or a screening when it was recorded. Rates: followed up ÷ shared, screened ÷ followed up, cancers found ÷ screened."),
    " ", downloadButton("export-figures", t("Export CSV"), () => `/api/v1/figures.csv${query}`, ctx)),
  figuresTable(data, t), centresTable(data, t), chart(data, t));
}

export async function render(main, params, ctx) {
  const { t, user } = ctx;
  const box = h("div", { id: "figures-box" });
  replace(main, h("h1", {}, t("Programme figures")),
    h("p", { class: "lead" }, t("Your centre: %(centre)s.", { centre: user.centre_name || user.centre })), box);
  await drawFigures(box, "", ctx);
}
