/**
 * "Save as picture": the result's summary, the short code and its QR on one PNG, for a
 * resident to keep in their photos or send to family in a chat app (which takes pictures
 * more readily than links). Drawn on a canvas from the data, not a screenshot of the page.
 */
import { formatDate, language, t } from "../common/i18n.js";
import { drawQr } from "./qr.js";

const WIDTH = 720;
const FONT = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

function lines(context, text, maxWidth) {
  // Chinese has no spaces: wrap by character, which also works for English well enough here
  const out = [];
  let line = "";
  for (const char of text) {
    if (context.measureText(line + char).width > maxWidth && line) { out.push(line); line = ""; }
    line += char;
  }
  if (line) out.push(line);
  return out;
}

/** Each cancer's two statements (comparison with peers; screening status), kept apart. */
function summaryLines(result) {
  const [colon, comma] = language().startsWith("zh") ? ["：", "，"] : [": ", ", "];
  const rows = result.cancers.map((c) => c.name + colon + [c.comparison_text, c.status_text].filter(Boolean).join(comma));
  return result.see_doctor_now ? [result.red_flag_message, ...rows] : rows;
}

/** Paint the picture on `context`; returns the height it needs. */
function paint(context, result, shortCode) {
  context.fillStyle = "#fff";
  context.fillRect(0, 0, context.canvas.width, context.canvas.height);
  context.fillStyle = "#1a1a1a";
  context.font = `bold 40px ${FONT}`;
  context.fillText(t("Your result"), 40, 70);
  context.font = `26px ${FONT}`;
  context.fillText(t("Checked on %(date)s", { date: formatDate(result.created_at) }), 40, 115);
  let y = 170;
  context.font = `28px ${FONT}`;
  for (const row of summaryLines(result)) {
    for (const part of lines(context, row, WIDTH - 80)) { context.fillText(part, 40, y); y += 40; }
  }
  y += 20;
  context.font = `24px ${FONT}`;
  for (const part of lines(context, result.disclaimer, WIDTH - 80)) { context.fillText(part, 40, y); y += 34; }
  y += 30;
  drawQr(context, shortCode.qr, 40, y, 280);
  context.fillStyle = "#1a1a1a";
  context.font = `24px ${FONT}`;
  context.fillText(t("Result code"), 350, y + 60);
  context.font = "bold 48px monospace";
  context.fillText(shortCode.code, 350, y + 125);
  context.font = `22px ${FONT}`;
  const hint = lines(context, t("Scan the QR code, or type the code under “I have a result code”."), WIDTH - 390);
  hint.forEach((part, i) => context.fillText(part, 350, y + 175 + i * 30));
  return y + 320;
}

/** The picture as a PNG Blob: painted once to measure its height, then for real. */
export function resultPicture(result, shortCode) {
  const canvas = document.createElement("canvas");
  canvas.width = WIDTH;
  canvas.height = 2000;
  const context = canvas.getContext("2d");
  canvas.height = paint(context, result, shortCode);  // resizing clears the canvas
  paint(context, result, shortCode);
  return new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
}
