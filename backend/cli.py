"""Command-line tools: ``flask models verify|train``, ``flask seed`` and the feature commands."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from backend.scoring.reference import INCIDENCE_PATH, REFERENCE_PATH, load_reference

models_cli = AppGroup("models", help="Check and rebuild the risk models.")

DEFAULT_SEED = 20261123
DEFAULT_RESIDENTS = 1_000_000_000


@models_cli.command("verify")
def verify_models():
    """Check every model's hash, scikit-learn version and feature order."""
    from backend.scoring.store import ModelArtifactError, verify_all

    try:
        manifests = verify_all(Path(current_app.config["MODELS_DIR"]))
    except ModelArtifactError as exc:
        raise click.ClickException(str(exc)) from None
    for cancer, manifest in manifests.items():
        click.echo(f"{cancer}: ok ({manifest['model_version']}, "
                   f"scikit-learn {manifest['library_versions']['scikit-learn']})")


@models_cli.command("train")
@click.option("--incidence", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A region's incidence CSV (cancer, sex, age_band, rate_per_100000).")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True)
@click.option("--residents", type=int, default=DEFAULT_RESIDENTS, show_default=True,
              help="Simulated residents in each of the training and validation cohorts.")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Where to write the models (default: the app's models directory).")
@click.option("--cancer", "cancers", multiple=True, help="Only these cancers (repeatable).")
def train_models_command(incidence, seed, residents, out, cancers):
    """Fit, check and write the models; same seed and inputs give the same artifacts."""
    from backend.scoring.lab.training import TrainingCheckError, train_models

    incidence_path = Path(incidence) if incidence else INCIDENCE_PATH
    try:
        reference = load_reference(REFERENCE_PATH, incidence_path)
        train_models(Path(out or current_app.config["MODELS_DIR"]), reference, incidence_path,
                     seed, residents, residents, cancers or None, progress=click.echo)
    except (TrainingCheckError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    write_screening_shares(Path(out or current_app.config["MODELS_DIR"]), reference)


def write_screening_shares(models_dir: Path, reference) -> None:
    from backend.scoring.engine import Engine
    from backend.scoring.lab.screening_shares import write_sections

    write_sections(models_dir, reference, Engine.from_directory(models_dir))


@models_cli.command("shares")
def shares_command():
    """Write into each model card how often screening is recommended (rules, model, either)."""
    models_dir = Path(current_app.config["MODELS_DIR"])
    write_screening_shares(models_dir, load_reference(REFERENCE_PATH, INCIDENCE_PATH))
    click.echo(f"Screening shares written into the model cards under {models_dir}.")


def register(app: Flask) -> None:
    """Add every command group to the app's CLI."""
    from backend.accounts.cli import accounts_cli, centres_cli
    from backend.assessments.cli import assessments_cli
    from backend.questionnaires.cli import questionnaires_cli
    from backend.encryption import keys_cli
    from backend.outcomes.cli import MODELS_COMMANDS, outcomes_cli
    from backend.seed import seed_command
    from backend.translate_cli import register as register_translate

    for command in MODELS_COMMANDS:  # report, recalibrate, versions, activate (local outcomes)
        models_cli.add_command(command)
    for command in (models_cli, assessments_cli, seed_command, accounts_cli, centres_cli,
                    questionnaires_cli, keys_cli, outcomes_cli):
        app.cli.add_command(command)
    register_translate(app)
