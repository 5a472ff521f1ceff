"""Papers in a real browser, in Chinese: from a resident's detail the doctor opens the papers,
reads the phone script, and prints the one-page printout (centre's name and phone, the AFP
the doctor just typed, the short result code and its QR) and the referral letter (转诊单),
each on exactly one A4 page. Print previews at 1366×768 into test-artifacts/.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from backend.accounts.staff import Staff
from backend.assessments.service import decrypt
from backend.assessments.tables import Assessment
from backend.doctors import records
from backend.extensions import db
from conftest import ARTIFACTS, check_accessibility
from staff import OWN, open_desk, shared_residents, sign_in, staff_accounts  # noqa: F401

WIDE = {"width": 1366, "height": 768}


def wang_with_afp(live_app) -> str:
    """The demo smoker's assessment id, with an AFP of 410 (limit 7) the doctor entered."""
    with live_app.app_context():
        row = next(r for r in db.session.scalars(select(Assessment))
                   if (decrypt(r.contact_name_enc) or "").startswith("王建国"))
        doctor = Staff(id=None, username="dr-wang", role="doctor", centre_code=OWN,
                       display_name="王医生")
        assessment_id = row.id
        records.add_marker(doctor, assessment_id, {"marker": "AFP", "value": 410.0,
                                                   "upper_limit": 7.0,
                                                   "measured_on": date.today()})
        db.session.remove()
        return assessment_id


def pages_when_printed(page, sheet_id: str) -> int:
    """How many A4 pages the browser prints for one sheet (the print button's own marking)."""
    mark(page, sheet_id)
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def mark(page, sheet_id: str) -> None:
    """What the sheet's print button does before window.print()."""
    page.evaluate("id => { document.body.dataset.printing = id; for (const s of"
                  " document.querySelectorAll('.sheet')) s.classList.toggle('printing', s.id === id); }",
                  sheet_id)


def preview(page, sheet_id: str, name: str) -> None:
    mark(page, sheet_id)
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.emulate_media(media="screen")


def test_the_doctor_prints_a_one_page_printout_and_a_referral_letter(
        browser, live_server, live_app, staff_accounts, shared_residents):
    assessment_id = wang_with_afp(live_app)
    context, page, problems = open_desk(browser, live_server)
    page.set_viewport_size(WIDE)
    page.goto(f"/staff.html#/doctor/assessments/{assessment_id}")
    sign_in(page, "dr-wang")
    page.click("#open-papers")
    page.wait_for_selector("#printout")
    script = page.inner_text("#phone-script")
    assert "王建国" in script and "王医生" in script and "这不是诊断" in script
    printout = page.inner_text("#printout")
    assert "东湖街道社区卫生服务中心" in printout and "0000-0000001" in printout
    assert "AFP：410" in page.inner_text("#printout-markers")
    assert page.is_visible("#printout svg.qr") and len(page.inner_text("#printout-code")) == 9
    letter = page.inner_text("#letter-lung")
    for words in ("转诊单", "王建国", "王医生", "胸部低剂量螺旋 CT", "示例市人民医院体检中心"):
        assert words in letter, words
    check_accessibility(page, "papers")
    assert pages_when_printed(page, "printout") == 1
    assert pages_when_printed(page, "letter-lung") == 1
    preview(page, "printout", "doctor-printout-print")
    preview(page, "letter-lung", "doctor-referral-letter-print")
    page.click("a:text('返回居民详情')")
    page.wait_for_selector("#open-papers")
    context.close()
    assert not problems, problems
