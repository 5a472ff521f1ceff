/**
 * Small helpers the admin screens share: labelled fields and turning an ApiError (with its
 * per-field details) into one sentence next to the form.
 */
import { h } from "../../common/dom.js";
import { ApiError } from "../../common/api.js";

/** A labelled input; a hint goes below the box (so boxes in a row line up) and is read with it. */
export function input(id, label, attrs = {}, hint = null) {
  return h("div", { class: "field" }, h("label", { for: id }, label),
    h("input", { id, name: id, "aria-describedby": hint ? `${id}-hint` : null, ...attrs }),
    hint ? h("span", { class: "hint", id: `${id}-hint` }, hint) : null);
}

export function select(id, label, options, attrs = {}) {
  return h("div", { class: "field" }, h("label", { for: id }, label),
    h("select", { id, name: id, ...attrs }, options.map(([value, text]) => h("option", { value }, text))));
}

/** The field messages (they say what to do, in the screen's language), else the API's
 * message; rethrows what is not an API answer. Field codes never reach the screen. */
export function errorText(failure) {
  if (!(failure instanceof ApiError)) throw failure;
  const details = Object.values(failure.details || {}).flatMap((messages) => [messages].flat())
    .filter((m) => typeof m === "string").join(" ");
  return details || failure.message;
}

/** A password of 16 random letters and digits, for "reset password" (shown to the admin once). */
export function randomPassword() {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}
