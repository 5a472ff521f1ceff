"""Elder mode, red flags, live checks with the server's words, first-load size, CSP and zoom."""
from __future__ import annotations

import json

from answer_sets import submission, woman_58
from conftest import ARTIFACTS, SENT, check_accessibility, new_phone, save_screenshot
from resident import agree, answer, answer_until, press_next, start, visible_questions

ELDER = "#controls button[aria-pressed]"
BIGGER = "#text-size"


def px(page, selector, prop):
    return float(page.eval_on_selector(selector, f"e => getComputedStyle(e)['{prop}']").rstrip("px"))


def small_targets(page, minimum):
    """Tap targets (buttons, option rows, text boxes) smaller than minimum × minimum."""
    return page.eval_on_selector_all(
        "button:not([hidden]), label.option, input[type=text], input[type=tel]",
        """(els, min) => els.filter(e => e.offsetParent !== null).map(e => {
             const r = e.getBoundingClientRect();
             return [e.textContent.trim().slice(0, 20) || e.id, Math.round(r.width), Math.round(r.height)];
           }).filter(([, w, h]) => w < min || h < min)""", minimum)


def test_elder_mode_large_text_big_targets_one_question_and_red_flags_first(page):
    start(page)
    assert px(page, "body", "fontSize") >= 18 and not small_targets(page, 48)
    page.click(ELDER)
    page.wait_for_selector("html.elder")
    body = px(page, "body", "fontSize")
    assert body >= 22 and abs(px(page, "body", "lineHeight") / body - 1.3) < 0.01
    for size in (2, 3, 1):  # A+ goes round the three sizes
        page.click(BIGGER)
        page.wait_for_selector(f"html[data-text-size='{size}']")
    page.click(BIGGER)
    page.click(BIGGER)
    page.wait_for_selector("html[data-text-size='3']")
    assert px(page, "body", "fontSize") == 30
    page.click(BIGGER)
    page.wait_for_selector("html[data-text-size='1']")
    assert px(page, "body", "fontSize") == 22
    assert not small_targets(page, 60)

    answers = woman_58(current_symptoms=["coughing_blood"], breast_symptoms="yes")
    agree(page)
    assert not small_targets(page, 60)
    answer_until(page, answers, stop_before="first_birth_age")
    assert visible_questions(page) == ["first_birth_age"]  # read with breastfeeding otherwise
    assert not small_targets(page, 60)
    save_screenshot(page, "question-elder-zh")
    check_accessibility(page, "question-elder-zh")
    answer_until(page, answers)
    page.click("main .actions .button.primary")
    page.wait_for_selector(".red-flags")
    order = page.eval_on_selector_all("main > *", "els => els.map(e => e.className)")
    assert order.index("card red-flags") < min(i for i, c in enumerate(order) if "cancer" in c)
    flags = page.inner_text(".red-flags")
    assert "请在几天之内看医生" in flags and "咳血" in flags and "呼吸内科" in flags and "120" in flags
    save_screenshot(page, "result-elder-zh")
    check_accessibility(page, "result-elder-zh")


def test_ranges_are_checked_as_they_type_with_the_servers_rules_and_words(page):
    start(page)
    agree(page)
    answer(page, "sex", "female")  # sex and year of birth share the first screen
    page.fill("#q-birth_year", "19")
    assert page.is_hidden("#q-birth_year-error")  # still typing: no error yet
    page.fill("#q-birth_year", "1900")  # four digits and too early: said at once
    shown = page.inner_text("#q-birth_year-error")
    refused = page.request.post("/api/v1/assessments?lang=zh-CN", data=json.dumps(submission(
        woman_58(birth_year=1900), "6d3c6a52-8f7a-4b8e-9a51-0d3f0c1e2b3a")),
        headers={"Content-Type": "application/json"})
    assert refused.status == 422 and shown == refused.json()["error"]["details"]["birth_year"]
    page.fill("#q-birth_year", "")
    page.click("form.question-form button[type=submit]")
    assert page.inner_text("#q-birth_year-error") == "请回答这个问题。"
    page.fill("#q-birth_year", "1968")
    press_next(page)
    answer(page, "current_symptoms", ["none"])  # symptoms come second
    answer(page, "breast_symptoms", "no")
    page.wait_for_selector("#q-height_cm-unit")  # both answered by taps: on by itself
    assert page.inner_text("#q-height_cm-unit") == "厘米"

    answers = woman_58(tumour_markers_done="yes")
    answer_until(page, answers, stop_before="marker_afp_value")
    assert visible_questions(page) == ["marker_afp_value"]
    page.fill("#q-marker_afp_value", "5")  # show-if, live: the limit question appears
    assert visible_questions(page) == ["marker_afp_value", "marker_afp_limit"]
    page.fill("#q-marker_afp_value", "")  # and goes again
    assert visible_questions(page) == ["marker_afp_value"]

    # A shared phone: "clear my answers", confirmed, leaves nothing of them on the device.
    page.click("main button.link:text('清除我的回答')")
    page.click(".confirm button.danger")
    page.wait_for_function("location.hash === '#/cleared'")
    assert page.evaluate(STORED_DRAFT) is None
    page.goto("/")
    page.wait_for_selector("main .actions .button.primary:text('我同意，开始')")
    assert page.locator("main button.link").count() == 0


STORED_DRAFT = """() => new Promise((resolve) => {
  const open = indexedDB.open("zaoshai");
  open.onsuccess = () => {
    const get = open.result.transaction("kv").objectStore("kv").get("draft");
    get.onsuccess = () => { open.result.close(); resolve(get.result ?? null); };
  };
})"""


def test_first_visit_with_the_install_is_under_150_kb_same_origin_only_and_obeys_the_csp(browser, live_server):
    """The whole first visit: the page, and the service worker's install (the shell fetched
    again with cache: "reload", the icons, both languages' data), counted by the server, since
    the page's DevTools connection does not see the worker's requests."""
    context = new_phone(browser, live_server)  # the app's own CSP, not bypassed
    page = context.new_page()
    problems, origins = [], set()
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    context.on("request", lambda r: origins.add(r.url.split("/")[2]))
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    page_sizes = {}
    # encodedDataLength: what the page itself received (headers included), for comparison
    cdp.on("Network.loadingFinished", lambda e: page_sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    SENT.clear()
    page.goto("/")
    page.wait_for_selector("main .actions .button.primary")
    # Polled from Python: wait_for_function evaluates a string in the page, which the CSP
    # (no 'unsafe-eval') rightly refuses. The worker controls the page once activated, which
    # comes after its install has cached the shell and the data.
    for _ in range(200):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            break
        page.wait_for_timeout(50)
    assert page.evaluate("navigator.serviceWorker.controller !== null"), "the worker never took over"
    page.wait_for_load_state("networkidle")
    sent = list(SENT)
    total = sum(size for _path, size, _encoding in sent)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "first-load.json").write_text(json.dumps({
        "total_bytes": total, "requests": len(sent), "page_only_bytes": sum(page_sizes.values()),
        "content_encodings": sorted({encoding for _path, _size, encoding in sent}),
        "sent": sorted(sent, key=lambda x: -x[1])}, indent=1))
    context.close()
    assert total < 150_000, f"the first visit sent {total} bytes in {len(sent)} responses"
    # the shell really was fetched twice (page, then install): the count includes the install
    assert [path for path, _size, _encoding in sent].count("/js/app.js") == 2
    # the app compresses what it serves (a front web server may do it instead in production)
    assert {encoding for path, _size, encoding in sent if path.endswith(".js")} & {"br", "gzip"}
    assert origins == {live_server.split("/")[2]}, origins
    assert not problems, problems


def test_start_and_questions_fit_a_phone_at_200_percent_zoom(browser, live_server):
    # 200 % zoom on a 390 px wide phone leaves 195 CSS pixels
    context = new_phone(browser, live_server, viewport={"width": 195, "height": 422})
    page = context.new_page()
    overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    start(page)
    assert page.evaluate(overflow) <= 0
    agree(page)
    assert page.evaluate(overflow) <= 0
    answer(page, "sex", "male")
    answer(page, "birth_year", "1960")
    press_next(page)
    assert page.evaluate(overflow) <= 0
    context.close()


def test_elder_mode_at_200_percent_zoom_shows_the_first_question_on_the_first_screen(browser, live_server):
    context = new_phone(browser, live_server, viewport={"width": 195, "height": 422})
    page = context.new_page()
    start(page)
    page.click("#elder")
    page.wait_for_selector("html.elder")
    header = page.eval_on_selector("header.top", "e => e.getBoundingClientRect().height")
    assert header <= 422 * 0.25, header  # slim: at most two rows of switches
    left = page.eval_on_selector_all("#controls button", "els => Math.min(...els.map(e => e.getBoundingClientRect().left))")
    assert left >= 0, left  # every switch on the screen, none pushed off its left edge
    agree(page)
    # the question and its first option are in view without scrolling, nothing sideways
    first = page.eval_on_selector("[data-link-id=sex] label.option", "e => e.getBoundingClientRect().bottom")
    assert first <= 422, first
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    box = page.eval_on_selector("[data-link-id=sex] input", "e => e.getBoundingClientRect().width")
    assert box >= 28, box  # the radio button grows with the text (was 19 px)
    save_screenshot(page, "question-elder-200-zh")
    page.click("#controls button[lang=en]")
    page.wait_for_selector("html[lang=en]")
    page.wait_for_selector("[data-link-id=sex] legend:text('Are you a man or a woman?')")
    first = page.eval_on_selector("[data-link-id=sex] label.option", "e => e.getBoundingClientRect().bottom")
    assert first <= 422, first
    page.screenshot(path=str(save_screenshot(page, "question-elder-200-en")))
    context.close()
