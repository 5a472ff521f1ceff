"""The resident's ten minutes, counted: the 58-year-old woman (mother had breast cancer, HBsAg
positive) from the start page to her result, in normal and in elder mode.

Taps are what a person does: a tap on an option, a tap into a number box (typing is not
counted), Next, the consent box, Start and Send. The reading time is estimated from the text
on each screen at 250 Chinese characters a minute (a slow reader), plus 3 s per tap.
Figures are printed and written to test-artifacts/journey.json for the issue's note.
"""
from __future__ import annotations

import json
import re

from answer_sets import woman_58
from conftest import ARTIFACTS, check_accessibility, save_screenshot
from resident import (NEXT, PRIMARY, hash_of, open_details, start, visible_questions,
                      wait_for_drawn, wait_for_screen_change)

HAN = re.compile(r"[\u4e00-\u9fff]")
PERSONA = woman_58(hbsag_test="positive")


def walk(page, elder: bool) -> dict:
    counts = {"screens": 0, "taps": 0, "characters": 0}
    start(page)
    if elder:
        page.click("#elder")
        page.wait_for_selector("html.elder")
    page.check("#consent-health")
    page.click(PRIMARY)
    counts["taps"] += 2
    wait_for_screen_change(page, "")
    while re.match(r"#/q/", hash_of(page)):
        counts["screens"] += 1
        counts["characters"] += len(HAN.findall(page.inner_text("main form")))
        before = hash_of(page)
        done = []
        while True:
            todo = [q for q in visible_questions(page) if q not in done]
            if not todo or hash_of(page) != before:
                break
            link_id = todo[0]
            done.append(link_id)
            if link_id not in PERSONA:
                continue
            block = page.locator(f"form.question-form [data-link-id='{link_id}']")
            value = PERSONA[link_id]
            if block.evaluate("e => e.tagName") == "FIELDSET":
                for code in value if isinstance(value, list) else [value]:
                    block.locator(f"label[data-code='{code}']").click()
                    counts["taps"] += 1
            else:
                block.locator("input[type=text], input[type=tel]").fill(str(value))
                counts["taps"] += 1
        try:
            page.wait_for_function("h => location.hash !== h", arg=before, timeout=900)
        except Exception:
            page.click(NEXT)
            counts["taps"] += 1
            page.wait_for_function("h => location.hash !== h", arg=before)
        wait_for_drawn(page)
    assert hash_of(page) == "#/review"
    page.click(PRIMARY)
    counts["taps"] += 1
    page.wait_for_selector(".glance [data-cancer=breast]")
    counts["minutes"] = round(counts["characters"] / 250 + counts["taps"] * 3 / 60, 1)
    return counts


def test_the_58_year_old_woman_in_normal_and_elder_mode(browser, live_server, stored_assessments):
    from conftest import new_phone
    figures = {}
    for mode in ("normal", "elder"):
        context = new_phone(browser, live_server, bypass_csp=True)
        page = context.new_page()
        figures[mode] = walk(page, elder=mode == "elder")
        liver = open_details(page, "liver")
        assert "乙肝" in liver or "HBsAg" in liver  # the merged hepatitis B question counts
        context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "journey.json").write_text(json.dumps(figures, indent=1))
    print("journey", figures)
    assert figures["normal"]["screens"] <= 30 and figures["normal"]["taps"] <= 60, figures
    assert figures["elder"]["screens"] <= 45, figures
    assert stored_assessments() == 2


def test_a_symptom_ticked_offline_shows_its_notice_at_once(context, page):
    start(page)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.check("#consent-health")
    page.click(PRIMARY)
    wait_for_screen_change(page, "")
    context.set_offline(True)
    context.route("**/api/**", lambda route: route.abort("internetdisconnected"))
    page.click("[data-link-id=sex] label[data-code=female]")
    page.fill("#q-birth_year", "1968")
    page.click(NEXT)
    page.wait_for_selector("[data-link-id=current_symptoms]")
    assert not page.is_visible(".symptom-notice")
    page.click("[data-link-id=current_symptoms] label[data-code=blood_or_mucus_stool]")
    notice = page.inner_text("[data-link-id=current_symptoms] .symptom-notice")
    assert "消化内科" in notice and "120" in notice and "请去看医生" in notice
    page.click("[data-link-id=breast_symptoms] label[data-code=yes]")
    assert "乳腺外科" in page.inner_text("[data-link-id=breast_symptoms] .symptom-notice")
    page.wait_for_timeout(800)
    assert hash_of(page) == "#/q/current_symptoms"  # a notice is showing: no moving on by itself
    save_screenshot(page, "symptoms-notice-zh")
    check_accessibility(page, "symptoms-notice-zh")
    context.unroute("**/api/**")
    context.set_offline(False)
    page.click("#controls button[lang=en]")
    page.wait_for_selector(".symptom-notice:has-text('colorectal clinic')")
    save_screenshot(page, "symptoms-notice-en")
    check_accessibility(page, "symptoms-notice-en")
