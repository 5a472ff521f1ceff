/**
 * Established scores beside ours (PLCOm2012, BCRAT, APCS, aMAP): each with its value and
 * category, the published threshold, our band for the same cancer, a note when the two
 * disagree, and the caveat that says why neither is the last word. Also the lab-value form
 * that aMAP needs (bilirubin, albumin, platelets): sent as a POST body, never in a URL.
 */
import { h, replace } from "../../common/dom.js";
import { formatNumber } from "../../common/i18n.js";
import { ApiError } from "../../common/api.js";
import { bandName, day, percent } from "./words.js";

/** PLCOm2012 and BCRAT give a risk (0-1); APCS points; aMAP a score. */
function valueText(score) {
  if (score.value === null || score.value === undefined) return "—";
  return ["plcom2012", "bcrat"].includes(score.score) ? percent(score.value) : formatNumber(score.value, 1);
}

function scoreCard(score, t) {
  const computed = score.status === "computed";
  return h("article", { class: "card score", id: `score-${score.score}` },
    h("h3", {}, score.name),
    h("dl", { class: "answers" },
      h("dt", {}, t("Their result")),
      h("dd", {}, computed ? h("strong", {}, valueText(score), score.category_text ? ` · ${score.category_text}` : "")
        : h("span", {}, t("Not computed"))),
      h("dt", {}, t("Threshold")), h("dd", {}, score.threshold),
      h("dt", {}, t("Our estimate")),
      h("dd", {}, h("span", { class: `badge badge-${score.our_band}` }, bandName(score.our_band)), " ",
        `${score.cancer_name} ${percent(score.our_risk)}`)),
    score.status_text ? h("p", { class: "muted" }, score.status_text) : null,
    score.note ? h("p", { class: "note" }, h("strong", {}, t("They disagree"), t(": ")), score.note) : null,
    h("p", { class: "muted caveat" }, h("strong", {}, t("Caveat"), t(": ")), score.caveat));
}

function labField(id, label, unit, value) {
  return h("div", { class: "field" }, h("label", { for: id }, label, h("span", { class: "hint" }, unit)),
    h("input", { id, name: id, type: "number", step: "any", min: "0", inputmode: "decimal", required: true,
      value: value ?? "" }));
}

/** The aMAP lab form; `onSaved(detail)` gets the detail recomputed by the server. */
function labsForm(detail, ctx, onSaved) {
  const { api, t } = ctx;
  const labs = detail.labs || {};
  const error = h("p", { class: "error-text", role: "alert" });
  const form = h("form", { class: "card", id: "labs-form", novalidate: true, "aria-labelledby": "labs-title" },
    h("h3", { id: "labs-title" }, t("Laboratory values for aMAP")),
    labs.recorded_at ? h("p", { class: "muted" }, t("Last entered %(date)s by %(who)s", { date: day(labs.recorded_at), who: labs.recorded_by })) : null,
    h("div", { class: "inline-fields" },
      labField("bilirubin", t("Total bilirubin"), "µmol/L", labs.bilirubin_umol_l),
      labField("albumin", t("Albumin"), "g/L", labs.albumin_g_l),
      labField("platelets", t("Platelets"), "×10⁹/L", labs.platelets_10e9_l),
      h("div", { class: "field" }, h("label", { for: "measured-on" }, t("Measured on")),
        h("input", { id: "measured-on", name: "measured-on", type: "date", value: labs.measured_on || "" }))),
    error, h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary" }, t("Save lab values"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const values = ["bilirubin", "albumin", "platelets"].map((id) => form[id].value.trim());
    if (values.some((v) => v === "" || Number.isNaN(Number(v)))) { error.textContent = t("Enter all three values as numbers."); return; }
    const body = { bilirubin_umol_l: Number(values[0]), albumin_g_l: Number(values[1]), platelets_10e9_l: Number(values[2]) };
    if (form["measured-on"].value) body.measured_on = form["measured-on"].value;
    try {
      onSaved(await api.post(`/api/v1/doctor/assessments/${encodeURIComponent(detail.result.assessment_id)}/labs`, body));
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      const details = Object.values(failure.details || {}).flat().join(" ");
      error.textContent = details ? `${failure.message} ${details}` : failure.message;
    }
  });
  return form;
}

/** aMAP applies (chronic liver disease): the lab form is worth showing. */
const needsLabs = (detail) => detail.established_scores.some((s) => s.score === "amap" && s.status !== "not_applicable");

/** The whole section; redraws itself after labs are saved (the aMAP card changes). */
export function scoresSection(detail, ctx) {
  const { t } = ctx;
  const box = h("section", { id: "established-scores", "aria-labelledby": "scores-title" });
  const draw = (current, saved) => {
    replace(box, h("h2", { id: "scores-title" }, t("Established scores beside ours")),
      h("p", { class: "muted" }, t("Published scores from other populations, for comparison. Our estimate is the one shown to the resident.")),
      saved ? h("p", { class: "status", role: "status" }, t("Lab values saved; aMAP recomputed.")) : null,
      current.established_scores.map((s) => scoreCard(s, t)),
      needsLabs(current) ? labsForm(current, ctx, (next) => { draw(next, true); box.querySelector("#score-amap")?.scrollIntoView({ block: "nearest" }); }) : null);
  };
  draw(detail, false);
  return box;
}
