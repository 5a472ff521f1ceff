/**
 * One resident's shared assessment, for the family doctor: warning signs first, then risks
 * with their bands, the rules and reasons behind them, referrals, tumour-marker flags, the
 * established scores beside ours, follow-up (history and form), and the answers in the words
 * the resident read. Opening it is audited by the server.
 */
import { tableBox } from "../table.js";
import { h, replace } from "../../common/dom.js";
import { formatNumber } from "../../common/i18n.js";
import { day, percent, sexName } from "./words.js";
import { scoresSection } from "./scores.js";
import { followUpSection } from "./followup.js";
import { markersSection } from "./markers.js";
import { backHash, detailHash, nextId } from "./place.js";

function header(detail, from, t) {
  const r = detail.result;
  const name = detail.contact?.name || t("No name recorded");
  return [h("p", { class: "no-print" }, h("a", { href: backHash(from), id: "back-to-queue" }, "← ", t("Back to the queue"))),
    h("h1", {}, name),
    h("p", { class: "lead", id: "resident-summary" }, [
      sexName(r.sex) + t(", ") + t("%(age)s years", { age: r.age }),
      detail.contact?.phone ? " · " + t("Phone") + t(": ") + detail.contact.phone : "",
      " · " + t("Assessed on %(date)s", { date: day(r.created_at) }),
      detail.assisted ? " · " + t("Filled in at the centre") : ""].join("")),
    h("p", { class: "no-print" }, h("a", { class: "button", id: "open-papers", href: papersHash(r.assessment_id, from) },
      t("Papers: referral letters, printout, phone script")))];
}

/** The papers screen of this resident, keeping the queue's place for the way back. */
function papersHash(id, from) {
  const [path, query] = detailHash(id, from).split("?");
  return `${path}/papers${query ? `?${query}` : ""}`;
}

/** The same person's other submissions here (same name, phone, birth year), newest first. */
function earlier(detail, from, t) {
  if (!detail.earlier?.length) return null;
  return h("section", { class: "card", id: "earlier", "aria-labelledby": "earlier-title" },
    h("h2", { id: "earlier-title" }, t("Earlier assessments of this resident")),
    h("ul", { class: "plain" }, detail.earlier.map((e) => h("li", {},
      h("a", { href: detailHash(e.assessment_id, from) }, day(e.created_at)), " ",
      h("span", { class: `tier tier-${e.tier}` }, e.tier_text), " ",
      e.high_risk_cancers.length ? t("Screening recommended: %(cancer)s", { cancer: e.high_risk_cancers.join(t(", ")) }) + " · " : "",
      e.follow_up, e.is_current ? " · " + t("latest") : ""))));
}

function redFlags(detail, t) {
  if (!detail.reported_symptoms?.length) return null;
  return h("section", { class: "card red-flags", "aria-labelledby": "flags-title" },
    h("h2", { id: "flags-title" }, "⚠ " + t("Warning signs")),
    h("ul", {}, detail.reported_symptoms.map((f) => h("li", {}, t("Reported symptom: %(symptom)s", { symptom: f.text })))));
}

function markers(r, t) {
  if (!r.tumour_markers_above_limit.length) return null;
  return h("section", { class: "card", "aria-labelledby": "markers-title" },
    h("h2", { id: "markers-title" }, t("Tumour markers above the reference limit")),
    h("ul", {}, r.tumour_markers_above_limit.map((m) => h("li", {},
      h("strong", {}, `${m.name}${t(": ")}${formatNumber(m.value, 2)}`),
      m.upper_limit !== null ? " · " + t("limit %(limit)s", { limit: formatNumber(m.upper_limit, 2) }) : "",
      ` · ${m.text}`))));
}

// The badge's colour class; the status is always written out beside it.
const STATUS_BADGE = { see_doctor: "high", recommended: "high", talk_to_doctor: "raised", not_needed: "average" };

function statusBadge(c) {
  return h("span", { class: `badge badge-${STATUS_BADGE[c.status]}` }, c.status_text);
}

function risksTable(r, t) {
  return tableBox(t("Five-year risk by cancer (our model)"), h("table", { id: "risks" },
    h("caption", {}, t("Five-year risk by cancer (our model)")),
    h("thead", {}, h("tr", {}, [t("Cancer type"), t("Screening"), t("Compared with age and sex"), t("Risk"), t("Average for age and sex"), t("Relative risk")]
      .map((text, i) => h("th", { scope: "col", class: i > 2 ? "num" : null }, text)))),
    h("tbody", {}, r.cancers.map((c) => h("tr", {},
      h("th", { scope: "row" }, c.name),
      h("td", {}, statusBadge(c)),
      h("td", {}, c.comparison_text || "—"),
      h("td", { class: "num" }, c.risk === null ? (c.no_model_reason || "—") : percent(c.risk)),
      h("td", { class: "num" }, percent(c.average_risk)),
      h("td", { class: "num" }, c.relative_risk === null ? "—" : `×${formatNumber(c.relative_risk, 2)}`))))));
}

function cancerWhy(c, t) {
  const parts = [];
  if (c.reasons.length) parts.push(h("h4", {}, t("Why")), h("ul", {}, c.reasons.map((x) => h("li", {}, x.text))));
  if (c.rules.length) parts.push(h("h4", {}, t("Rules that apply")), h("ul", {}, c.rules.map((x) => h("li", {}, x.text))));
  if (c.raised_by.length) {
    parts.push(h("h4", {}, t("What raises the risk")), h("ul", {}, c.raised_by.map((x) =>
      h("li", {}, x.text, h("span", { class: "muted" }, " (" + t("OR %(effect)s", { effect: formatNumber(x.effect, 2) }) + ")")))));
  }
  if (c.referral) {
    parts.push(h("h4", {}, t("Referral")), h("p", {},
      c.referral.tests.map((x) => x.name).join("; "), ` · ${c.referral.interval} · `,
      t("by %(date)s", { date: c.referral.due_by_text })));
  }
  if (!parts.length) return null;
  return h("article", { class: "card" }, h("h3", {}, statusBadge(c), " ", c.name), parts);
}

/** The answers, compact: every section's question–answer pairs in two columns of pairs. */
function answers(detail, t) {
  return h("section", { id: "answers", class: "card", "aria-labelledby": "answers-title" },
    h("h2", { id: "answers-title" }, t("Answers")),
    detail.answers.map((section) => [h("h3", {}, section.section),
      h("dl", { class: "answers compact" }, section.items.map((item) =>
        h("div", { class: "pair" }, h("dt", {}, item.question), h("dd", {}, item.answer))))]));
}

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  const detail = await api.get(`/api/v1/doctor/assessments/${encodeURIComponent(params.id)}`);
  const r = detail.result;
  const from = params.query.get("from") || "";
  const why = r.cancers.map((c) => cancerWhy(c, t)).filter(Boolean);
  const onNext = async () => {
    const next = await nextId(params.id, from, api);
    location.hash = next ? detailHash(next, from) : backHash(from);
  };
  replace(main, header(detail, from, t), redFlags(detail, t), markers(r, t),
    h("div", { class: "detail-grid" },
      h("div", {},
        h("section", { "aria-labelledby": "risks-title" }, h("h2", { id: "risks-title" }, t("Risks")),
          risksTable(r, t), why.length ? why : h("p", { class: "muted" }, t("No rule or factor raises any risk."))),
        scoresSection(detail, ctx), answers(detail, t)),
      h("div", {}, followUpSection(detail, ctx, { onNext }), earlier(detail, from, t), markersSection(detail, ctx))),
    h("p", { class: "muted" }, r.disclaimer, " ", t("Model version %(version)s.", { version: r.model_version })));
}
