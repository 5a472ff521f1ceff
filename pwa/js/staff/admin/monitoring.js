/**
 * 模型监测 (model monitoring), for administrators: is each cancer's model right in this city?
 * Observed registry cancers against the cases the model expected, by band and by decile of
 * predicted risk, with exact intervals; a drift alert, or the plain sentence that there are
 * too few events to judge; the calibration plot as inline SVG (the table says the same in
 * numbers); detection yield of screening by priority tier; the model versions, and activating
 * a recalibrated one (results already given keep the version they were scored with).
 */
import { tableBox } from "../table.js";
import { h, replace, svg } from "../../common/dom.js";
import { confirmInPlace } from "../../common/confirm.js";
import { formatDate, formatNumber, language } from "../../common/i18n.js";
import { errorText } from "./forms.js";
import { CANCERS, bandName, cancerName } from "../doctor/words.js";

const TIERS = (t) => ({ 1: t("Urgent"), 2: t("Screening recommended"), 3: t("No action needed now") });

function verdictText(verdict, t) {
  return { drift: t("Drift"), ok: t("Agrees with the model"), too_few: t("Too few events to judge") }[verdict];
}

function interval(row) {
  if (row.oe === null || row.oe === undefined) return "—";
  const [open, close] = language() === "en" ? [" (", ")"] : ["（", "）"]; // Chinese brackets in Chinese
  return `${formatNumber(row.oe, 2)}${open}${formatNumber(row.oe_low, 2)}–${formatNumber(row.oe_high, 2)}${close}`;
}

function groupCells(row, t) {
  const f = row.findings || {};
  return [row.residents, row.screened, f.cancer_confirmed || 0, f.precancerous || 0, row.observed]
    .map((n) => h("td", { class: "num" }, formatNumber(n)))
    .concat(h("td", { class: "num" }, formatNumber(row.expected, 1)), h("td", { class: "num" }, interval(row)),
      h("td", { class: `verdict verdict-${row.verdict}` }, verdictText(row.verdict, t)));
}

function groupTable(id, caption, first, rows, label, t) {
  const heads = [first, t("Residents assessed"), t("Screened"), t("Cancers found at screening"),
    t("Precancerous lesions found"), t("Registry cancers within five years"), t("Expected cases"),
    t("Observed / expected (%(level)s interval)", { level: "95%" }), t("Verdict")];
  return tableBox(caption, h("table", { id },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, heads.map((text, i) => h("th", { scope: "col", class: i && i < 8 ? "num" : null }, text)))),
    h("tbody", {}, rows.map((row) => h("tr", {}, h("th", { scope: "row" }, label(row)), groupCells(row, t))))));
}

function verdictBox(data, t) {
  const n = data.min_events;
  if (data.alert) {
    return h("p", { id: "monitoring-verdict", class: "card drift-alert", role: "alert" },
      h("strong", {}, t("Drift alert:")), " ",
      data.held_out_check
        ? t("in at least one group the registry found more or fewer cancers than the risks residents were told, beyond chance (the interval excludes 1, with at least %(n)s cases). The serving version was recalibrated on these outcomes: see its check on the held-out half below.", { n })
        : t("in at least one group the registry found more or fewer cancers than the model expected, beyond chance (the interval excludes 1, with at least %(n)s cases). Consider recalibrating: flask models recalibrate --cancer %(cancer)s.", { n, cancer: data.cancer }));
  }
  if (data.too_few_events) {
    return h("p", { id: "monitoring-verdict", class: "card" },
      t("There are too few events to judge: fewer than %(n)s registry-diagnosed cancers in every group. The figures below are shown, but no conclusion can be drawn from them yet.", { n }));
  }
  return h("p", { id: "monitoring-verdict", class: "card" },
    t("No drift: in every group with at least %(n)s cases, the registry's count agrees with the model's expectation within chance.", { n }));
}

function heldOutBox(check, limits, t) {
  if (!check) return null;
  const [low, high] = limits.map((x) => formatNumber(x, 1));
  const verdict = !check.enough_events ? t("Too few events to judge")
    : check.within ? t("Within %(low)s–%(high)s", { low, high })
      : check.consistent ? t("Outside %(low)s–%(high)s, but the interval includes 1: this many cases cannot tell such an error from chance", { low, high })
        : t("Outside %(low)s–%(high)s", { low, high });
  return h("p", { id: "held-out-check", class: "card" },
    t("The serving version on the held-out half of residents (not used to fit it), when it was fitted: observed / expected %(oe)s, calibration slope %(slope)s. %(verdict)s. flask models report checks it again on the outcomes known now.",
      { oe: interval(check), slope: check.calibration_slope === null ? "—" : formatNumber(check.calibration_slope, 2), verdict }));
}

/** Observed against predicted rate by decile, each with its interval; diagonal = perfect. */
function plot(deciles, t) {
  if (!deciles.length) return null;
  const size = 300, left = 70, pad = 20, bottom = 50;
  // Scaled to the points (not to the widest interval), on one scale for both axes so that the
  // diagonal means "exactly right"; an interval taller than the plot is cut at its edge.
  const top = Math.max(1e-6, ...deciles.map((d) => Math.max(d.predicted_rate, d.observed_rate))) * 1.15;
  const x = (v) => left + (Math.min(v, top) / top) * size, y = (v) => pad + size - (Math.min(v, top) / top) * size;
  const percent = (v) => `${formatNumber(v * 100, 2)}%`;
  const ticks = [0, top / 2, top];
  const width = left + size + pad, height = pad + size + bottom;
  return h("figure", { class: "card calibration-plot" },
    svg("svg", { class: "chart", id: "calibration-plot", viewBox: `0 0 ${width} ${height}`, width, height,
      role: "img", "aria-label": t("Calibration plot: observed against predicted rate in each decile of predicted risk; the same numbers are in the table.") },
    svg("line", { x1: x(0), y1: y(0), x2: x(top), y2: y(top), class: "diagonal" }),
    svg("line", { x1: x(0), y1: y(0), x2: x(top), y2: y(0), class: "axis" }),
    svg("line", { x1: x(0), y1: y(0), x2: x(0), y2: y(top), class: "axis" }),
    ticks.map((v) => [svg("text", { x: x(v), y: y(0) + 16, "text-anchor": "middle" }, percent(v)),
      svg("text", { x: x(0) - 6, y: y(v) + 4, "text-anchor": "end" }, percent(v))]),
    deciles.map((d) => [
      svg("line", { x1: x(d.predicted_rate), x2: x(d.predicted_rate), y1: y(d.observed_rate_high || 0), y2: y(d.observed_rate_low || 0), class: "interval" }),
      svg("circle", { cx: x(d.predicted_rate), cy: y(d.observed_rate), r: 4, class: "point" })]),
    svg("text", { x: x(top / 2), y: height - 8, "text-anchor": "middle" }, t("Predicted rate")),
    svg("text", { x: 14, y: y(top / 2), transform: `rotate(-90 14 ${y(top / 2)})`, "text-anchor": "middle" }, t("Observed rate (registry)"))),
    h("figcaption", { class: "legend" }, t("Each point is a tenth of residents by predicted risk; the line through it is its %(level)s interval; on the dashed diagonal the model is exactly right.", { level: "95%" })));
}

function tiersTable(tiers, t) {
  const names = TIERS(t);
  const share = (v) => (v === null ? "—" : `${formatNumber(v * 100, 1)}%`);
  return tableBox(t("Detection yield of screening by priority"), h("table", { id: "monitoring-tiers" },
    h("caption", {}, t("Detection yield of screening by priority")),
    h("thead", {}, h("tr", {}, [t("Priority"), t("Residents assessed"), t("Screened"), t("Cancers found at screening"),
      t("Cancer detection yield"), t("Cancers and precancerous lesions found")].map((text, i) => h("th", { scope: "col", class: i ? "num" : null }, text)))),
    h("tbody", {}, tiers.map((r) => h("tr", {}, h("th", { scope: "row" }, names[r.tier]),
      [r.residents, r.screened, r.cancers].map((n) => h("td", { class: "num" }, formatNumber(n))),
      h("td", { class: "num" }, share(r.cancer_yield)), h("td", { class: "num" }, share(r.lesion_yield)))))));
}

function versionsTable(data, ctx, say) {
  const { api, t } = ctx;
  const row = (v) => {
    const local = v.local_data;
    const origin = local ? t("Recalibrated on %(residents)s residents and %(events)s registry cancers (assessed %(start)s to %(end)s)",
      { residents: formatNumber(local.residents), events: formatNumber(local.events), start: formatDate(local.period_start), end: formatDate(local.period_end) })
      : t("Base model (simulated reference population)");
    const check = v.recalibration ? v.recalibration.held_out : null;
    const worse = v.fits_held_out_worse;
    const action = v.serving ? h("strong", {}, t("Serving"))
      : h("button", { type: "button", class: "button small" }, t("Activate"));
    if (!v.serving) {
      const names = { version: v.version, cancer: cancerName(data.cancer) };
      // a worse fit is served only when the admin says so here, knowingly (the API asks too)
      const question = worse
        ? t("%(version)s fits the held-out residents worse than the version it recalibrates. Serve it for %(cancer)s all the same, from the next assessment on? Results already given keep their version.", names)
        : t("Serve %(version)s for %(cancer)s from the next assessment on? Results already given keep their version.", names);
      action.addEventListener("click", () => confirmInPlace(action, question,
        worse ? t("Yes, serve it all the same") : t("Yes"), t("No"), async () => {
          try {
            await api.post(`/api/v1/admin/models/${data.cancer}/activate`, { version: v.version, accept_worse: worse });
            ctx.rerender();
          } catch (failure) { say(errorText(failure)); }
        }));
    }
    return h("tr", { class: worse ? "worse-fit" : null }, h("th", { scope: "row" }, h("code", {}, v.version)), h("td", {}, origin),
      h("td", {}, check ? t("Held-out O/E before %(before)s, after %(after)s", { before: interval(check.before), after: interval(check.after) }) : "—",
        worse ? h("p", { class: "warning" }, "⚠ ", t("Fits the held-out residents worse than before: keep the serving version.")) : null),
      h("td", {}, action));
  };
  return tableBox(t("Model versions"), h("table", { id: "model-versions" },
    h("caption", {}, t("Model versions")),
    h("thead", {}, h("tr", {}, [t("Version"), t("Fitted on"), t("Check on held-out residents"), t("Status")].map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, data.versions.map(row))));
}

function body(data, ctx, say) {
  const { t } = ctx;
  if (!data.period) return [h("p", { class: "card" }, t("No assessment has a model risk for this cancer yet."))];
  const registry = data.complete_to ? t("registry complete to %(date)s", { date: formatDate(data.complete_to) })
    : t("no registry data imported yet (flask outcomes import FILE)");
  return [
    h("p", { class: "lead" }, t("Residents assessed %(start)s to %(end)s; %(registry)s. Expected cases: each resident's predicted five-year risk over the follow-up actually observed (constant hazard).",
      { start: formatDate(data.period[0]), end: formatDate(data.period[1]), registry })),
    verdictBox(data, t), heldOutBox(data.held_out_check, data.held_out_limits, t),
    groupTable("monitoring-overall", t("All residents"), t("Group"), [data.overall], () => t("All"), t),
    groupTable("monitoring-bands", t("By band"), t("Band"), data.bands, (r) => bandName(r.band), t),
    h("div", { class: "monitoring-deciles" },
      groupTable("monitoring-deciles", t("By decile of predicted risk"), t("Decile"), data.deciles,
        (r) => t("Decile %(n)s", { n: r.decile }), t), plot(data.deciles, t)),
    tiersTable(data.tiers, t), versionsTable(data, ctx, say)];
}

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  const cancer = CANCERS.includes(params.query.get("cancer")) ? params.query.get("cancer") : "liver";
  const chooser = h("select", { id: "monitoring-cancer", name: "monitoring-cancer" },
    CANCERS.map((c) => h("option", { value: c }, cancerName(c))));
  chooser.value = cancer;
  chooser.addEventListener("change", () => ctx.navigate("admin/monitoring", { cancer: chooser.value }));
  const status = h("p", { class: "status", role: "status", id: "monitoring-status" });
  const box = h("div", { id: "monitoring-box", "aria-busy": "true" }, h("p", {}, t("Loading…")));
  replace(main, h("h1", {}, t("Model monitoring")),
    h("div", { class: "card field narrow" }, h("label", { for: "monitoring-cancer" }, t("Cancer")), chooser), status, box);
  const data = await api.get(`/api/v1/admin/monitoring?cancer=${cancer}`);
  replace(box, h("p", { class: "serving" }, t("Serving model version: %(version)s", { version: data.serving })),
    body(data, ctx, (text) => { status.textContent = text; }));
  box.removeAttribute("aria-busy");
}
