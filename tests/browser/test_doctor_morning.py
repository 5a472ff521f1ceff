"""A family doctor's morning in the action queue, at 1366×768 (issue 13, "Done when").

The test builds the centre's data: 300 residents who shared over 75 days (most with screening
recommended, some with nothing to act on, a few urgent ones), among them a resident with
AFP 410 ng/mL (limit 7) and one with jaundice waiting 69 days. Both must be on the first
screen of the default queue, which must show at least ten rows without scrolling. Then the
doctor follows up ten residents from the default queue, one follow-up each, using only the
app's own controls (no typed addresses, no browser Back), and every click and key press is
counted: at most 30. The back link and "save and next" keep the queue's filters and page.
"""
from __future__ import annotations

import uuid
from urllib.parse import quote
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

from answer_sets import man_62_smoker, woman_58
from backend.assessments.service import Submission, submit_assessment
from backend.accounts import service
from backend.accounts.staff import staff_from_user
from backend.assessments.tables import Assessment, QueueItem
from backend.doctors import queue, records
from backend.doctors.tables import FollowUp
from backend.extensions import db
from conftest import check_accessibility, save_screenshot
from staff import OWN, open_desk, sign_in, staff_accounts, switch_language  # noqa: F401 (fixture)

SCREEN = {"width": 1366, "height": 768}
ROWS = "#worklist tbody tr"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ("秀英", "建国", "桂兰", "志强", "淑珍", "国平", "玉梅", "德明", "丽华", "文军",
         "海燕", "春生", "美玲", "永刚", "凤英")
QUIET = {"smoking_status": "never", "hot_food": "no", "passive_smoking": "no",
         "salty_taste": "light", "alcohol_frequency": "never"}


def _resident(n: int) -> tuple[dict, int]:
    """The n-th resident's answers and how many days ago they submitted."""
    contact = {"centre": OWN, "share_with_doctor": "yes",
               "contact_name": SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)],
               "contact_phone": f"139{n:08d}"}
    days = n % 75
    if n == 0:
        return man_62_smoker(**QUIET, **contact, current_symptoms=["jaundice"]), 69
    if n == 1:
        return man_62_smoker(**QUIET, **contact, tumour_markers_done="yes",
                             marker_afp_value=410.0, marker_afp_limit=7.0), 12
    if n % 60 == 7:  # a few other urgent ones, waiting less long
        return woman_58(**contact, current_symptoms=["cough_over_3_weeks"]), days % 40
    if n % 4 == 3:  # nothing to act on: no red flag, no screening recommended
        return man_62_smoker(**QUIET, **contact, birth_year=date.today().year - 40), days
    if n % 2:
        return woman_58(**contact, birth_year=date.today().year - 52 - n % 15), days
    return man_62_smoker(**contact, birth_year=date.today().year - 55 - n % 15), days


@pytest.fixture
def morning_residents(live_app):
    """300 residents who shared with OWN over 75 days; {"jaundice": id, "afp": id}."""
    ids = {}
    now = datetime.now(timezone.utc)
    with live_app.app_context():
        for n in [*range(300), 5, 5]:  # resident 5 submitted three times: one row
            answers, days = _resident(n)
            submission = Submission(str(uuid.uuid4()), "cancer-risk", "2", answers)
            row, _ = submit_assessment(submission, "zh-CN")
            db.session.execute(update(Assessment).where(Assessment.id == row.id).values(
                created_at=now - timedelta(days=days, minutes=n)))
            queue.refresh(db.session.get(Assessment, row.id))
            if n < 2:
                ids[("jaundice", "afp")[n]] = row.id
        db.session.commit()
        db.session.remove()
    return ids


class Counter:
    """Clicks and key presses, made through here only."""

    def __init__(self, page):
        self.page, self.actions = page, 0

    def click(self, selector: str) -> None:
        self.actions += 1
        self.page.click(selector)

    def check(self, selector: str) -> None:
        self.actions += 1
        self.page.check(selector)


def first_screen_rows(page) -> list[str]:
    """The ids of the queue's rows that are wholly visible without scrolling."""
    return page.evaluate("""h => [...document.querySelectorAll('#worklist tbody tr')]
        .filter(r => r.getBoundingClientRect().bottom <= h).map(r => r.dataset.id)""",
                         SCREEN["height"])


def follow_ups(app) -> list[tuple[str, str]]:
    with app.app_context():
        try:
            return [tuple(r) for r in db.session.execute(
                select(FollowUp.assessment_id, FollowUp.status).order_by(FollowUp.id))]
        finally:
            db.session.remove()


def test_a_doctors_morning_in_at_most_30_clicks_and_keys(browser, live_server, live_app,
                                                         staff_accounts, morning_residents):
    context, page, problems = open_desk(browser, live_server)
    page.set_viewport_size(SCREEN)
    page.goto("/staff.html")
    sign_in(page, "dr-wang")
    page.wait_for_selector(ROWS)
    visible = first_screen_rows(page)
    assert len(visible) >= 10, len(visible)
    assert morning_residents["jaundice"] in visible and morning_residents["afp"] in visible
    assert visible[0] == morning_residents["jaundice"]  # urgent, waiting longest
    text = page.inner_text("#worklist")
    assert "黄疸" in text and "AFP 410（上限 7）" in text and "69天" in text
    save_screenshot(page, "doctor-queue")
    check_accessibility(page, "doctor-queue-zh")
    queue_order = page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.dataset.id)")

    count = Counter(page)
    count.click(f"{ROWS}:first-child td.who a")
    statuses = ["contacted", "booked", "unreachable", "contacted", "declined",
                "contacted", "unreachable", "booked", "contacted", "contacted"]
    for n, status in enumerate(statuses):
        page.wait_for_selector(f"#follow-up-form[data-id='{queue_order[n]}']")
        if n == 0:
            text = page.inner_text("main")
            assert "自述症状：黄疸" in text and "您填写的症状" not in text  # words for a doctor
            assert " 0%" not in text and ": " not in text and ", " not in text
            save_screenshot(page, "doctor-detail-queue")
            check_accessibility(page, "doctor-detail-queue-zh")
        count.check(f"#fu-status-{status}")
        count.click("#fu-save-next")
    page.wait_for_selector(f"#follow-up-form[data-id='{queue_order[10]}']")  # "save and next" went on down the same list
    done = follow_ups(live_app)
    assert [a for a, _ in done] == queue_order[:10]  # one follow-up each, queue order
    assert [s for _, s in done] == statuses
    print(f"\nA doctor's morning: 10 residents, one follow-up each, {count.actions} clicks "
          f"and keys (limit 30)")
    assert count.actions <= 30

    count.click("#back-to-queue")
    page.wait_for_selector(ROWS)
    after = page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.dataset.id)")
    assert queue_order[4] not in after  # declined: closed, it left the open queue
    context.close()
    assert not problems, problems


def test_search_finds_a_resident_and_repeat_submissions_are_one_person(
        browser, live_server, live_app, staff_accounts, morning_residents):
    context, page, problems = open_desk(browser, live_server)
    page.set_viewport_size(SCREEN)
    page.goto("/staff.html")
    sign_in(page, "dr-wang")
    page.wait_for_selector(ROWS)
    assert "共300位" in page.inner_text("#result-count")  # 302 submissions, 300 people
    page.fill("#q", "139 0000 0005")
    page.press("#q", "Enter")
    page.wait_for_function("() => document.querySelectorAll('#worklist tbody tr').length === 3")
    page.fill("#q", "13900000001")
    page.press("#q", "Enter")
    page.wait_for_function("() => document.querySelectorAll('#worklist tbody tr').length === 1")
    page.click(f"{ROWS} td.who a")
    page.wait_for_selector(f"#follow-up-form[data-id='{morning_residents['afp']}']")
    page.click("#back-to-queue")
    page.wait_for_selector("#q")
    assert page.input_value("#q") == "13900000001"
    page.fill("#q", _resident(5)[0]["contact_name"])
    page.press("#q", "Enter")
    page.wait_for_function("() => !location.hash.includes('q=139')")
    page.wait_for_function("() => document.querySelectorAll('#worklist tbody tr').length >= 3")
    page.fill("#q", "13900000005")
    page.press("#q", "Enter")
    page.wait_for_function("() => document.querySelectorAll('#worklist tbody tr').length === 3")
    page.click(f"{ROWS}:first-child td.who a")
    page.wait_for_selector("#earlier li")
    assert len(page.query_selector_all("#earlier li")) == 2
    save_screenshot(page, "doctor-detail-earlier")
    context.close()
    assert not problems, problems


def test_the_back_link_and_save_and_next_keep_the_filters_and_page(browser, live_server,
                                                                    live_app, staff_accounts,
                                                                    morning_residents):
    context, page, problems = open_desk(browser, live_server)
    page.set_viewport_size(SCREEN)
    page.goto("/staff.html")
    sign_in(page, "dr-wang")
    page.wait_for_selector(ROWS)
    page.select_option("#tier", "2")
    page.wait_for_function("() => location.hash.includes('tier=2')")
    page.wait_for_function("() => !document.querySelector('#worklist .tier-1')")
    page.select_option("#per_page", "10")
    page.wait_for_function("() => location.hash.includes('per_page=10')")
    page.wait_for_function("() => document.querySelectorAll('#worklist tbody tr').length === 10")
    first_page = page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.dataset.id)")
    page.click("nav.pager button:last-child")
    # The server's cursor says where page 2 starts (keyset); page=2 is the number shown.
    page.wait_for_function("() => location.hash.includes('page=2') && location.hash.includes('after=')")
    # the hash changes before page 2 is drawn: wait for its rows, not for page 1's
    page.wait_for_function("""first => {
        const ids = [...document.querySelectorAll('#worklist tbody tr')].map(r => r.dataset.id);
        return ids.length === 10 && !ids.includes(first[0]);
    }""", arg=first_page)
    assert page.eval_on_selector_all(ROWS, "r => r.length") == 10  # the doctor's page size
    listed = page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.dataset.id)")
    hash_before = page.evaluate("location.hash")
    page.click(f"{ROWS}:nth-child(3) td.who a")
    page.wait_for_selector(f"#follow-up-form[data-id='{listed[2]}']")
    page.check("#fu-status-contacted")
    page.click("#fu-save-next")
    page.wait_for_selector(f"#follow-up-form[data-id='{listed[3]}']")
    page.click("#back-to-queue")
    page.wait_for_selector(ROWS)
    assert page.evaluate("location.hash") == hash_before
    assert page.input_value("#tier") == "2" and page.input_value("#per_page") == "10"
    assert "第2页" in page.inner_text("nav.pager")
    save_screenshot(page, "doctor-queue-page-2")
    page.click("nav.pager button:first-child")  # back to page 1 through its "before" cursor
    page.wait_for_function("() => location.hash.includes('before=')")
    page.wait_for_function("n => document.querySelector('nav.pager span').textContent.startsWith('第1页')")
    assert page.eval_on_selector_all(ROWS, "rows => rows.map(r => r.dataset.id)") == first_page
    assert page.is_disabled("nav.pager button:first-child")
    with live_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 1
        db.session.remove()
    context.close()
    assert not problems, problems


def test_the_longest_follow_up_line_fits_the_queue_at_1366(browser, live_server, live_app,
                                                           staff_accounts):
    """Two calls unanswered and overdue: the longest line a follow-up cell shows, beside the
    longest name and reason. It used to stay on one line and push the table wider than the
    screen, so that the follow-up column was cut off at the right."""
    with live_app.app_context():
        doctor = staff_from_user(service.find_user("dr-wang"))
        answers = woman_58(centre=OWN, share_with_doctor="yes", contact_name="欧阳慕容秀英",
                           contact_phone="13900000077", current_symptoms=["cough_over_3_weeks"])
        row, _ = submit_assessment(Submission(str(uuid.uuid4()), "cancer-risk", "2", answers), "zh-CN")
        for days_ago in (9, 6):
            records.add_follow_up(doctor, row.id, {"status": "unreachable",
                                                   "date": date.today() - timedelta(days=days_ago)})
        db.session.execute(update(QueueItem).where(QueueItem.assessment_id == row.id)
                           .values(due_on=date.today() - timedelta(days=3)))
        db.session.commit()
        number = row.id
        db.session.remove()
    context, page, problems = open_desk(browser, live_server)
    page.set_viewport_size(SCREEN)
    page.goto("/staff.html#/doctor/worklist?q=" + quote("欧阳慕容秀英"))
    sign_in(page, "dr-wang")
    for language, unanswered, overdue in (("zh-CN", "3次电话中2次未接通", "逾期"),
                                          ("en", "2 of 3 calls unanswered", "Overdue since")):
        if language == "en":
            switch_language(page, "en")
        cell = page.locator(f"{ROWS}[data-id='{number}'] td.follow-up:has-text('{unanswered}')")
        cell.wait_for()
        assert overdue in cell.inner_text()
        save_screenshot(page, f"doctor-queue-long-follow-up-{language}")
        wide, room = page.evaluate("""() => { const box = document.querySelector('#worklist').parentElement;
                                              return [box.scrollWidth, box.clientWidth]; }""")
        assert wide <= room, f"{language}: the queue is {wide} px wide in {room} px"
        right = page.evaluate("c => c.getBoundingClientRect().right", cell.element_handle())
        assert right <= SCREEN["width"]
        check_accessibility(page, f"doctor-queue-long-follow-up-{language}")
    context.close()
    assert not problems, problems
