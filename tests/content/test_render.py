"""Article Markdown → HTML: ordinary Markdown renders, and no XSS payload survives (no app needed).

Every payload goes through both layers separately (the Markdown renderer with raw HTML off, and
the sanitiser on its own), so each layer is proven, not just their sum. The check parses the
output: only allow-listed tags and attributes, and every link's scheme http, https or mailto.
"""
from __future__ import annotations

import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from backend.content.render import (ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, render_markdown,
                                    sanitise_html)

STARTER = Path(__file__).resolve().parents[2] / "backend" / "content" / "starter"

XSS_PAYLOADS = [
    # script tags, plain and disguised
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    '"><script>alert(1)</script>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<!--<script>alert(1)</script>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    # event handlers
    "<img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>x</details>",
    '<a href="https://ok.example" onmouseover="alert(1)">x</a>',
    "<marquee onstart=alert(1)>x</marquee>",
    "<video><source onerror=alert(1)></video>",
    "**bold** <img src=x onerror=alert(1)> text",
    # javascript:, vbscript:, data: links, with case, entities, white space and control tricks
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="javas&#99;ript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](https://tracker.example/pixel.png)",
    # svg and math tricks
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">x</math>',
    # style and expression
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width: expression(alert(1))">x</p>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<table background="javascript:alert(1)"><td>x</td></table>',
    # frames, objects, embeds
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    # forms and their actions
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<isindex action=javascript:alert(1) type=image>",
]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))

    handle_startendtag = handle_starttag


def tags_of(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.found


def scheme(url: str) -> str | None:
    """The scheme a browser would see: control characters and white space are ignored."""
    cleaned = "".join(ch for ch in url if ord(ch) > 0x20 and ch != "\x7f").lower()
    head, sep, _ = cleaned.partition(":")
    return head if sep and "/" not in head and "?" not in head and "#" not in head else None


def assert_safe(html: str) -> None:
    for tag, attrs in tags_of(html):
        assert tag in ALLOWED_TAGS, f"tag <{tag}> survived in {html!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name} survived in {html!r}"
            allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
            assert name in allowed, f"attribute {name} on <{tag}> survived in {html!r}"
            if name == "href":
                assert scheme(value or "") in URL_SCHEMES | {None}, f"href {value!r} survived"
            assert "alert(" not in (value or ""), f"payload in attribute {name}: {html!r}"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_path_leaves_nothing_executable(payload):
    assert_safe(render_markdown(payload))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitiser_alone_leaves_nothing_executable(payload):
    assert_safe(sanitise_html(payload))


def test_there_are_enough_payloads():
    assert len(XSS_PAYLOADS) >= 30


def test_the_checker_itself_catches_what_it_should():
    for unsafe in ('<a href="javascript:alert(1)">x</a>', '<a href="java\tscript:x">x</a>',
                   "<img src=x>", '<p onclick="x">y</p>', "<script>x</script>"):
        with pytest.raises(AssertionError):
            assert_safe(unsafe)


def test_ordinary_markdown_still_renders():
    html = render_markdown(
        "## Why it matters\n\nSome **bold**, *emphasis* and ~~old~~ text.\n\n"
        "- one\n- two\n\n3. three\n4. four\n\n> a quote\n\n`code`\n\n"
        "[WHO](https://www.who.int/ \"World Health Organization\") and "
        "[mail us](mailto:help@example.org)\n\n| Test | Interval |\n|---|---|\n| LDCT | yearly |\n")
    for fragment in ("<h2>Why it matters</h2>", "<strong>bold</strong>", "<em>emphasis</em>",
                     "<s>old</s>", "<li>one</li>", '<ol start="3">', "<blockquote>",
                     "<code>code</code>", "<table>", "<th>Test</th>", "<td>yearly</td>",
                     'href="https://www.who.int/"', 'title="World Health Organization"',
                     'href="mailto:help@example.org"'):
        assert fragment in html, fragment
    assert html.count('rel="noopener noreferrer"') == 2
    assert_safe(html)


def test_typed_html_is_shown_as_text_not_run():
    assert render_markdown("Use <b>x</b> & <script>y</script>") == \
        "<p>Use &lt;b&gt;x&lt;/b&gt; &amp; &lt;script&gt;y&lt;/script&gt;</p>\n"


@pytest.mark.parametrize("path", sorted(STARTER.glob("*.toml")), ids=lambda p: p.stem)
def test_every_starter_body_renders_with_its_headings_and_sources(path):
    article = tomllib.loads(path.read_text(encoding="utf-8"))
    for language, marker in (("zh-CN", "来源"), ("en", "Sources")):
        html = render_markdown(article[language]["body"])
        assert html.count("<h2>") == article[language]["body"].count("## ")
        assert f"<strong>{marker}" in html
        assert_safe(html)


@pytest.mark.parametrize("text, expected", [
    ("**来源：**国家癌症中心", "<p><strong>来源：</strong>国家癌症中心</p>\n"),
    ("- **它不是诊断。**它不代表", "<ul>\n<li><strong>它不是诊断。</strong>它不代表</li>\n</ul>\n"),
    ("**甲胎蛋白（AFP）**是一项", "<p><strong>甲胎蛋白（AFP）</strong>是一项</p>\n"),
    ("请**每年**复查", "<p>请<strong>每年</strong>复查</p>\n"),
])
def test_chinese_emphasis_next_to_full_width_punctuation_renders(text, expected):
    assert render_markdown(text) == expected


@pytest.mark.parametrize("text", [
    "a **b** c *d* e _f_ g", "**Sources:** x", "snake_case_word and 2*3*4", "**bold**text",
    "*a **b** c*", "__x__y", "a * b * c", "***both***", "**x:**y", "**unclosed",
])
def test_english_emphasis_is_plain_commonmark(text):
    from markdown_it import MarkdownIt

    assert render_markdown(text) == sanitise_html(MarkdownIt("commonmark").render(text))
