/** Short screens that only say what happened: left, answers cleared, data deleted. */
import { h, replace } from "../common/dom.js";
import { t } from "../common/i18n.js";

const MESSAGES = {
  leave: () => [t("No problem"), t("Nothing has been stored. You can close this page now.")],
  cleared: () => [t("Your answers are cleared"), t("Nothing from this check is left on this phone.")],
  deleted: () => [t("Your data has been deleted"), t("Your answers and your result have been deleted from the service and from this phone.")],
};

export async function render(app, name) {
  const [title, text] = (MESSAGES[name] || MESSAGES.leave)();
  replace(app.main, h("h1", {}, title), h("p", {}, text),
    h("div", { class: "actions" }, h("button", { type: "button", class: "button secondary",
      onclick: () => app.go("start") }, t("Back to the start"))));
}
