/**
 * Programme figures for administrators: all centres together, or one chosen from the list.
 * The table and chart are the doctors' (../doctor/figures.js).
 */
import { h, replace } from "../../common/dom.js";
import { drawFigures } from "../doctor/figures.js";

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  const centres = await api.get("/api/v1/admin/centres");
  const box = h("div", { id: "figures-box" });
  const chooser = h("select", { id: "figures-centre", name: "figures-centre" }, h("option", { value: "" }, t("All centres")),
    centres.map((c) => h("option", { value: c.code }, ctx.language() === "en" ? c.name_en : c.name_zh)));
  chooser.value = params.query.get("centre") || "";
  chooser.addEventListener("change", () => ctx.navigate("admin/figures", chooser.value ? { centre: chooser.value } : null));
  replace(main, h("h1", {}, t("Programme figures")),
    h("div", { class: "card field narrow" }, h("label", { for: "figures-centre" }, t("Centre")), chooser), box);
  await drawFigures(box, chooser.value, ctx);
}
