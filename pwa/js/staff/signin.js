/**
 * The sign-in form. Errors are the API's own translated messages (wrong password, too many
 * attempts with the minutes to wait), shown next to the form and announced; the username is
 * kept after a failure so a mistyped password is one field to retype.
 */
import { h, replace } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { ApiError } from "../common/api.js";
import { request, setCsrfToken } from "./api.js";

function field(id, label, attrs) {
  return h("div", { class: "field" }, h("label", { for: id }, label),
    h("input", { id, name: id, required: true, ...attrs }));
}

function messageFor(error) {
  if (!(error instanceof ApiError)) return t("No connection to the server. Check the network and try again.");
  return error.message;
}

/** Draw the form into `main`; `onSignedIn(me, password)` gets {user, csrf_token,
 * password_notice} on success, and the password (for a one-time one to be replaced). */
export function renderSignIn(main, { message, onSignedIn }) {
  const status = h("p", { class: "status", id: "signin-status", role: "status" }, message || "");
  const error = h("p", { class: "error-text", id: "signin-error", role: "alert" });
  const button = h("button", { type: "submit", class: "button primary" }, t("Sign in to Zaoshai"));
  const form = h("form", { class: "card signin", novalidate: true, "aria-describedby": "signin-error" },
    field("username", t("Account name"), { autocomplete: "username", autocapitalize: "none", spellcheck: "false" }),
    field("password", t("Password"), { type: "password", autocomplete: "current-password" }),
    error, h("div", { class: "actions" }, button));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const username = form.username.value.trim();
    const password = form.password.value;
    if (!username || !password) {
      error.textContent = t("Enter both your account name and your password.");
      (username ? form.password : form.username).focus();
      return;
    }
    button.disabled = true;
    error.textContent = "";
    try {
      const me = await request("POST", "/api/v1/auth/login", { username, password });
      setCsrfToken(me.csrf_token);
      onSignedIn(me, password);
    } catch (failure) {
      error.textContent = messageFor(failure);
      form.password.value = "";
      form.password.focus();
    } finally {
      button.disabled = false;
    }
  });
  replace(main, h("h1", {}, t("Staff sign-in")),
    h("p", { class: "lead" }, t("For family doctors, content editors and administrators. Residents do not need an account.")),
    status, form);
  form.username.focus();
}
