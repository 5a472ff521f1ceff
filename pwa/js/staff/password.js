/**
 * Change your own password (every role). The server signs out the account's other sessions,
 * so a password someone else saw stops working everywhere at once.
 */
import { h, replace } from "../common/dom.js";
import { ApiError } from "../common/api.js";

function field(id, label, autocomplete) {
  return h("div", { class: "field" }, h("label", { for: id }, label),
    h("input", { id, name: id, type: "password", autocomplete, required: true }));
}

async function render(main, params, { api, t }) {
  const error = h("p", { class: "error-text", role: "alert" });
  const status = h("p", { class: "status", role: "status" });
  const form = h("form", { class: "card narrow", novalidate: true },
    field("current-password", t("Your current password"), "current-password"),
    field("new-password", t("New password"), "new-password"),
    field("repeat-password", t("New password again"), "new-password"),
    error, h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary" }, t("Change password"))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = status.textContent = "";
    const [current, next, again] = ["current-password", "new-password", "repeat-password"].map((id) => form[id].value);
    if (!current || !next) { error.textContent = t("Fill in every field."); return; }
    if (next !== again) { error.textContent = t("The new password and its repeat differ."); return; }
    try {
      await api.post("/api/v1/auth/password", { current_password: current, new_password: next });
      form.reset();
      status.textContent = t("Your password has been changed. Your other sessions were signed out.");
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      const details = Object.values(failure.details || {}).flat().join(" ");
      error.textContent = details ? `${failure.message} ${details}` : failure.message;
    }
  });
  replace(main, h("h1", {}, t("Change password")), status, form);
}

export const passwordRoute = { path: "account/password", roles: ["doctor", "editor", "admin"], nav: false, render };
