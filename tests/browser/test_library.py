"""The residents' library: browse by topic, read an article, read it again with no signal.

Also checks the one place markup from the server enters the page (library/html.js): what
the server's sanitiser lets through is cleaned again, and nothing in it can run.
"""
from __future__ import annotations

import re

from conftest import check_accessibility, save_screenshot
from resident import assert_fits_at_200_percent_zoom, start

HAN = re.compile(r"[\u4e00-\u9fff]")
TOPICS = ["symptoms", "result", "test", "factor", "general"]


def open_library(page) -> None:
    page.click("main a[href='#/library']")
    page.wait_for_selector("main section.topic")


def open_article(page, slug: str) -> None:
    page.click(f"main a[data-slug='{slug}']")
    page.wait_for_selector(f"main article.library-article[data-slug='{slug}']")


def test_browse_by_topic_read_an_article_and_reopen_it_offline(context, page):
    start(page)
    page.click("main .actions button.secondary:text('不用了')")  # leaving is one tap too
    page.wait_for_selector("main h1:text('没关系')")
    page.go_back()
    page.wait_for_selector("main .actions button.primary:text('我同意，开始')")
    page.wait_for_function("navigator.serviceWorker.controller !== null")  # it keeps what is read
    open_library(page)
    assert page.eval_on_selector_all("main section.topic", "els => els.map(e => e.dataset.kind)") == TOPICS
    assert page.inner_text("#topic-test") == "筛查检查"
    assert page.locator("main a[data-slug]").count() >= 20
    page.click("main .topic-nav button:text('筛查检查')")  # a topic button moves to its section
    assert page.evaluate("document.activeElement.id") == "topic-test"
    save_screenshot(page, "library-zh")
    check_accessibility(page, "library-zh")
    assert_fits_at_200_percent_zoom(page)

    open_article(page, "quit-smoking")
    assert page.inner_text("main h1") == "戒烟：什么时候开始都不晚"
    body = page.locator("main .article-body")
    assert body.locator("h2").count() >= 2 and body.locator("li").count() >= 3
    assert HAN.search(body.inner_text())
    save_screenshot(page, "article-zh")
    check_accessibility(page, "article-zh")
    assert_fits_at_200_percent_zoom(page)
    page.go_back()
    page.wait_for_selector("main section.topic")

    # No signal at all, the worker's own requests included: what was read opens from the cache.
    context.set_offline(True)
    context.route("**/api/**", lambda route: route.abort("internetdisconnected"))
    page.goto("/#/article/quit-smoking")
    page.wait_for_selector("main article.library-article[data-slug='quit-smoking']")
    assert page.locator("main .article-body h2").count() >= 2
    page.goto("/#/library")
    page.wait_for_selector("main section.topic")
    open_article(page, "alcohol")  # never opened: read from the kept list
    assert page.inner_text("main h1") == "少喝酒，不喝更好"
    page.click("#controls button[lang=en]")  # English was never fetched: said plainly
    page.wait_for_selector("main .status:text('This article is not saved on this phone')")
    context.unroute("**/api/**")
    context.set_offline(False)

    page.goto("/#/library")
    page.wait_for_selector("main section.topic")
    assert page.inner_text("#topic-factor") == "Habits and risk factors"
    assert not HAN.search(page.inner_text("main"))
    save_screenshot(page, "library-en")
    check_accessibility(page, "library-en")
    open_article(page, "low-dose-ct")
    assert "Low-dose CT" in page.inner_text("main h1")
    assert not HAN.search(page.inner_text("main"))
    check_accessibility(page, "article-en")

    # Large text: the library's links and buttons are 60 px targets too.
    page.click("#controls button[lang=zh-CN]")
    page.click("#controls button[aria-pressed]")
    page.wait_for_selector("html.elder")
    page.goto("/#/library")
    page.wait_for_selector("main section.topic")
    small = page.eval_on_selector_all("main a, main button", """els => els.map(e => e.getBoundingClientRect())
        .filter(r => r.height < 60 || r.width < 60).length""")
    assert small == 0
    save_screenshot(page, "library-elder-zh")


HOSTILE = """<h2>Title</h2><p onclick="window.pwned=1">text <a href="javascript:window.pwned=1">x</a>
<a href="https://www.who.int/">who</a></p><img src="x" onerror="window.pwned=1">
<script>window.pwned=1</script><iframe src="/"></iframe><p style="color:red">styled</p>"""


def test_article_markup_is_cleaned_again_and_nothing_in_it_runs(page):
    start(page)
    found = page.evaluate("""async (html) => {
      const { articleBody } = await import("/js/library/html.js");
      const box = document.createElement("div");
      box.append(articleBody(html, 2));
      document.body.append(box);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const result = { pwned: window.pwned === 1, heading: box.querySelector("h4")?.textContent,
        active: box.querySelectorAll("script, iframe, [onclick], [onerror], [style]").length,
        hrefs: [...box.querySelectorAll("a")].map((a) => [a.getAttribute("href"), a.rel]) };
      box.remove();
      return result;
    }""", HOSTILE)
    assert found == {"pwned": False, "heading": "Title", "active": 0,
                     "hrefs": [[None, ""], ["https://www.who.int/", "noopener noreferrer"]]}
