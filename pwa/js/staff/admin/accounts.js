/**
 * Staff accounts: the list, a form to create one (a doctor needs a centre), and per account
 * deactivate/reactivate and reset password. A reset sets a random password shown here once,
 * to be handed over in person; the server signs the account out everywhere. Every password
 * set here is one-time: its owner must choose their own at the next sign-in and is told who
 * set it, so no admin can quietly sign in as a doctor.
 */
import { tableBox } from "../table.js";
import { h, replace } from "../../common/dom.js";
import { confirmInPlace } from "../../common/confirm.js";
import { errorText, input, randomPassword, select } from "./forms.js";
import { ROLES, roleName } from "../roles.js";


function createForm(centres, ctx, onCreated) {
  const { api, t } = ctx;
  const error = h("p", { class: "error-text", role: "alert" });
  const centreField = select("new-centre", t("Centre"), centres.filter((c) => c.active)
    .map((c) => [c.code, ctx.language() === "en" ? c.name_en : c.name_zh]));
  const form = h("form", { class: "card", id: "create-account", novalidate: true, "aria-labelledby": "create-title" },
    h("h2", { id: "create-title" }, t("Create an account")),
    h("div", { class: "inline-fields" },
      input("new-username", t("Account name"), { required: true, minlength: 3, maxlength: 64, autocomplete: "off" }),
      input("new-name", t("Name"), { maxlength: 200, autocomplete: "off" }),
      select("new-role", t("Role"), ROLES.map((r) => [r, roleName(r)])), centreField,
      input("new-password", t("First password"), { required: true, autocomplete: "new-password", type: "text", value: randomPassword() },
        t("At least 10 characters; give it to them in person. They must choose their own at the first sign-in."))),
    error, h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary" }, t("Create account"))));
  const syncCentre = () => { centreField.hidden = form["new-role"].value !== "doctor"; };
  form["new-role"].addEventListener("change", syncCentre);
  form.addEventListener("reset", () => setTimeout(syncCentre));  // reset() fires no "change"
  syncCentre();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const body = { username: form["new-username"].value.trim(), password: form["new-password"].value,
      role: form["new-role"].value, display_name: form["new-name"].value.trim() };
    if (body.role === "doctor") body.centre = form["new-centre"].value;
    try {
      onCreated(await api.post("/api/v1/admin/accounts", body), body.password);
    } catch (failure) {
      error.textContent = errorText(failure);
    }
  });
  return form;
}

function actions(account, ctx, say) {
  const { api, t, user } = ctx;
  const name = account.display_name || account.username;
  const toggle = h("button", { type: "button", class: `button small${account.active ? " danger" : ""}` },
    account.active ? t("Deactivate") : t("Reactivate"));
  toggle.addEventListener("click", () => {
    const question = account.active ? t("Deactivate %(name)s? They are signed out at once.", { name })
      : t("Reactivate %(name)s?", { name });
    confirmInPlace(toggle, question, t("Yes"), t("No"), async () => {
      try {
        await api.patch(`/api/v1/admin/accounts/${account.id}`, { active: !account.active });
        ctx.rerender();
      } catch (failure) { say(errorText(failure), true); }
    });
  });
  const reset = h("button", { type: "button", class: "button small" }, t("Reset password"));
  reset.addEventListener("click", () => confirmInPlace(reset, t("Set a new password for %(name)s?", { name }), t("Yes"), t("No"),
    async (box) => {
      const password = randomPassword();
      try {
        await api.patch(`/api/v1/admin/accounts/${account.id}`, { password });
        box.replaceWith(reset);
        say(t("One-time password for %(name)s: %(password)s. Give it to them in person; it is not shown again, and they must choose their own at the next sign-in.", { name, password }));
      } catch (failure) { say(errorText(failure), true); }
    }));
  return h("td", {}, h("div", { class: "actions" }, account.id === user.id ? null : toggle, reset));
}

function table(accounts, ctx, say) {
  const { t } = ctx;
  return tableBox(t("Staff accounts"), h("table", { id: "accounts" },
    h("caption", {}, t("Staff accounts")),
    h("thead", {}, h("tr", {}, [t("Account name"), t("Name"), t("Role"), t("Centre"), t("Status"), t("Created"), t("Actions")]
      .map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, accounts.map((a) => h("tr", {},
      h("th", { scope: "row" }, a.username), h("td", {}, a.display_name || "—"), h("td", {}, roleName(a.role)),
      h("td", {}, a.centre_name || a.centre || "—"),
      h("td", {}, a.active ? t("Active") : h("strong", {}, t("Deactivated")),
        a.must_change_password ? h("div", { class: "muted" }, t("Awaits their own password")) : null),
      h("td", {}, String(a.created_at || "").slice(0, 10)), actions(a, ctx, say))))));
}

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  const [accounts, centres] = await Promise.all([api.get("/api/v1/admin/accounts"), api.get("/api/v1/admin/centres")]);
  const status = h("p", { class: "status", role: "status", id: "accounts-status" });
  const say = (text, isError = false) => { status.className = isError ? "error-text" : "status"; status.textContent = text; };
  const list = h("div", {}, table(accounts, ctx, say));
  const form = createForm(centres, ctx, (account, password) => {
    accounts.push(account);
    replace(list, table(accounts, ctx, say));
    say(t("Account %(username)s created. One-time password: %(password)s. Give it to them in person; it is not shown again, and they must choose their own at the first sign-in.",
      { username: account.username, password }));
    form.reset();
    form["new-password"].value = randomPassword();
    status.scrollIntoView({ block: "nearest" });
  });
  replace(main, h("h1", {}, t("Accounts")), status, list, form);
}
