/**
 * Community health centres: the list (active or not) and a form to add one. The code is what
 * residents' answers and doctors' accounts refer to, so it is upper-case letters, digits and
 * hyphens, checked by the server.
 */
import { tableBox } from "../table.js";
import { h, replace } from "../../common/dom.js";
import { errorText, input } from "./forms.js";

function table(centres, t) {
  return tableBox(t("Community health centres"), h("table", { id: "centres" },
    h("caption", {}, t("Community health centres")),
    h("thead", {}, h("tr", {}, [t("Code"), t("Name in Chinese"), t("Name in English"), t("District"),
      t("High-incidence area for oesophageal and stomach cancer"), t("Status")].map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, centres.map((c) => h("tr", {},
      h("th", { scope: "row" }, c.code), h("td", { lang: "zh-CN" }, c.name_zh), h("td", { lang: "en" }, c.name_en),
      h("td", {}, c.district || "—"), h("td", {}, c.high_incidence_upper_gi ? t("Yes") : t("No")),
      h("td", {}, c.active ? t("Active") : t("Inactive")))))));
}

function addForm(ctx, onAdded) {
  const { api, t } = ctx;
  const error = h("p", { class: "error-text", role: "alert" });
  const form = h("form", { class: "card", id: "add-centre", novalidate: true, "aria-labelledby": "add-title" },
    h("h2", { id: "add-title" }, t("Add a centre")),
    h("div", { class: "inline-fields" },
      input("centre-code", t("Code"), { required: true, maxlength: 32, autocomplete: "off" }, t("Capital letters, digits and hyphens, e.g. HC-DONGHU")),
      input("centre-name-zh", t("Name in Chinese"), { required: true, maxlength: 200, lang: "zh-CN" }),
      input("centre-name-en", t("Name in English"), { required: true, maxlength: 200, lang: "en" }),
      input("centre-district", t("District"), { maxlength: 100 })),
    h("div", { class: "field check" }, h("input", { type: "checkbox", id: "centre-upper-gi", name: "centre-upper-gi" }),
      h("label", { for: "centre-upper-gi" }, t("High-incidence area for oesophageal and stomach cancer"))),
    error, h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary" }, t("Add centre"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const body = { code: form["centre-code"].value.trim().toUpperCase(), name_zh: form["centre-name-zh"].value.trim(),
      name_en: form["centre-name-en"].value.trim(), district: form["centre-district"].value.trim(),
      high_incidence_upper_gi: form["centre-upper-gi"].checked };
    try {
      onAdded(await api.post("/api/v1/admin/centres", body));
      form.reset();
    } catch (failure) {
      error.textContent = errorText(failure);
    }
  });
  return form;
}

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  const centres = await api.get("/api/v1/admin/centres");
  const status = h("p", { class: "status", role: "status" });
  const list = h("div", {}, table(centres, t));
  replace(main, h("h1", {}, t("Centres")), status, list, addForm(ctx, (centre) => {
    centres.push(centre);
    replace(list, table(centres, t));
    status.textContent = t("Centre %(code)s added.", { code: centre.code });
  }));
}
