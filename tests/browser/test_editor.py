"""The health-education editors' workspace in a real browser at 1280×800 (issue 6).

One editor's afternoon: write an article for smokers (with an XSS payload in the body),
preview it on a phone in both languages, publish it, see it in a matching resident's result,
change it, compare the versions, roll back, unpublish. Also: the list flags a published
article missing a translation, the editor cannot reach the doctors' pages, and axe finds no
serious or critical problem on the list, the form and the history.
"""
from __future__ import annotations

import uuid

import pytest

from answer_sets import man_62_smoker, submission
from conftest import check_accessibility, save_screenshot
from staff import open_desk, switch_language

PASSWORD = "correct horse battery staple"
SLUG = "smoke-free-home"
TITLE_EN, TITLE_EN_2 = "A smoke-free home", "Make your home smoke-free"
XSS = ("\n\n<script>window.__xss = 1</script>\n\n<img src=x onerror=\"window.__xss = 1\">\n\n"
       "[click me](javascript:window.__xss=1)\n\n<svg onload=\"window.__xss = 1\"></svg>")
SMOKER_LEVELS = ["smoking:current_under_20_pack_years", "smoking:current_20_to_29_pack_years",
                 "smoking:current_30_pack_years_or_more", "current_smoking:yes"]


@pytest.fixture(scope="module")
def editor_account(live_app):
    from backend.accounts import service
    from backend.content.starter import load_starter_library
    from backend.extensions import db

    with live_app.app_context():
        load_starter_library()
        if service.find_user("editor-li") is None:
            service.create_user("editor-li", PASSWORD, "editor", None, display_name="Li Hua")
        db.session.remove()
    return "editor-li"


@pytest.fixture
def desk(browser, live_server, editor_account):
    """A desktop browser signed in as the editor (bypass_csp: axe is injected inline)."""
    context, page, problems = open_desk(browser, live_server)
    page.goto("/staff.html")
    page.fill("#username", editor_account)
    page.fill("#password", PASSWORD)
    page.click("form.signin button[type=submit]")
    page.wait_for_selector("table.articles-table tbody tr")
    yield page
    context.close()
    assert not problems, problems


def csrf(page) -> dict:
    return {"X-CSRFToken": page.request.get("/api/v1/auth/me").json()["csrf_token"]}


def resident_articles(page) -> dict[str, dict]:
    """A matching resident (a man of 62 who smokes) submits; his result's articles by slug."""
    response = page.request.post("/api/v1/assessments?lang=en",
                                 data=submission(man_62_smoker(), str(uuid.uuid4())))
    assert response.status == 201, response.text()
    return {article["slug"]: article for article in response.json()["articles"]}


def write_article(page) -> None:
    page.click("main a[href='#/editor/articles/new']")
    page.wait_for_selector("form.article-form #slug")
    page.fill("#slug", "Not A Slug")  # the API's message must appear next to the field
    page.select_option("#kind", "factor")
    page.fill("#title-zh-CN", "家里不吸烟")
    page.fill("#summary-zh-CN", "在家不吸烟，保护家人。")
    page.fill("#body-zh-CN", "## 为什么\n二手烟也会**伤害**家人。\n\n- 到户外吸烟\n- 找家庭医生帮忙戒烟")
    page.fill("#title-en", TITLE_EN)
    page.fill("#summary-en", "Keep smoke out of your home to protect your family.")
    page.fill("#body-en", "## Why\nSecond-hand smoke **harms** your family.\n\n- smoke outside\n"
                          "- ask your family doctor for help to quit" + XSS)
    for level in SMOKER_LEVELS:
        page.check(f"input[name=factors][value='{level}']")
    page.click("form.article-form button[type=submit]:not([data-then])")
    page.wait_for_selector("#error-slug:not(:empty)")
    assert page.get_attribute("#slug", "aria-invalid") == "true"
    page.fill("#slug", SLUG)


def check_phone_preview(page) -> None:
    page.wait_for_selector("figure.phone[data-lang=en] iframe.phone-frame")
    for lang, heading in (("zh-CN", "为什么"), ("en", "Why")):
        frame = page.locator(f"figure.phone[data-lang='{lang}'] iframe").element_handle().content_frame()
        frame.wait_for_selector("article.article .article-body h2")
        assert frame.evaluate("window.innerWidth") == 390  # the viewport a phone has
        assert frame.inner_text(".article-body h2") == heading
        assert frame.evaluate("getComputedStyle(document.body).fontSize") == "18px"  # app.css
        danger = frame.evaluate("""() => ({
          scripts: document.querySelectorAll('script, svg, img, iframe').length,
          handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes]
            .some(a => a.name.startsWith('on'))).length,
          jsLinks: document.querySelectorAll('a[href^="javascript"]').length,
          flag: window.__xss })""")
        assert danger == {"scripts": 0, "handlers": 0, "jsLinks": 0, "flag": None}, danger
    assert "window.__xss" in page.locator("figure.phone[data-lang=en] iframe").element_handle() \
        .content_frame().inner_text(".article-body")  # typed HTML is shown as text, not run
    assert page.evaluate("window.__xss === undefined")


def test_write_preview_publish_match_compare_roll_back_unpublish(desk):
    page = desk
    nav = page.eval_on_selector_all("#nav a", "links => links.map(a => a.getAttribute('href'))")
    assert "#/editor/articles" in nav and not [href for href in nav if "doctor" in href]
    check_accessibility(page, "editor-list")
    save_screenshot(page, "editor-list")

    write_article(page)
    check_accessibility(page, "editor-edit")
    save_screenshot(page, "editor-edit")
    page.click("form.article-form button[data-then=preview]")
    check_phone_preview(page)
    save_screenshot(page, "editor-preview")
    assert SLUG not in resident_articles(page)  # a draft reaches nobody

    page.click("#publish")
    page.wait_for_selector(".state-line .state-published")
    assert resident_articles(page)[SLUG]["title"] == TITLE_EN
    seen = page.request.get(f"/api/v1/content/published/{SLUG}?lang=en").json()  # its body
    assert seen["title"] == TITLE_EN and "<h2>Why</h2>" in seen["html"]
    assert not [tag for tag in ("<script", "<img", "<svg", 'href="javascript') if tag in seen["html"]]

    page.click(f"main .article-actions a[href='#/editor/articles/{SLUG}']")
    page.wait_for_selector("#title-en")
    page.fill("#title-en", TITLE_EN_2)
    page.click("form.article-form button[type=submit]:not([data-then])")
    page.wait_for_selector("main .status:has-text('2')")
    page.click("#publish")
    page.wait_for_selector(".state-line .state-published")
    assert resident_articles(page)[SLUG]["title"] == TITLE_EN_2

    page.click("main .article-actions a[href$='/history']")
    page.wait_for_selector(".diff-lines")
    assert page.inner_text(".diff-del del") == TITLE_EN
    assert page.inner_text(".diff-add ins") == TITLE_EN_2
    assert page.locator(".diff-del .visually-hidden").count() == 1  # said in words, not colour
    check_accessibility(page, "editor-diff")
    save_screenshot(page, "editor-diff")

    page.set_viewport_size({"width": 1366, "height": 768})
    page.click("button[data-rollback='1']")
    page.fill("#rollback-note-1", "标题未获批准")  # asked with the confirmation
    save_screenshot(page, "editor-rollback-note-zh")
    page.click(".confirm .button.secondary")  # not now: the button is back
    switch_language(page, "en")
    page.click("button[data-rollback='1']")
    page.fill("#rollback-note-1", "The new title was not approved")
    save_screenshot(page, "editor-rollback-note-en")
    check_accessibility(page, "editor-rollback-note-en")
    page.click(".confirm .button.danger")
    page.wait_for_selector("tr[data-version='3']")
    notes = page.inner_text("tr[data-version='3'] .notes")
    assert "1" in notes and "The new title was not approved" in notes
    assert resident_articles(page)[SLUG]["title"] == TITLE_EN

    page.click("#unpublish")
    page.click(".confirm .button.danger")
    page.wait_for_selector(".state-line .state-unpublished")
    assert page.request.get(f"/api/v1/content/published/{SLUG}?lang=en").status == 404
    assert SLUG not in resident_articles(page)


def test_the_list_flags_a_published_article_missing_a_translation_and_doctors_pages_stay_shut(desk):
    page = desk
    body = {"slug": "chinese-only", "kind": "general", "texts": {
        "zh-CN": {"title": "只有中文", "summary": "摘要。", "body": "正文。"},
        "en": {"title": "", "summary": "", "body": ""}}}
    assert page.request.post("/api/v1/content/articles", data=body, headers=csrf(page)).status == 201
    assert page.request.post("/api/v1/content/articles/chinese-only/publish", data={},
                             headers=csrf(page)).status == 200
    page.reload()
    page.wait_for_selector("tr[data-slug='chinese-only']")
    flag = page.inner_text("tr[data-slug='chinese-only'] .flag-missing")
    assert "English" in flag or "英文" in flag
    page.check("#article-problems")
    assert page.eval_on_selector_all("table.articles-table tbody tr", "rows => rows.map(r => r.dataset.slug)") \
        == ["chinese-only"]

    assert page.request.get("/api/v1/doctor/worklist").status == 403
    page.evaluate("location.hash = '#/doctor/worklist'")
    page.wait_for_function("location.hash === '#/editor/articles'")
