/** The staff roles in words (the API's codes: doctor, editor, admin). */
import { t } from "../common/i18n.js";

export const ROLES = ["doctor", "editor", "admin"];

export function roleName(code) {
  return { doctor: t("Family doctor"), editor: t("Content editor"), admin: t("Administrator") }[code] || code;
}
