/**
 * Papers for one resident (#/doctor/assessments/:id/papers): the first call's phone script (on
 * screen only), the resident's one-page printout and one A4 referral letter (转诊单) per
 * referral, each with its own print button. Printing one paper marks it (`body[data-printing]`)
 * so the print CSS (staff.css, @media print) puts only that sheet on the A4 page.
 *
 * The printout opens the result with the short code and its QR (issue 14's mechanism: eight
 * characters from an unambiguous alphabet, lookups rate-limited), never the long number and
 * token. Everything is drawn with h()/svg() from the API's JSON: no markup from data.
 */
import { h, replace } from "../../common/dom.js";
import { formatDate, formatNumber } from "../../common/i18n.js";
import { qrSvg } from "../../result/qr.js";

function printSheet(sheet) {
  document.body.dataset.printing = sheet.id;
  sheet.classList.add("printing");
  const done = () => { delete document.body.dataset.printing; sheet.classList.remove("printing"); };
  window.addEventListener("afterprint", done, { once: true });
  window.print();
}

function printButton(sheet, label) {
  return h("button", { type: "button", class: "button primary no-print", onclick: () => printSheet(sheet) }, label);
}

function row(label, ...value) {
  return h("tr", {}, h("th", { scope: "row" }, label), h("td", {}, ...value));
}

function letter(paper, data, t) {
  const where = paper.where.length ? h("ul", { class: "plain" }, paper.where.map((c) => h("li", {},
    h("strong", {}, c.name), c.address ? h("div", {}, c.address) : null,
    [c.phone ? `${t("Phone")}${t(": ")}${c.phone}` : null, c.hours].filter(Boolean).join(t(", ")))))
    : t("Any hospital offering this test");
  const sheet = h("article", { class: "sheet letter", id: `letter-${paper.id}`, "aria-labelledby": `letter-title-${paper.id}` },
    h("header", { class: "sheet-head" },
      h("p", { class: "sheet-centre" }, data.centre.name || "", data.centre.phone ? ` · ${data.centre.phone}` : ""),
      h("h2", { id: `letter-title-${paper.id}` }, paper.name ? `${paper.title} · ${paper.name}` : paper.title)),
    h("table", { class: "sheet-table" }, h("tbody", {},
      row(t("Resident"), `${data.resident.name || "—"}${t(", ")}${data.resident.sex}${t(", ")}${t("%(age)s years", { age: data.resident.age })}`),
      row(t("Phone"), data.resident.phone || "—"),
      row(t("Referring centre"), data.centre.name || "—", data.centre.phone ? ` · ${data.centre.phone}` : ""),
      row(t("Referring doctor"), data.doctor),
      row(t("Reason"), paper.reason, paper.status_text && paper.id === "red_flag" ? h("div", {}, paper.status_text) : null),
      paper.tests.length ? row(t("Test"), paper.tests.join(t(", ")), paper.interval ? h("div", { class: "muted" }, paper.interval) : null) : null,
      row(t("Where"), where),
      row(t("By when"), h("strong", {}, paper.by_when)),
      row(t("Issued on"), formatDate(data.issued_on)))),
    h("p", { class: "sheet-note" }, data.not_a_diagnosis),
    h("div", { class: "signature" }, h("span", {}, t("Doctor's signature")), h("span", {}, t("Centre's stamp"))));
  return [sheet, h("div", { class: "actions no-print" }, printButton(sheet, t("Print this referral letter")))];
}

function markerLine(m, t) {
  const limit = m.upper_limit ?? m.limit;
  return h("li", {}, `${m.name}${t(": ")}${formatNumber(m.value, 1)}`,
    limit != null ? ` · ${t("limit %(limit)s", { limit: formatNumber(limit, 1) })}` : "",
    m.measured_on ? ` · ${formatDate(m.measured_on)}` : "");
}

/** The resident's one-page printout and its print button (also the assisted screen's). */
export function printout(data, t) {
  const p = data.printout;
  const markers = [...p.markers_measured, ...p.markers_reported];
  const code = p.short_code;
  const sheet = h("article", { class: "sheet printout", id: "printout", "aria-labelledby": "printout-title" },
    h("header", { class: "sheet-head" },
      h("p", { class: "sheet-centre" }, data.centre.name || "", data.centre.phone ? ` · ${t("Phone")}${t(": ")}${data.centre.phone}` : ""),
      h("h2", { id: "printout-title" }, t("Your cancer risk check")),
      h("p", {}, `${data.resident.name || ""} · ${t("Checked on %(date)s", { date: formatDate(p.created_at) })}`)),
    p.red_flags.length ? h("section", { class: "sheet-alert" }, h("strong", {}, t("Warning signs")), t(": "),
      p.red_flags.map((f) => f.text).join(t(", ")), h("div", {}, p.red_flag_message)) : null,
    markers.length ? h("section", { class: "sheet-alert", id: "printout-markers" }, h("strong", {}, t("Tumour markers above the limit")),
      h("ul", {}, markers.map((m) => markerLine(m, t)))) : null,
    h("table", { class: "sheet-table cancers" },
      h("thead", {}, h("tr", {}, [t("Cancer"), t("Compared with people of your age and sex"), t("Screening")].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, p.cancers.map((c) => h("tr", { class: `status-${c.status}` },
        h("th", { scope: "row" }, c.name), h("td", {}, c.comparison_text || "—"), h("td", {}, c.status_text))))),
    p.plan.actions.length ? h("section", {}, h("strong", {}, t("What to do next")),
      h("ul", {}, p.plan.actions.map((a) => h("li", {}, `${a.name}${t(": ")}${a.text}`)))) : null,
    p.plan.next ? h("p", {}, p.plan.next) : null,
    h("section", { class: "sheet-code" },
      qrSvg(code.qr, t("QR code that opens your result")),
      h("div", {}, h("p", {}, t("To open your result again on a phone: scan the code, or open the app and type this result code.")),
        h("p", { class: "short-code", id: "printout-code" }, code.code),
        h("p", { class: "muted" }, t("Keep it private: anyone with the code can read your result.")))),
    h("p", { class: "sheet-note" }, p.disclaimer));
  return [sheet, h("div", { class: "actions no-print" }, printButton(sheet, t("Print for the resident")))];
}

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  const data = await api.get(`/api/v1/doctor/assessments/${encodeURIComponent(params.id)}/papers`);
  const back = `#/doctor/assessments/${encodeURIComponent(params.id)}${params.query.toString() ? `?${params.query}` : ""}`;
  replace(main,
    h("p", { class: "no-print" }, h("a", { href: back }, "← ", t("Back to the resident"))),
    h("h1", { class: "no-print" }, t("Papers for %(name)s", { name: data.resident.name || "—" })),
    h("section", { class: "card no-print", id: "phone-script", "aria-labelledby": "script-title" },
      h("h2", { id: "script-title" }, t("Phone script for the first call")),
      h("ol", {}, data.phone_script.map((line) => h("li", {}, line)))),
    h("h2", { class: "no-print" }, t("Printout for the resident (one A4 page)")),
    printout(data, t),
    h("h2", { class: "no-print" }, t("Referral letters (one A4 page each)")),
    data.letters.length ? data.letters.map((paper) => letter(paper, data, t))
      : h("p", { class: "card no-print" }, t("No referral is needed for this result.")));
}
