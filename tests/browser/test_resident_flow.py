"""A resident's whole visit in a real browser, in Chinese and in English, online and offline."""
from __future__ import annotations

import json
import re

import pytest

from answer_sets import man_62_smoker, woman_58
from conftest import check_accessibility, save_screenshot
from resident import (agree, answer_screen, answer_until, assert_fits_at_200_percent_zoom, hash_of,
                      open_details, press_next, send, start, visible_questions)

HAN = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_PHRASE = re.compile(r"\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b")


def main_text(page) -> str:
    return page.inner_text("main")


def assert_all_chinese(page):
    text = main_text(page)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert not ENGLISH_PHRASE.search(text), ENGLISH_PHRASE.search(text).group(0)


def assert_all_english(page):
    text = main_text(page)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert not HAN.search(text), HAN.findall(text)[:20]


def test_woman_58_in_chinese_continues_after_a_reload_and_sees_her_result(page, stored_assessments):
    answers = woman_58()
    start(page)
    assert_all_chinese(page)
    save_screenshot(page, "start-zh")
    check_accessibility(page, "start-zh")
    agree(page)
    answer_until(page, answers, stop_before="smoking_status")

    page.reload()  # the tab is closed on the bus and opened again
    page.wait_for_selector("form.question-form")
    assert visible_questions(page) == ["smoking_status"]
    page.go_back()
    page.wait_for_function("location.hash === '#/q/centre'")  # centre and education share a screen
    page.wait_for_selector("form.question-form label[data-code=junior_secondary] input:checked")
    page.go_forward()  # and forward again: nothing lost either way
    page.wait_for_function("location.hash === '#/q/smoking_status'")
    page.wait_for_selector("form.question-form [data-link-id=smoking_status]")
    page.goto("/")  # and from the start page: "continue where I left off"
    page.wait_for_selector("main h1")
    agree(page)
    assert hash_of(page) == "#/q/smoking_status"

    answer_until(page, answers, stop_before="live_births")
    assert_all_chinese(page)
    assert re.fullmatch(r"第 \d+ 部分，共 \d+ 部分", page.inner_text(".progress p"))
    assert page.eval_on_selector(".progress progress", "e => e.value > 0 && e.value < e.max")
    save_screenshot(page, "question-zh")
    check_accessibility(page, "question-zh")
    answer_until(page, answers)
    send(page)
    page.wait_for_selector(".glance [data-cancer=breast]")
    result = main_text(page)
    assert "已发送" in result or "发送" in result
    # summary first: each cancer's comparison and screening status, then the plan
    glance = page.inner_text(".glance [data-cancer=breast]")
    assert "比大多数同龄同性别的人高很多" in glance and "现在建议筛查" in glance
    assert "乳腺 B 超" in page.inner_text(".plan")
    breast = open_details(page, "breast")
    assert "建议筛查" in breast and "乳腺 B 超" in breast and "示例市" in breast
    assert "您告诉我们，您的母亲、姐妹或女儿患过乳腺癌或卵巢癌" in breast
    assert page.locator(".cancer[data-cancer=breast] figure svg").count() == 2
    assert_all_chinese(page)
    assert_articles(page, "breast-screening", "乳腺超声和乳腺X线摄影：乳腺癌筛查怎么做")
    save_screenshot(page, "result-zh")
    check_accessibility(page, "result-zh")
    assert stored_assessments() == 1
    assert_fits_at_200_percent_zoom(page)
    assert_prints_cleanly(page)

    # Days later: only the id and token are left on the phone; the result comes back with them.
    page.evaluate(FORGET_RESULT_TEXT)
    page.goto("/")
    page.click("main .actions button:text('查看我上次的结果')")
    assert "乳腺 B 超" in open_details(page, "breast")

    page.click("main .button.danger")
    page.click(".confirm .button.danger")
    page.wait_for_function("location.hash === '#/deleted'")
    assert stored_assessments() == 0


def assert_articles(page, slug: str, title: str) -> None:
    """The advice for this result: title, summary, and a body that opens in place."""
    article = page.locator(f".articles article[data-slug='{slug}']")
    if article.evaluate("e => !!e.closest('details.more-articles')"):  # beyond the first three
        page.click(".more-articles > summary")
    assert article.locator("h3").inner_text() == title
    assert len(article.locator("p").first.inner_text()) > 20  # the summary
    article.locator("summary").click()
    body = article.locator(".article-body")
    assert body.is_visible() and len(body.inner_text()) > 200
    assert body.locator("h4").count() >= 1 and body.locator("h2").count() == 0  # under its h3
    assert page.locator(".articles a[href='#/library']").count() == 1


def display(page, selector: str) -> str:
    return page.eval_on_selector(selector, "e => getComputedStyle(e).display")


def assert_prints_cleanly(page) -> None:
    """The print stylesheet: content only (no header, buttons), black on white, advice open."""
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what window.print() fires
    page.emulate_media(media="print")
    try:
        assert display(page, "header.top") == "none" and display(page, "main .actions") == "none"
        assert page.eval_on_selector("body", "e => getComputedStyle(e).backgroundColor") == "rgb(255, 255, 255)"
        assert page.eval_on_selector_all(".articles details", "els => els.every(d => d.open)")
        assert page.eval_on_selector(".cancer", "e => getComputedStyle(e).breakInside") == "avoid"
        save_screenshot(page, "result-print-zh")
    finally:
        page.emulate_media(media="screen")


FORGET_RESULT_TEXT = """() => new Promise((resolve) => {
  const open = indexedDB.open("zaoshai");
  open.onsuccess = () => {
    const store = open.result.transaction("kv", "readwrite").objectStore("kv");
    const get = store.get("result");
    get.onsuccess = () => {
      store.put({ ...get.result, byLang: {} }, "result").onsuccess = () => { open.result.close(); resolve(); };
    };
  };
})"""


RESULT_HAS_BOTH_LANGUAGES = """() => new Promise((resolve) => {
  const open = indexedDB.open("zaoshai");
  open.onsuccess = () => {
    const get = open.result.transaction("kv").objectStore("kv").get("result");
    get.onsuccess = () => {
      open.result.close();
      // both languages, each with its advice's bodies (fetched after the result itself)
      const kept = Object.values(get.result?.byLang || {});
      resolve(kept.length === 2 && kept.every((r) => r.articles.every((a) => a.html)));
    };
  };
})"""


def test_man_62_smoker_in_english_finishes_offline_and_is_stored_exactly_once(context, page, stored_assessments):
    answers = man_62_smoker()
    start(page, "en")
    assert_all_english(page)
    save_screenshot(page, "start-en")
    check_accessibility(page, "start-en")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    agree(page)
    answer_until(page, answers, stop_before="smoking_start_age")
    assert visible_questions(page) == ["smoking_start_age", "cigarettes_per_day", "smoking_years"]
    # The questionnaire in progress opens with no signal (the worker's requests aborted too).
    context.set_offline(True)
    context.route("**/api/**", lambda route: route.abort("internetdisconnected"))
    page.reload()
    page.wait_for_selector("form.question-form [data-link-id=smoking_years]")
    assert visible_questions(page) == ["smoking_start_age", "cigarettes_per_day", "smoking_years"]
    context.unroute("**/api/**")
    context.set_offline(False)
    answer_screen(page, answers)
    assert page.inner_text("#q-cigarettes_per_day-unit") == "cigarettes"
    assert_all_english(page)
    save_screenshot(page, "question-en")
    check_accessibility(page, "question-en")
    press_next(page)
    answer_until(page, answers)

    # No signal. set_offline does not stop the service worker's own requests: abort them too.
    context.set_offline(True)
    context.route("**/api/**", lambda route: route.abort("internetdisconnected"))
    send(page)
    page.wait_for_function("location.hash === '#/sending'")
    page.wait_for_selector("main h1:text('Waiting to send')")
    assert stored_assessments() == 0
    page.reload()  # offline: the service worker opens the app from its cache
    page.wait_for_selector("main h1:text('Waiting to send')")
    page.goto("/#/start")
    page.wait_for_selector(".notice:has-text('Waiting to send')")
    assert stored_assessments() == 0

    context.unroute("**/api/**")
    context.set_offline(False)  # the browser says "online": the outbox is sent
    page.wait_for_selector(".glance [data-cancer=lung]")
    assert "Sent" in page.inner_text(".status.sent")
    assert stored_assessments() == 1
    lung = open_details(page, "lung")
    assert "Screening recommended now" in lung and "30 pack-years" in lung and "Low-dose CT" in lung
    assert "Higher than most people of your age and sex" in lung
    assert "If you stop smoking" in lung
    assert_all_english(page)
    assert_articles(page, "quit-smoking", "Quitting smoking: it is never too late")
    save_screenshot(page, "result-en")
    check_accessibility(page, "result-en")

    # The last result opens with no signal, in either language.
    page.wait_for_function(RESULT_HAS_BOTH_LANGUAGES)
    context.set_offline(True)
    context.route("**/api/**", lambda route: route.abort("internetdisconnected"))
    page.reload()
    page.wait_for_selector(".glance [data-cancer=lung]")
    page.click("#controls button[lang=zh-CN]")
    page.wait_for_selector(".glance [data-cancer=lung] .glance-name:text('肺癌')")
    page.wait_for_selector("main .button.danger:text('删除我的数据')")
    assert_all_chinese(page)
    advice = page.locator(".articles article").first
    advice.locator("summary").click()  # the advice kept with the result opens offline too
    assert len(advice.locator(".article-body").inner_text()) > 200
    context.unroute("**/api/**")
    context.set_offline(False)
    assert stored_assessments() == 1


CASES = [(woman_58, "en", "breast", "Breast ultrasound", "breast-screening",
          "Breast ultrasound and mammography: screening for breast cancer"),
         (man_62_smoker, "zh-CN", "lung", "低剂量螺旋 CT", "low-dose-ct", "低剂量螺旋CT：肺癌筛查怎么做")]


@pytest.mark.parametrize("persona, language, cancer, test_name, slug, title", CASES,
                         ids=["woman-58-en", "man-62-smoker-zh"])
def test_each_persona_also_finishes_in_the_other_language(context, page, stored_assessments, persona,
                                                          language, cancer, test_name, slug, title):
    start(page, language)
    agree(page)
    answer_until(page, persona())
    # The database is down when they press send: two 503s with Retry-After (to the page or
    # its service worker). The page stays open and online, so only the app's own retry after
    # the wait the server asked for can send it.
    refusals = []

    def database_down(route):
        if route.request.method == "POST" and len(refusals) < 2:
            refusals.append(route.request.url)
            route.fulfill(status=503, headers={"Retry-After": "1"}, content_type="application/json",
                          body=json.dumps({"error": {"code": "service_unavailable", "details": {},
                                                     "message": "Database unavailable."}}))
        else:
            route.fallback()
    context.route("**/api/v1/assessments?*", database_down)
    send(page)
    page.wait_for_selector(f".glance [data-cancer={cancer}]", timeout=15_000)
    context.unroute("**/api/v1/assessments?*")
    assert len(refusals) == 2
    assert test_name in open_details(page, cancer)
    (assert_all_english if language == "en" else assert_all_chinese)(page)
    assert_articles(page, slug, title)
    assert stored_assessments() == 1
