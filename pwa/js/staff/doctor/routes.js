/**
 * The family doctors' section of the staff app (see the route contract in ../shell.js).
 */
import { t } from "../../common/i18n.js";
import * as worklist from "./worklist.js";
import * as detail from "./detail.js";
import * as figures from "./figures.js";
import * as assisted from "./assisted.js";
import * as papers from "./papers.js";

export const routes = [
  { path: "doctor/worklist", label: () => t("Action queue"), roles: ["doctor"], render: worklist.render },
  { path: "doctor/assessments/:id", roles: ["doctor"], render: detail.render },
  { path: "doctor/assessments/:id/papers", roles: ["doctor"], render: papers.render },
  { path: "doctor/assisted", label: () => t("Assessment at the centre"), roles: ["doctor"], render: assisted.render },
  { path: "doctor/figures", label: () => t("Programme figures"), roles: ["doctor"], render: figures.render },
];
