/**
 * An advice article's body: the one place the app puts markup from the server on a page.
 *
 * The body (`html`) is written by health-education staff and sanitised on the server (an
 * allow-list of tags and attributes) before any phone gets it; it must keep its headings,
 * lists and emphasis, which only markup carries. Here it is parsed with DOMParser into a
 * separate, inert document (scripts in it never run, nothing loads while parsing), anything
 * active is removed as a second lock behind the server's, and the remaining nodes are
 * imported into the page. The page's Content-Security-Policy (no inline script, own origin
 * only) is the third lock.
 */

const DROP = "script, style, iframe, frame, object, embed, link, meta, base, form, input, button, textarea, select, svg, math, template";
const URL_ATTRIBUTES = new Set(["href", "src", "xlink:href", "action", "formaction", "srcset"]);
const SAFE_URL = /^(https?:|\/|#|mailto:|tel:)/i;

function cleanAttributes(el) {
  for (const attr of [...el.attributes]) {
    const name = attr.name.toLowerCase();
    const badUrl = URL_ATTRIBUTES.has(name) && !SAFE_URL.test(attr.value.trim());
    if (name.startsWith("on") || name === "style" || badUrl) el.removeAttribute(attr.name);
  }
  // links to other sites leave the app: open them apart, without giving them this page
  if (el.tagName === "A" && /^https?:/i.test(el.getAttribute("href") || "")) {
    el.setAttribute("target", "_blank");
    el.setAttribute("rel", "noopener noreferrer");
  }
}

/** Move headings `shift` levels down (h2 → h4), so a body fits under the page's own headings. */
function shiftHeadings(body, shift) {
  if (!shift) return;
  for (const heading of body.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const level = Math.min(6, Number(heading.tagName[1]) + shift);
    const replacement = body.ownerDocument.createElement(`h${level}`);
    replacement.append(...heading.childNodes);
    heading.replaceWith(replacement);
  }
}

/**
 * A DocumentFragment of this document holding the cleaned body (empty for no body). The
 * server's bodies start at h2, right under a page's h1; `headingShift` moves them further
 * down where the article sits deeper (inside the result, under its own h3).
 */
export function articleBody(html, headingShift = 0) {
  const fragment = document.createDocumentFragment();
  if (!html) return fragment;
  const parsed = new DOMParser().parseFromString(html, "text/html");
  parsed.body.querySelectorAll(DROP).forEach((el) => el.remove());
  parsed.body.querySelectorAll("*").forEach(cleanAttributes);
  shiftHeadings(parsed.body, headingShift);
  for (const node of parsed.body.childNodes) fragment.append(document.importNode(node, true));
  return fragment;
}
