/**
 * The privacy notice (PIPL Art. 17, 28–30): who processes the data, what is collected and
 * why, who sees it, how long it is kept, and how to stop sharing or erase it. The operator
 * and the retention come from the deployment's configuration (common/about.js).
 */
import { h, replace } from "../common/dom.js";
import { formatNumber, t } from "../common/i18n.js";
import { loadAbout, operatorBlock } from "../common/about.js";

function part(title, ...paragraphs) {
  return [h("h2", {}, title), paragraphs.map((text) => h("p", {}, text))];
}

export async function render(app) {
  const about = await loadAbout();
  const months = about?.retention_months;
  replace(app.main,
    h("h1", {}, t("Privacy notice")),
    operatorBlock(about),
    part(t("What we collect"),
      t("Your answers to the questionnaire: age, sex, height and weight, habits, illnesses, family history, symptoms and test results. Information about your health is sensitive personal information under the Personal Information Protection Law, so we ask for your separate consent before you begin."),
      t("Your name and mobile phone number only if you choose to share your result with your family doctor. They are stored encrypted.")),
    part(t("Why"),
      t("To estimate your risk of five cancers and tell you which screening test to get. If you share, so that a family doctor at the community health centre you chose can contact you. Nothing is used for advertising or sold.")),
    part(t("Who sees it"),
      t("Only you, on your phone or with your result code. If you agree to share, also the family doctors of the one community health centre you chose. Staff who edit advice or manage accounts never see answers. Every time a doctor opens a resident's data it is written to a log.")),
    part(t("How long it is kept"),
      months ? t("Your answers and result are kept for %(months)s months after you send them and then erased, unless you erase them earlier.", { months: formatNumber(months) })
        : t("Your answers and result are kept for a limited time and then erased, unless you erase them earlier.")),
    part(t("Stop sharing or erase"),
      t("On your result screen, “Stop sharing with my family doctor” takes your result off the doctor's list and erases your name and phone number; your result stays for you. “Delete my data” erases your answers and result from the service and this phone."),
      t("Answers you have not sent stay on this phone only; “Clear my answers” removes them.")),
    h("div", { class: "actions" }, h("button", { type: "button", class: "button secondary",
      onclick: () => app.go("start") }, t("Back to the start"))));
}
