"""``flask translate extract|update|compile|check``: the gettext catalogues, microblog-style.

Runs Babel's own command line in-process (no ``pybabel`` on PATH needed). Catalogues live in
``translations/<locale>/LC_MESSAGES/messages.po``; the Chinese folder must be ``zh_Hans_CN``
(see ``backend/i18n.py``). ``.mo`` files are build output: ``compile`` makes them.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from flask import Flask
from flask.cli import AppGroup

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = PROJECT_ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
KEYWORDS = ("_", "gettext", "_l", "lazy_gettext", "ngettext:1,2", "lazy_ngettext:1,2")

translate_cli = AppGroup("translate", help="Extract, update, compile and check translations.")


def pybabel(*args: str) -> None:
    """Run a pybabel command; raises ``click.ClickException`` when it fails."""
    try:
        CommandLineInterface().run(["pybabel", "-q", *args])
    except SystemExit as exc:
        if exc.code:
            raise click.ClickException(f"pybabel {args[0]} failed") from None


@contextmanager
def _in_project_root():
    """Run in the project root so that the template's file references are relative."""
    previous = os.getcwd()
    os.chdir(PROJECT_ROOT)
    try:
        yield
    finally:
        os.chdir(previous)


def extract_messages(pot: Path = POT) -> None:
    """Write the template from ``backend/`` and ``questionnaires/`` (babel.cfg)."""
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    with _in_project_root():
        pybabel("extract", "-F", "babel.cfg", *keywords, "--no-wrap", "--sort-by-file",
                "--project=zaoshai", "-o", str(pot), ".")


def compile_catalogues(directory: Path = TRANSLATIONS) -> None:
    """Compile every ``.po`` under ``directory`` to ``.mo`` (what Flask-Babel reads)."""
    pybabel("compile", "-d", str(directory))


def catalogue_problems(directory: Path = TRANSLATIONS, pot: Path = POT) -> list[str]:
    """Untranslated, fuzzy, missing or obsolete entries of each catalogue, as sentences."""
    with open(pot, "rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    problems = []
    for po in sorted(directory.glob("*/LC_MESSAGES/messages.po")):
        locale = po.parent.parent.name
        with open(po, "rb") as handle:
            catalogue = read_po(handle)
        ids = {m.id for m in catalogue if m.id}
        problems += [f"{locale}: missing {i!r}" for i in sorted(template - ids, key=str)]
        problems += [f"{locale}: not in the template {i!r}" for i in sorted(ids - template, key=str)]
        for message in catalogue:
            if message.id and (not message.string or message.fuzzy):
                problems.append(f"{locale}: {'fuzzy' if message.fuzzy else 'untranslated'} "
                                f"{message.id!r}")
    return problems


@translate_cli.command("extract")
def extract_command():
    """Extract the messages into translations/messages.pot."""
    extract_messages()


@translate_cli.command("update")
def update_command():
    """Extract, then merge the template into every catalogue."""
    extract_messages()
    pybabel("update", "--no-wrap", "--ignore-obsolete", "-i", str(POT), "-d", str(TRANSLATIONS))


@translate_cli.command("compile")
def compile_command():
    """Compile every catalogue to .mo."""
    compile_catalogues()


@translate_cli.command("check")
def check_command():
    """Fail when any catalogue has an untranslated, fuzzy, missing or obsolete entry."""
    problems = catalogue_problems()
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} translation problem(s)")
    click.echo("translations complete")


def register(app: Flask) -> None:
    """Add ``flask translate`` to the app's CLI."""
    app.cli.add_command(translate_cli)
