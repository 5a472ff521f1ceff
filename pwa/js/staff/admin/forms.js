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

/** The API's message plus its field messages; rethrows what is not an API answer. */
export function errorText(failure) {
  if (!(failure instanceof ApiError)) throw failure;
  const details = Object.entries(failure.details || {})
    .map(([field, messages]) => `${field}: ${[messages].flat().join(" ")}`).join("; ");
  return details ? `${failure.message} ${details}` : failure.message;
}

/** A password of 16 random letters and digits, for "reset password" (shown to the admin once). */
export function randomPassword() {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}
