"""The doctors' API: thin glue between HTTP and ``backend.doctors`` (see its services)."""
from __future__ import annotations

from datetime import date

from flask import Response, current_app, jsonify, request, stream_with_context

from backend.accounts.auth import current_user
from backend.accounts.blueprint import StaffBlueprint
from backend.assessments.service import result_view
from backend.doctors import assisted, detail, export, figures, papers, records, worklist
from backend.doctors.schemas import (AssistedCreateSchema, DoctorDetailSchema, ExportQuerySchema,
                                     FiguresQuerySchema, FiguresSchema, FollowUpCreateSchema,
                                     FollowUpSchema, LabsCreateSchema, DoctorMarkerCreateSchema,
                                     DoctorMarkerSchema, PapersSchema, WorklistQuerySchema,
                                     WorklistSchema)
from backend.i18n import request_language

blp = StaffBlueprint("doctors", __name__, description="Family doctors: worklist, follow-up, figures. "
                "401 signed out, 403 wrong role or missing CSRF token, 404 a resident who did "
                "not share with your centre.")


@blp.route("/doctor/worklist")
@blp.staff_only("doctor")
@blp.arguments(WorklistQuerySchema, location="query")
@blp.response(200, WorklistSchema)
def get_worklist(query):
    """Your centre's shared assessments, most urgent first (audited)."""
    return worklist.worklist(current_user(), query, request_language())


@blp.route("/doctor/worklist.csv")
@blp.staff_only("doctor")
@blp.arguments(ExportQuerySchema, location="query")
@blp.response(200, description="CSV, UTF-8 with BOM")
def export_worklist(query):
    """The filtered worklist as CSV for Excel, streamed as it is read (audited)."""
    staff = current_user()
    chunks = export.export_csv(staff, query, request_language())
    first = next(chunks)  # the audit record and any refusal (403) come before the response
    body = (chunk.encode("utf-8") for chunk in _prepend(first, chunks))
    return Response(stream_with_context(body), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{export.filename(staff.centre_code)}"',
        "Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _prepend(first, rest):
    yield first
    yield from rest


@blp.route("/doctor/assessments/<string:assessment_id>")
@blp.staff_only("doctor")
@blp.response(200, DoctorDetailSchema)
def get_assessment(assessment_id):
    """Answers in words, risks, rules, reasons, referrals, markers, follow-ups, established
    scores (audited)."""
    return detail.assessment_detail(current_user(), assessment_id, request_language())


@blp.route("/doctor/assessments/<string:assessment_id>/follow-ups", methods=["POST"])
@blp.staff_only("doctor")
@blp.arguments(FollowUpCreateSchema)
@blp.response(201, FollowUpSchema)
def add_follow_up(payload, assessment_id):
    """Add a follow-up record; earlier records are kept as they are."""
    record = records.add_follow_up(current_user(), assessment_id, payload)
    return records.follow_up_view(record, request_language())


@blp.route("/doctor/assessments/<string:assessment_id>/markers", methods=["POST"])
@blp.staff_only("doctor")
@blp.arguments(DoctorMarkerCreateSchema)
@blp.response(201, DoctorMarkerSchema)
def add_marker(payload, assessment_id):
    """Enter a tumour-marker result (kept with the earlier ones); above its limit, the
    resident moves to the urgent tier of the queue."""
    marker = records.add_marker(current_user(), assessment_id, payload)
    return records.marker_view(marker, request_language())


@blp.route("/doctor/assessments/<string:assessment_id>/labs", methods=["POST"])
@blp.staff_only("doctor")
@blp.arguments(LabsCreateSchema)
@blp.response(201, DoctorDetailSchema)
def add_labs(payload, assessment_id):
    """Enter bilirubin, albumin and platelets for aMAP; returns the detail with the score.

    A POST, not query parameters: lab values in a URL would end up in access logs.
    """
    records.add_labs(current_user(), assessment_id, payload)
    return detail.assessment_detail(current_user(), assessment_id, request_language())


@blp.route("/doctor/assessments/<string:assessment_id>/papers")
@blp.staff_only("doctor")
@blp.response(200, PapersSchema)
def get_papers(assessment_id):
    """The referral letters, the one-page printout (with the short result code and its QR)
    and the first call's phone script, in the request's language (audited)."""
    base_url = current_app.config.get("PUBLIC_BASE_URL") or request.host_url
    return papers.papers(current_user(), assessment_id, request_language(), base_url)


@blp.route("/doctor/assessments", methods=["POST"])
@blp.staff_only("doctor")
@blp.arguments(AssistedCreateSchema)
@blp.response(201)
def submit_assisted(payload):
    """Assisted assessment at the centre; returns the result and the resident's access token
    to print for them."""
    language = payload.get("language") or request_language()
    row, created, token = assisted.submit_assisted(current_user(), payload, language)
    return jsonify(dict(result_view(row, language), access_token=token)), 201 if created else 200


@blp.route("/figures")
@blp.staff_only("doctor", "admin")
@blp.arguments(FiguresQuerySchema, location="query")
@blp.response(200, FiguresSchema)
def get_figures(query):
    """Programme figures by the month each event happened, with rates: your centre (doctors),
    all centres side by side or one centre (admins)."""
    return figures.programme_figures(current_user(), query.get("centre"), request_language())


@blp.route("/figures.csv")
@blp.staff_only("doctor", "admin")
@blp.arguments(FiguresQuerySchema, location="query")
@blp.response(200, description="CSV, UTF-8 with BOM: a row per centre and month")
def export_figures(query):
    """The figures table as CSV for Excel (counts only, no resident)."""
    body = figures.figures_csv(current_user(), query.get("centre"), request_language())
    name = f"figures-{query.get('centre') or current_user().centre_code or 'all'}-{date.today().isoformat()}.csv"
    return Response(body.encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
