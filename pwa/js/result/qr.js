/**
 * The QR code of a short result code, drawn from the path the server made (segno, see
 * backend/assessments/short_code.py): an <svg> for the screen and the printout, and the same
 * path on a canvas for "save as picture".
 */
import { svg } from "../common/dom.js";

export function qrSvg(qr, label) {
  return svg("svg", { class: "qr", viewBox: `0 0 ${qr.size} ${qr.size}`, role: "img",
    "aria-label": label, "shape-rendering": "crispEdges" },
  svg("rect", { width: qr.size, height: qr.size, fill: "#fff" }),
  svg("path", { d: qr.path, fill: "#000" }));
}

/** Draw the QR at (x, y), `width` pixels square. */
export function drawQr(context, qr, x, y, width) {
  const scale = width / qr.size;
  context.save();
  context.fillStyle = "#fff";
  context.fillRect(x, y, width, width);
  context.translate(x, y);
  context.scale(scale, scale);
  context.fillStyle = "#000";
  context.fill(new Path2D(qr.path));
  context.restore();
}
