"""``flask accounts create|list|set-password`` and ``flask centres add|update``."""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from backend.accounts import audit, service
from backend.accounts.staff import Staff
from backend.accounts.tables import ROLES
from backend.centres import service as centres
from backend.errors import DomainError
from backend.extensions import db

accounts_cli = AppGroup("accounts", help="Staff accounts (doctors, editors, admins).")
centres_cli = AppGroup("centres", help="Community health centres.")


def _read_password(from_stdin: bool) -> str:
    """From stdin (one line, for scripts) or prompted twice without echo."""
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _fail(exc: DomainError):
    details = "; ".join(f"{k}: {' '.join(v)}" for k, v in (exc.details or {}).items())
    raise click.ClickException(f"{exc.message} {details}".strip())


@accounts_cli.command("create")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--username", required=True)
@click.option("--centre", default=None, help="Community health centre code (doctors only).")
@click.option("--name", "display_name", default="", help="Name shown to colleagues.")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
def create_account(role, username, centre, display_name, password_stdin):
    """Create an account; the password is prompted for, or read from stdin."""
    try:
        user = service.create_user(username, _read_password(password_stdin), role, centre,
                                   display_name)
    except DomainError as exc:
        _fail(exc)
    # Audited like an admin's creation on screen, by "cli" (the password stays the owner's).
    audit.record(Staff(id=0, username="cli", role="admin"), "account.create", user_id=user.id,
                 account=user.username, role=user.role, centre=user.centre_code)
    db.session.commit()
    click.echo(f"Created {user.role} {user.username}"
               + (f" at {user.centre_code}" if user.centre_code else "") + ".")


@accounts_cli.command("list")
def list_accounts():
    """Every account: username, role, centre, active."""
    from sqlalchemy import select

    from backend.accounts.tables import User
    from backend.extensions import db

    for user in db.session.scalars(select(User).order_by(User.role, User.username)):
        state = "active" if user.active else "inactive"
        click.echo(f"{user.username}\t{user.role}\t{user.centre_code or '-'}\t{state}")


@accounts_cli.command("set-password")
@click.option("--username", required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
def set_password(username, password_stdin):
    """Set an account's password (for a forgotten one); its sessions are ended."""

    user = service.find_user(username)
    if user is None:
        raise click.ClickException(f"No account named {username}.")
    system = Staff(id=0, username="cli", role="admin")
    try:
        service.update_user(system, user.id, {"password": _read_password(password_stdin)})
    except DomainError as exc:
        _fail(exc)
    click.echo(f"Password of {user.username} changed; their sessions were ended. It is "
               "one-time: they must choose their own at the next sign-in.")


@centres_cli.command("add")
@click.option("--code", required=True, help="e.g. HC-0101")
@click.option("--name-zh", required=True)
@click.option("--name-en", required=True)
@click.option("--district", default="")
@click.option("--high-incidence-upper-gi", is_flag=True,
              help="The area's registry shows high oesophageal or stomach cancer incidence.")
def add_centre(code, name_zh, name_en, district, high_incidence_upper_gi):
    """Add a community health centre."""
    try:
        centre = centres.add_health_centre({"code": code, "name_zh": name_zh, "name_en": name_en,
                                     "district": district,
                                     "high_incidence_upper_gi": high_incidence_upper_gi})
    except DomainError as exc:
        _fail(exc)
    audit.record(Staff(id=0, username="cli", role="admin"), "centre.create", code=centre.code)
    db.session.commit()
    click.echo(f"Added centre {centre.code}.")


@centres_cli.command("update")
@click.option("--code", required=True, help="The centre to change, e.g. HC-0101")
@click.option("--name-zh", default=None)
@click.option("--name-en", default=None)
@click.option("--district", default=None)
@click.option("--phone", default=None, help="Shown to residents and on doctors' printouts.")
@click.option("--high-incidence-upper-gi/--no-high-incidence-upper-gi", default=None)
@click.option("--active/--inactive", default=None,
              help="Inactive: residents can no longer choose it; its records stay.")
def update_centre(code, **options):
    """Edit or deactivate a community health centre (audited as the user "cli")."""
    changes = {k: v for k, v in options.items() if v is not None}
    if not changes:
        raise click.UsageError("Give at least one field to change.")
    system = Staff(id=0, username="cli", role="admin")
    try:
        centre = service.admin_update_centre(system, code, changes)
    except DomainError as exc:
        _fail(exc)
    state = "active" if centre.active else "inactive"
    click.echo(f"Centre {centre.code} updated ({state}).")
