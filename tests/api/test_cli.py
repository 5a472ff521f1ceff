"""Command-line tools: model verification and the batch scoring of paper campaigns."""
import csv
import json

from answer_sets import man_62_smoker, woman_58


def test_models_verify_reports_each_model(app):
    result = app.test_cli_runner().invoke(args=["models", "verify"])
    assert result.exit_code == 0, result.output
    assert result.output.count(": ok (") == 5


def test_models_verify_fails_on_a_tampered_model(app, tmp_path, monkeypatch):
    import shutil
    target = tmp_path / "models"
    shutil.copytree(app.config["MODELS_DIR"], target)
    (target / "lung" / "scoring.json").write_text("{}")
    monkeypatch.setitem(app.config, "MODELS_DIR", str(target))
    result = app.test_cli_runner().invoke(args=["models", "verify"])
    assert result.exit_code != 0 and "lung/scoring.json" in result.output
    assert "flask models train" in result.output


def test_score_file_jsonl_keeps_order_and_reports_bad_lines(app, clean_db, tmp_path):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = [json.dumps(woman_58()), "{broken", json.dumps(woman_58(height_cm=500)), "",
             json.dumps(man_62_smoker())]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["assessments", "score-file", str(source), str(out)])
    assert result.exit_code == 0, result.output
    assert "2 scored, 2 skipped" in result.output
    assert "line 2: skipped: not valid JSON" in result.stderr
    assert "line 3: skipped: height_cm:" in result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in rows] == [1, 5]
    assert [r["sex"] for r in rows] == ["female", "male"]


def test_score_file_csv_to_csv(app, clean_db, tmp_path):
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    people = [woman_58(), man_62_smoker()]
    columns = sorted({key for person in people for key in person})
    with open(source, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        for person in people:
            writer.writerow({k: ";".join(v) if isinstance(v, list) else v for k, v in person.items()})
    result = app.test_cli_runner().invoke(args=["assessments", "score-file", str(source), str(out)])
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["line"] for r in rows] == ["2", "3"]
    assert rows[0]["breast_screening"] == "recommended" and rows[1]["breast_screening"] == ""
    assert rows[0]["breast_comparison"] == "much_higher"
    assert "lung.heavy_smoking" in rows[1]["lung_rules"] and float(rows[1]["lung_risk"]) > 0


def test_json_lines_are_cut_into_blocks_of_whole_lines_as_open_reads_them(tmp_path, monkeypatch):
    """Blocks end at a newline, a line longer than a block waits for its end, blank lines
    count but give no row, CR and a missing final newline stay as the file has them."""
    from backend.assessments import cli

    lines = [b'{"a": 1}\n', b"\n", b"  \r\n", b'{"b": "' + b"x" * 50 + b'"}\r\n', b'{"c": 3}\n',
             b'{"d": "\r"}\n', b"{broken"]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(lines))
    expected = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    for size in (1, 7, 20, 64, 1 << 20):
        monkeypatch.setattr(cli, "BLOCK_BYTES", size)
        blocks = list(cli.read_chunks(source))
        assert all(b.data.endswith(b"\n") for b in blocks[:-1])
        assert [row for block in blocks for row in block.rows()] == expected


def test_tampered_models_stop_the_server_but_not_the_command_that_repairs_them(tmp_path):
    import shutil

    import pytest

    from backend.app import create_app
    from backend.config import TestConfig
    from backend.scoring.store import MODELS_DIR, ModelArtifactError

    models = tmp_path / "models"
    shutil.copytree(MODELS_DIR, models)
    (models / "breast" / "model.joblib").write_bytes(b"not a model")
    config = TestConfig(SQLALCHEMY_DATABASE_URI="sqlite://", MODELS_DIR=str(models))
    with pytest.raises(ModelArtifactError, match="breast/model.joblib"):
        create_app(config)
    cli_app = create_app(config, verify_models=False)
    result = cli_app.test_cli_runner().invoke(args=["models", "train", "--cancer", "breast"])
    assert result.exit_code == 0, result.output
    assert cli_app.test_cli_runner().invoke(args=["models", "verify"]).exit_code == 0


def test_score_file_in_parallel_chunks_matches_one_row_at_a_time(app, clean_db, tmp_path, monkeypatch):
    """Two worker processes over chunks of three rows: the same bytes as one process, each row
    the single-row pipeline's result, bad rows still named by line, in input order."""
    from datetime import date

    from flask_babel import force_locale

    from backend.assessments import cli
    from backend.centres.service import list_health_centres
    from backend.questionnaires import service as questionnaires

    monkeypatch.setattr(cli, "CHUNK_ROWS", 3)
    monkeypatch.setattr(cli, "BLOCK_BYTES", 1500)  # a line or two a block, lines cut by reads
    people = [woman_58(birth_year=date.today().year - 52 - n) if n % 2 else
              man_62_smoker(cigarettes_per_day=5 + n) for n in range(20)]
    lines = [json.dumps(p, ensure_ascii=False) for p in people]
    lines[4], lines[11] = "{broken", json.dumps(woman_58(height_cm=500))
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs = {}
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.jsonl"
        result = app.test_cli_runner().invoke(
            args=["assessments", "score-file", "--workers", workers, str(source), str(out)])
        assert result.exit_code == 0, result.output
        assert "18 scored, 2 skipped" in result.output
        assert result.stderr.index("line 5: skipped: not valid JSON") < result.stderr.index(
            "line 12: skipped: height_cm:")
        outputs[workers] = out.read_bytes()
    assert outputs["1"] == outputs["2"]
    rows = [json.loads(line) for line in outputs["2"].decode().splitlines()]
    assert [r["line"] for r in rows] == [n + 1 for n in range(20) if n not in (4, 11)]
    with app.app_context(), force_locale("en"):
        job = cli.Job(questionnaires.definition_for("cancer-risk", None), list_health_centres(),
                      date.today(), csv_out=False)
        for row in rows:
            assert row == {"line": row["line"], **job.score(people[row["line"] - 1])}
