"""``flask seed``: the demonstration data that makes a fresh install usable at once."""
import click
from flask.cli import with_appcontext

from backend.centres.service import load_demo_centres
from backend.content.starter import load_starter_library


@click.command("seed")
@with_appcontext
def seed_command():
    """Load the demo centres and the starter library (idempotent: running it again updates,
    never duplicates, and never overwrites an article an editor has changed)."""
    health, screening = load_demo_centres()
    click.echo(f"Loaded {health} community health centres and {screening} screening centres.")
    articles = load_starter_library()
    click.echo("Starter library: {created} articles created, {updated} updated, {unchanged} "
               "unchanged, {kept} kept as editors left them.".format(**articles))
    _seed_staff_and_residents()


def _seed_staff_and_residents() -> None:
    """Demo accounts (passwords printed once, when created) and demo shared residents."""
    from backend.doctors.demo import seed_accounts, seed_residents

    created = seed_accounts()
    if created:
        click.echo("Demo accounts (the passwords are shown only this once; change them with "
                   "`flask accounts set-password`):")
        for username, role, password in created:
            click.echo(f"  {role:<7} {username:<22} password: {password}")
    click.echo(f"Demo residents shared with DEMO-HC-01: {seed_residents()} added.")
