/**
 * The health-education editors' section of the staff app (issue 6): articles (list, write,
 * preview on a phone, publish, history, compare, roll back) and screening centres. The shell
 * (../shell.js) imports this table; the order matters where two paths have the same shape
 * ("articles/new" before "articles/:slug"). Labels are functions, so the navigation follows
 * the language switch and the extractor finds the msgids.
 */
import { t } from "../../common/i18n.js";
import { renderArticleList } from "./list.js";
import { renderArticleEditor } from "./article.js";
import { renderPreview } from "./preview.js";
import { renderHistory } from "./history.js";
import { renderCentreForm, renderCentreList } from "./centres.js";

const EDITORS = ["editor", "admin"];

export const routes = [
  { path: "editor/articles", label: () => t("Articles"), roles: EDITORS, render: renderArticleList },
  { path: "editor/articles/new", roles: EDITORS, render: renderArticleEditor },
  { path: "editor/articles/:slug", roles: EDITORS, render: renderArticleEditor },
  { path: "editor/articles/:slug/preview", roles: EDITORS, render: renderPreview },
  { path: "editor/articles/:slug/history", roles: EDITORS, render: renderHistory },
  { path: "editor/centres", label: () => t("Screening centres"), roles: EDITORS, render: renderCentreList },
  { path: "editor/centres/new", roles: EDITORS, render: renderCentreForm },
  { path: "editor/centres/:code", roles: EDITORS, render: renderCentreForm },
];
