/**
 * Community health centres: the list (active or not), a form to add one, and per centre an
 * edit form (names, district, phone, high-incidence area) and deactivate / reactivate (an
 * inactive centre can no longer be chosen by residents; its doctors and records stay). The
 * code is what residents' answers and doctors' accounts refer to, so it is upper-case
 * letters, digits and hyphens, checked by the server, and never changes.
 */
import { tableBox } from "../table.js";
import { h, replace } from "../../common/dom.js";
import { confirmInPlace } from "../../common/confirm.js";
import { errorText, input } from "./forms.js";

function rowActions(c, ctx, onEdit, say) {
  const { api, t } = ctx;
  const name = ctx.language() === "en" ? c.name_en : c.name_zh;
  const edit = h("button", { type: "button", class: "button small", onclick: () => onEdit(c) }, t("Edit"));
  const toggle = h("button", { type: "button", class: `button small${c.active ? " danger" : ""}` },
    c.active ? t("Deactivate") : t("Reactivate"));
  toggle.addEventListener("click", () => confirmInPlace(toggle,
    c.active ? t("Deactivate %(name)s? Residents can no longer choose it; its doctors and records stay.", { name })
      : t("Reactivate %(name)s?", { name }), t("Yes"), t("No"), async () => {
      try {
        await api.patch(`/api/v1/admin/centres/${encodeURIComponent(c.code)}`, { active: !c.active });
        ctx.rerender();
      } catch (failure) { say(errorText(failure), true); }
    }));
  return h("td", {}, h("div", { class: "actions" }, edit, toggle));
}

function table(centres, ctx, onEdit, say) {
  const { t } = ctx;
  return tableBox(t("Community health centres"), h("table", { id: "centres" },
    h("caption", {}, t("Community health centres")),
    h("thead", {}, h("tr", {}, [t("Code"), t("Name in Chinese"), t("Name in English"), t("District"), t("Phone"),
      t("High-incidence area for oesophageal and stomach cancer"), t("Status"), t("Actions")].map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, centres.map((c) => h("tr", { "data-code": c.code },
      h("th", { scope: "row" }, c.code), h("td", { lang: "zh-CN" }, c.name_zh), h("td", { lang: "en" }, c.name_en),
      h("td", {}, c.district || "—"), h("td", {}, c.phone || "—"), h("td", {}, c.high_incidence_upper_gi ? t("Yes") : t("No")),
      h("td", {}, c.active ? t("Active") : h("strong", {}, t("Inactive"))), rowActions(c, ctx, onEdit, say))))));
}

/** The edit form of one centre (its code stays); saves only what changed. */
function editForm(centre, ctx, onSaved, onCancel) {
  const { api, t } = ctx;
  const error = h("p", { class: "error-text", role: "alert" });
  const form = h("form", { class: "card", id: "edit-centre", novalidate: true, "aria-labelledby": "edit-title" },
    h("h2", { id: "edit-title" }, t("Edit centre %(code)s", { code: centre.code })),
    h("div", { class: "inline-fields" },
      input("edit-name-zh", t("Name in Chinese"), { required: true, maxlength: 200, lang: "zh-CN", value: centre.name_zh }),
      input("edit-name-en", t("Name in English"), { required: true, maxlength: 200, lang: "en", value: centre.name_en }),
      input("edit-district", t("District"), { maxlength: 100, value: centre.district || "" }),
      input("edit-phone", t("Phone"), { maxlength: 40, type: "tel", value: centre.phone || "" },
        t("Shown to residents beside a warning sign and on printouts"))),
    h("div", { class: "field check" }, h("input", { type: "checkbox", id: "edit-upper-gi", checked: centre.high_incidence_upper_gi || null }),
      h("label", { for: "edit-upper-gi" }, t("High-incidence area for oesophageal and stomach cancer"))),
    error, h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary" }, t("Save changes")),
      h("button", { type: "button", class: "button", onclick: onCancel }, t("Cancel"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const values = { name_zh: form["edit-name-zh"].value.trim(), name_en: form["edit-name-en"].value.trim(),
      district: form["edit-district"].value.trim(), phone: form["edit-phone"].value.trim(),
      high_incidence_upper_gi: form["edit-upper-gi"].checked };
    const changes = Object.fromEntries(Object.entries(values).filter(([key, value]) => value !== (centre[key] ?? "")));
    try {
      onSaved(await api.patch(`/api/v1/admin/centres/${encodeURIComponent(centre.code)}`, changes));
    } catch (failure) {
      error.textContent = errorText(failure);
    }
  });
  return form;
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
  const status = h("p", { class: "status", role: "status", id: "centres-status" });
  const say = (text, isError = false) => { status.className = isError ? "error-text" : "status"; status.textContent = text; };
  const editBox = h("div", {});
  const list = h("div", {});
  const draw = () => replace(list, table(centres, ctx, onEdit, say));
  function onEdit(centre) {
    replace(editBox, editForm(centre, ctx, (saved) => {
      centres.splice(centres.findIndex((c) => c.code === saved.code), 1, saved);
      draw();
      replace(editBox);
      say(t("Centre %(code)s saved.", { code: saved.code }));
    }, () => replace(editBox)));
    editBox.querySelector("input").focus();
  }
  draw();
  replace(main, h("h1", {}, t("Centres")), status, list, editBox, addForm(ctx, (centre) => {
    centres.push(centre);
    draw();
    say(t("Centre %(code)s added.", { code: centre.code }));
  }));
}
