"""Registry linkage: malformed lines, unknown identifiers, a repeated file, both identifiers."""
from datetime import date

import pytest
from sqlalchemy import func, select

from backend.extensions import db
from backend.outcomes.registry import RegistryFileError, import_registry
from backend.outcomes.tables import RegistryDiagnosis, RegistryImport
from helpers import add_assessment, registry_csv

COMPLETE = date(2026, 6, 30)


def _count():
    return db.session.scalar(select(func.count()).select_from(RegistryDiagnosis))


def test_good_lines_are_linked_and_bad_ones_reported_by_line_number(app, clean_db):
    with app.app_context():
        first = add_assessment(date(2021, 3, 1), {"liver": 0.01})
        second = add_assessment(date(2021, 4, 1), {"liver": 0.01, "lung": 0.02})
        content = registry_csv([
            (first, "liver", "2023-05-01"),                     # line 2: ok
            (second, "C34.1", "2024-01-15"),                    # line 3: ICD-10, lung
            ("00000000-0000-4000-8000-000000000000", "liver", "2023-01-01"),  # 4: unknown
            (second, "pancreas", "2023-01-01"),                 # 5: unknown cancer
            (second, "liver", "2023-13-01"),                    # 6: not a date
            (second, "liver", "2027-01-01"),                    # 7: after completeness
        ]) + b"only,two\n" + b"\n"                              # 8: columns; blank skipped
        report = import_registry(content, "registry.csv", COMPLETE)
        assert (report.lines, report.added, report.already) == (7, 2, 0)
        assert [n for n, _ in report.unmatched] == [4]
        assert [n for n, _ in report.malformed] == [5, 6, 7, 8]
        assert "pancreas" in report.malformed[0][1] and "2027-01-01" in report.malformed[2][1]
        stored = db.session.execute(select(RegistryDiagnosis.assessment_id, RegistryDiagnosis.cancer,
                                           RegistryDiagnosis.diagnosed_on)).all()
        assert sorted(stored) == sorted([(first, "liver", date(2023, 5, 1)),
                                         (second, "lung", date(2024, 1, 15))])


def test_the_same_file_twice_changes_nothing(app, clean_db):
    with app.app_context():
        one = add_assessment(date(2021, 3, 1), {"liver": 0.01})
        content = registry_csv([(one, "liver", "2023-05-01"), (one, "liver", "2023-05-01")])
        first = import_registry(content, "registry.csv", COMPLETE)
        assert (first.added, first.already) == (1, 1)  # a line repeated within the file too
        again = import_registry(content, "registry.csv", COMPLETE)
        assert again.repeated_file and (again.added, again.already) == (0, 2)
        assert _count() == 1
        assert db.session.scalar(select(func.count()).select_from(RegistryImport)) == 1
        # another file that overlaps: only its new line is added
        more = import_registry(registry_csv([(one, "liver", "2023-05-01"),
                                             (one, "colorectal", "2024-02-02")]),
                               "registry-2.csv", COMPLETE)
        assert (more.added, more.already, more.repeated_file) == (1, 1, False)
        assert _count() == 2


def test_a_resident_named_by_the_fhir_patient_pseudonym_is_linked(app, clean_db):
    from backend.doctors.demo import seed_residents
    from backend.assessments.tables import Assessment
    from backend.fhir.service import patient_identifier

    with app.app_context():
        seed_residents()
        row = db.session.scalars(select(Assessment).where(Assessment.shared.is_(True))).first()
        pseudonym = patient_identifier(row)
        report = import_registry(registry_csv([(pseudonym.upper(), "C22", "2026-01-05")]),
                                 "fhir-ids.csv", COMPLETE)
        assert report.added == 1 and not report.unmatched
        assert db.session.scalar(select(RegistryDiagnosis.matched_by)) == "fhir_patient"


@pytest.mark.parametrize("content, problem", [
    (b"id,cancer,date\n", "line 1: the header must be identifier,cancer,diagnosis_date"),
    (b"", "line 1"),
    ("identifier,cancer,diagnosis_date\n\u809d".encode("gb18030"), "not UTF-8"),
])
def test_an_unreadable_file_is_refused_whole(app, clean_db, content, problem):
    with app.app_context():
        with pytest.raises(RegistryFileError, match=problem):
            import_registry(content, "bad.csv", COMPLETE)
        assert _count() == 0


def test_the_import_command_prints_every_refused_line(app, clean_db, tmp_path):
    with app.app_context():
        one = add_assessment(date(2021, 3, 1), {"liver": 0.01})
    path = tmp_path / "registry.csv"
    path.write_bytes(registry_csv([(one, "liver", "2023-05-01"), ("nobody", "liver", "2023-05-01"),
                                   (one, "liver", "yesterday")]))
    runner = app.test_cli_runner()
    args = ["outcomes", "import", str(path), "--complete-to", "2026-06-30"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "3 lines: 1 diagnoses added, 0 already stored, 1 unmatched, 1 malformed" in result.output
    assert "line 3: unmatched" in result.output and "line 4: malformed" in result.output
    again = runner.invoke(args=args)
    assert "imported before" in again.output and "0 diagnoses added, 1 already stored" in again.output
    refused = runner.invoke(args=["outcomes", "import", str(path)])
    assert refused.exit_code != 0 and "--complete-to" in refused.output
