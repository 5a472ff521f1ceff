"""A resident's hands: drive the PWA's screens from an answer set ({linkId: value}).

Questions are found by the ``data-link-id`` their blocks carry and answered as a person
would: tapping an option's label, typing into a box. Anything not in the answer set is left
blank (optional questions).
"""
from __future__ import annotations

import re

NEXT = "form.question-form button[type=submit]"
PRIMARY = "main .actions .button.primary"


def hash_of(page) -> str:
    return page.evaluate("location.hash")


# app.js marks <main> with the hash it has finished drawing (screens load on demand)
DRAWN = "() => document.getElementById('main').dataset.shown === location.hash"


def wait_for_drawn(page) -> None:
    page.wait_for_function(DRAWN)


def wait_for_screen_change(page, before: str) -> None:
    page.wait_for_function("h => location.hash !== h", arg=before)
    wait_for_drawn(page)


def start(page, language: str = "zh-CN") -> None:
    page.goto("/")
    wait_for_drawn(page)
    if language == "en":
        page.click("#controls button[lang=en]")
        page.wait_for_function("document.documentElement.lang === 'en' && "
                               "!/[\\u4e00-\\u9fff]/.test(document.querySelector('main').innerText)")


def agree(page) -> None:
    """Tick the consent for health information (when asked: the first time), then start."""
    before = hash_of(page)
    if page.locator("#consent-health").count():
        page.check("#consent-health")
    page.click(PRIMARY)
    wait_for_screen_change(page, before)


def visible_questions(page) -> list[str]:
    return page.eval_on_selector_all(
        "form.question-form [data-link-id]",
        "els => els.filter(e => !e.closest('[hidden]')).map(e => e.dataset.linkId)")


def answer(page, link_id: str, value) -> None:
    block = page.locator(f"form.question-form [data-link-id='{link_id}']")
    if block.evaluate("e => e.tagName") == "FIELDSET":
        for code in value if isinstance(value, list) else [value]:
            block.locator(f"label[data-code='{code}']").click()
    else:
        block.locator("input[type=text], input[type=tel]").fill(str(value))


def answer_screen(page, answers: dict) -> list[str]:
    """Answer what this screen shows (follow-ups may appear as answers go in)."""
    done: list[str] = []
    while True:
        todo = [q for q in visible_questions(page) if q not in done]
        if not todo:
            return done
        link_id = todo[0]
        if link_id in answers:
            answer(page, link_id, answers[link_id])
        done.append(link_id)


def press_next(page) -> None:
    before = hash_of(page)
    page.click(NEXT)
    try:
        page.wait_for_function("h => location.hash !== h", arg=before, timeout=5000)
    except Exception:
        errors = page.eval_on_selector_all(".error:not([hidden])", "els => els.map(e => e.textContent)")
        raise AssertionError(f"stuck on {before}: {errors}") from None
    wait_for_drawn(page)


def moved_on_by_itself(page, before: str) -> bool:
    """Normal mode: a tap that completes a screen moves on after 400 ms (screens/question.js)."""
    try:
        page.wait_for_function("h => location.hash !== h", arg=before, timeout=900)
    except Exception:
        return False
    wait_for_drawn(page)
    return True


def answer_until(page, answers: dict, stop_before: str | None = None) -> list[str]:
    """Answer screen after screen until the review (or the screen showing ``stop_before``)."""
    seen: list[str] = []
    while re.match(r"#/q/", hash_of(page)):
        if stop_before and stop_before in visible_questions(page):
            return seen
        before = hash_of(page)
        seen += answer_screen(page, answers)
        if not moved_on_by_itself(page, before):
            press_next(page)
    assert hash_of(page) == "#/review", hash_of(page)
    return seen


def send(page) -> None:
    page.click(PRIMARY)


OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def assert_fits_at_200_percent_zoom(page) -> None:
    """200 % zoom on a 390 px phone leaves 195 CSS pixels: nothing may scroll sideways."""
    page.set_viewport_size({"width": 195, "height": 422})
    try:
        assert page.evaluate(OVERFLOW) <= 0
    finally:
        page.set_viewport_size({"width": 390, "height": 844})


def open_details(page, cancer: str) -> str:
    """Unfold one cancer's details below the summary, as a resident taps it; its text."""
    page.wait_for_selector(f".glance [data-cancer={cancer}]")
    details = page.locator(f"#details-{cancer}")
    if not details.evaluate("e => e.open"):
        details.locator("summary").click()
    page.wait_for_selector(f".cancer[data-cancer={cancer}]")
    return page.inner_text(f".cancer[data-cancer={cancer}]")
