/**
 * The administrators' section of the staff app (see the route contract in ../shell.js).
 */
import { t } from "../../common/i18n.js";
import * as accounts from "./accounts.js";
import * as centres from "./centres.js";
import * as audit from "./audit.js";
import * as figures from "./figures.js";
import * as monitoring from "./monitoring.js";

export const routes = [
  { path: "admin/accounts", label: () => t("Accounts"), roles: ["admin"], render: accounts.render },
  { path: "admin/centres", label: () => t("Centres"), roles: ["admin"], render: centres.render },
  { path: "admin/audit", label: () => t("Audit log"), roles: ["admin"], render: audit.render },
  { path: "admin/figures", label: () => t("Figures for all centres"), roles: ["admin"], render: figures.render },
  { path: "admin/monitoring", label: () => t("Model monitoring"), roles: ["admin"], render: monitoring.render },
];
