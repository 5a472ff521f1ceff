"""A resident's whole visit in a real browser, in Chinese and in English, online and offline."""
from __future__ import annotations

import re

from answer_sets import man_62_smoker, woman_58
from conftest import check_accessibility, save_screenshot
from resident import (PRIMARY, agree, answer_until, hash_of, send, start, visible_questions,
                      wait_for_screen_change)

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
    page.wait_for_function("location.hash === '#/q/education'")
    page.wait_for_selector("form.question-form label[data-code=junior_secondary] input:checked")
    page.goto("/")  # and from the start page: "continue where I left off"
    page.wait_for_selector("main h1")
    agree(page)
    assert hash_of(page) == "#/q/education"

    answer_until(page, answers, stop_before="live_births")
    assert_all_chinese(page)
    save_screenshot(page, "question-zh")
    check_accessibility(page, "question-zh")
    answer_until(page, answers)
    send(page)
    page.wait_for_selector(".cancer[data-cancer=breast]")
    result = main_text(page)
    assert "已发送" in result or "发送" in result
    breast = page.inner_text(".cancer[data-cancer=breast]")
    assert "高" in breast and "乳腺超声" in breast and "示例市" in breast
    assert page.locator(".cancer[data-cancer=breast] figure svg").count() == 2
    assert_all_chinese(page)
    save_screenshot(page, "result-zh")
    check_accessibility(page, "result-zh")
    assert stored_assessments() == 1

    page.click("main .button.danger")
    page.click(".confirm .button.danger")
    page.wait_for_function("location.hash === '#/deleted'")
    assert stored_assessments() == 0


RESULT_HAS_BOTH_LANGUAGES = """() => new Promise((resolve) => {
  const open = indexedDB.open("zaoshai");
  open.onsuccess = () => {
    const get = open.result.transaction("kv").objectStore("kv").get("result");
    get.onsuccess = () => { open.result.close(); resolve(Object.keys(get.result?.byLang || {}).length === 2); };
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
    from resident import answer_screen, press_next
    answer_screen(page, answers)
    assert page.inner_text("#q-cigarettes_per_day-unit") == "cigarettes"
    assert_all_english(page)
    save_screenshot(page, "question-en")
    check_accessibility(page, "question-en")
    press_next(page)
    answer_until(page, answers)

    # No signal. set_offline does not stop the service worker's own requests: abort them too.
    context.set_offline(True)
    context.route("**/api/v1/assessments**", lambda route: route.abort("internetdisconnected"))
    send(page)
    page.wait_for_function("location.hash === '#/sending'")
    page.wait_for_selector("main h1:text('Waiting to send')")
    assert stored_assessments() == 0
    page.reload()  # offline: the service worker opens the app from its cache
    page.wait_for_selector("main h1:text('Waiting to send')")
    page.goto("/#/start")
    page.wait_for_selector(".notice:has-text('Waiting to send')")
    assert stored_assessments() == 0

    context.unroute("**/api/v1/assessments**")
    context.set_offline(False)  # the browser says "online": the outbox is sent
    page.wait_for_selector(".cancer[data-cancer=lung]")
    assert "Sent" in page.inner_text(".status.sent")
    assert stored_assessments() == 1
    lung = page.inner_text(".cancer[data-cancer=lung]")
    assert "High" in lung and "30 pack-years" in lung and "Low-dose CT" in lung
    assert "If you stop smoking" in lung
    assert_all_english(page)
    save_screenshot(page, "result-en")
    check_accessibility(page, "result-en")

    # The last result opens with no signal, in either language.
    page.wait_for_function(RESULT_HAS_BOTH_LANGUAGES)
    context.set_offline(True)
    context.route("**/api/**", lambda route: route.abort("internetdisconnected"))
    page.reload()
    page.wait_for_selector(".cancer[data-cancer=lung]")
    page.click("#controls button[lang=zh-CN]")
    page.wait_for_selector(".cancer[data-cancer=lung] h2:text('肺癌')")
    page.wait_for_selector("main .button.danger:text('删除我的数据')")
    assert_all_chinese(page)
    context.unroute("**/api/**")
    context.set_offline(False)
    assert stored_assessments() == 1
