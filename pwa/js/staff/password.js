/**
 * Change your own password (every role). The server signs out the account's other sessions,
 * so a password someone else saw stops working everywhere at once.
 *
 * A password an admin set (a new account, a reset) is one-time: right after signing in with
 * it, `renderOneTime` says which admin set it and when, and nothing else opens (the API
 * answers 403 password_change_required) until the account has chosen its own.
 */
import { h, replace } from "../common/dom.js";
import { ApiError } from "../common/api.js";
import { language, t as translate } from "../common/i18n.js";

function field(id, label, autocomplete) {
  return h("div", { class: "field" }, h("label", { for: id }, label),
    h("input", { id, name: id, type: "password", autocomplete, required: true }));
}

function passwordForm({ api, t }, { current, submitLabel, onChanged }) {
  const error = h("p", { class: "error-text", role: "alert", id: "password-error" });
  const form = h("form", { class: "card narrow", id: "password-form", novalidate: true },
    current ? null : field("current-password", t("Your current password"), "current-password"),
    field("new-password", t("New password"), "new-password"),
    field("repeat-password", t("New password again"), "new-password"),
    error, h("div", { class: "actions" }, h("button", { type: "submit", class: "button primary" }, submitLabel)));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const given = current || form["current-password"].value;
    const [next, again] = ["new-password", "repeat-password"].map((id) => form[id].value);
    if (!given || !next) { error.textContent = t("Fill in every field."); return; }
    if (next !== again) { error.textContent = t("The new password and its repeat differ."); return; }
    try {
      await api.post("/api/v1/auth/password", { current_password: given, new_password: next });
      form.reset();
      onChanged();
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      // The field's own message ("Use at least 10 characters …") says what to do.
      const details = Object.values(failure.details || {}).flat().join(" ");
      error.textContent = details || failure.message;
    }
  });
  return form;
}

async function render(main, params, ctx) {
  const { t } = ctx;
  const status = h("p", { class: "status", role: "status" });
  const form = passwordForm(ctx, { submitLabel: t("Change password"), onChanged: () => {
    status.textContent = t("Your password has been changed. Your other sessions were signed out.");
  } });
  replace(main, h("h1", {}, t("Change password")), status, form);
}

/** A date-time the API sent in China time ("2026-12-01T20:51:18+08:00"), as "2026-12-01 20:51". */
export function chinaTime(value) {
  return String(value || "").replace("T", " ").slice(0, 16);
}

/**
 * The one-time password screen. `notice` is the API's password_notice ({set_by,
 * set_by_username, set_at}); `current` the password just typed at sign-in (null after a
 * reload: then it is asked for again); `onDone()` continues to the account's home.
 */
export function renderOneTime(main, { api, notice, current, onDone }) {
  const t = translate;
  const form = passwordForm({ api, t }, { current, submitLabel: t("Set my password and continue"), onChanged: onDone });
  replace(main, h("h1", {}, t("Choose your own password")),
    h("p", { class: "card notice", id: "password-notice", role: "alert" },
      t("Administrator %(name)s (%(username)s) set the password of your account on %(when)s (China time).",
        { name: notice.set_by, username: notice.set_by_username, when: chinaTime(notice.set_at) }),
      language() === "zh-CN" ? "" : " ", t("A password someone else knows is not yours: choose one only you know before you go on.")),
    form);
  form.querySelector("input").focus();
}

export const passwordRoute = { path: "account/password", roles: ["doctor", "editor", "admin"], nav: false, render };
