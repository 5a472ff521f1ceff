"""Article Markdown → safe HTML, produced on the server so no phone ever renders staff's raw text.

Two layers, each enough on its own for the common attacks and together for the odd ones:

1. ``markdown-it-py`` (CommonMark, plus GFM tables and strikethrough) with raw HTML disabled, so
   ``<script>`` typed into an article is shown as text, and with images disabled (residents read
   offline on metered phones; a picture from elsewhere would also leak who reads what);
2. ``nh3`` (the Rust ``ammonia`` sanitiser) with an explicit allow-list: only the tags Markdown
   makes, only ``href``/``title`` on links and ``start`` on ordered lists, no ``style``, no event
   handlers, and link schemes http, https and mailto only. Links get ``rel="noopener noreferrer"``.

Chinese emphasis: plain CommonMark does not close ``**来源：**国家…`` (a run ending in
full-width punctuation must be followed by a space or punctuation), so residents would see the
asterisks. The emphasis rule here also accepts a CJK character just outside the run, as the
CommonMark "CJK-friendly" proposal does (github.com/tats-u/markdown-cjk-friendly); English
text is parsed exactly as before.

Pure Python: no Flask. Rendering is cached by text, so a body is rendered once per worker.
"""
from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Delimiter, Scanned, StateInline

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "s",
    "blockquote", "ul", "ol", "li", "code", "pre", "a",
    "table", "thead", "tbody", "tr", "th", "td",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"

# Han, kana, Hangul, CJK symbols and full-width forms.
CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


def _scan_delims(state: StateInline, start: int, can_split_word: bool) -> Scanned:
    """``StateInline.scanDelims`` where a CJK character outside the run counts like a space."""
    pos, marker = start, state.src[start]
    last = state.src[start - 1] if start > 0 else " "
    while pos < state.posMax and state.src[pos] == marker:
        pos += 1
    following = state.src[pos] if pos < state.posMax else " "
    last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
    next_punct = isMdAsciiPunct(ord(following)) or isPunctChar(following)
    last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(following))
    last_cjk, next_cjk = bool(CJK.match(last)), bool(CJK.match(following))
    left = not (next_space or (next_punct and not (last_space or last_punct or last_cjk)))
    right = not (last_space or (last_punct and not (next_space or next_punct or next_cjk)))
    can_open = left and (can_split_word or not right or last_punct)
    can_close = right and (can_split_word or not left or next_punct)
    return Scanned(can_open, can_close, pos - start)


def _emphasis(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis tokenizer with the CJK-aware delimiter scan."""
    marker = state.src[state.pos]
    if silent or marker not in ("_", "*"):
        return False
    scanned = _scan_delims(state, state.pos, marker == "*")
    for _ in range(scanned.length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(Delimiter(
            marker=ord(marker), length=scanned.length, token=len(state.tokens) - 1, end=-1,
            open=scanned.can_open, close=scanned.can_close))
    state.pos += scanned.length
    return True


_markdown = (MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
             .enable(["table", "strikethrough"])
             .disable("image"))
_markdown.inline.ruler.at("emphasis", _emphasis)


def sanitise_html(html: str) -> str:
    """``html`` with everything outside the allow-list removed (scripts and styles with content)."""
    return nh3.clean(html, tags=set(ALLOWED_TAGS),
                     clean_content_tags={"script", "style"},
                     attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), link_rel=LINK_REL, strip_comments=True)


@lru_cache(maxsize=1024)
def render_markdown(text: str) -> str:
    """The resident-facing HTML of an article body written in Markdown."""
    return sanitise_html(_markdown.render(text or ""))
