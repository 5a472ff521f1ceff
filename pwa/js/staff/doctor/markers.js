/**
 * Results the doctor enters: tumour markers (each kept; one above its limit makes the resident
 * urgent in the queue) and the history of the lab values entered for aMAP (newest first).
 */
import { h, replace } from "../../common/dom.js";
import { ApiError } from "../../common/api.js";
import { formatNumber } from "../../common/i18n.js";
import { MARKERS, day, inDays, markerName } from "./words.js";

function markerList(markers, t) {
  if (!markers.length) return h("p", { class: "muted", id: "markers-empty" }, t("No tumour marker entered yet."));
  return h("ul", { class: "plain", id: "marker-history" }, [...markers].reverse().map((m) => h("li", {},
    h("strong", {}, `${m.name} ${formatNumber(m.value, 2)}`),
    m.upper_limit !== null ? " (" + t("limit %(limit)s", { limit: formatNumber(m.upper_limit, 2) }) + ")" : "",
    m.above_limit ? h("span", { class: "overdue" }, " ⚠ ", t("Above the limit")) : "",
    h("span", { class: "muted" }, ` · ${day(m.measured_on || m.recorded_at)} · ${m.recorded_by}`))));
}

function labsList(history, t) {
  if (!history?.length) return null;
  return [h("h3", {}, t("Lab values entered")), h("ul", { class: "plain", id: "labs-history" }, history.map((l) => h("li", {},
    day(l.measured_on || l.recorded_at) + t(": "),
    [[t("Total bilirubin"), l.bilirubin_umol_l, "µmol/L"], [t("Albumin"), l.albumin_g_l, "g/L"], [t("Platelets"), l.platelets_10e9_l, "×10⁹/L"]]
      .map(([name, value, unit]) => `${name} ${formatNumber(value, 1)} ${unit}`).join(t("; ")),
    h("span", { class: "muted" }, ` · ${l.recorded_by}`))))];
}

function markerForm(detail, ctx, onSaved) {
  const { api, t } = ctx;
  const error = h("p", { class: "error-text", role: "alert" });
  const form = h("form", { class: "inline-fields", id: "marker-form", novalidate: true, "aria-label": t("Enter a tumour marker") },
    h("div", { class: "field" }, h("label", { for: "mk-marker" }, t("Marker")),
      h("select", { id: "mk-marker", name: "mk-marker" }, MARKERS.map((m) => h("option", { value: m }, markerName(m))))),
    h("div", { class: "field" }, h("label", { for: "mk-value" }, t("Value")),
      h("input", { id: "mk-value", name: "mk-value", type: "number", step: "any", min: "0", inputmode: "decimal" })),
    h("div", { class: "field" }, h("label", { for: "mk-limit" }, t("Upper limit (optional)")),
      h("input", { id: "mk-limit", name: "mk-limit", type: "number", step: "any", min: "0", inputmode: "decimal" })),
    h("div", { class: "field" }, h("label", { for: "mk-date" }, t("Measured on")),
      h("input", { id: "mk-date", name: "mk-date", type: "date", max: inDays(0) })),
    h("div", { class: "field" }, h("button", { type: "submit", class: "button" }, t("Save marker"))), error);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const value = form["mk-value"].value.trim();
    if (value === "" || Number.isNaN(Number(value))) { error.textContent = t("Enter the value as a number."); form["mk-value"].focus(); return; }
    const body = { marker: form["mk-marker"].value, value: Number(value) };
    if (form["mk-limit"].value.trim()) body.upper_limit = Number(form["mk-limit"].value);
    if (form["mk-date"].value) body.measured_on = form["mk-date"].value;
    try {
      onSaved(await api.post(`/api/v1/doctor/assessments/${encodeURIComponent(detail.result.assessment_id)}/markers`, body));
      form.reset();
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      const details = Object.values(failure.details || {}).flat().join(" ");
      error.textContent = details ? `${failure.message} ${details}` : failure.message;
    }
  });
  return form;
}

export function markersSection(detail, ctx) {
  const { t } = ctx;
  const markers = [...detail.markers];
  const list = h("div", {}, markerList(markers, t));
  const status = h("p", { class: "status", role: "status" });
  return h("section", { class: "card", id: "doctor-markers", "aria-labelledby": "doctor-markers-title" },
    h("h2", { id: "doctor-markers-title" }, t("Tumour markers and lab values")),
    list, markerForm(detail, ctx, (marker) => {
      markers.push(marker);
      replace(list, markerList(markers, t));
      status.textContent = t("Marker saved.");
    }), status, labsList(detail.labs_history, t));
}
