"""``flask seed``: the demonstration data that makes a fresh install usable at once."""
import click
from flask.cli import with_appcontext

from backend.centres.service import load_demo_centres
from backend.content.starter import load_starter_library

# Big enough for a recalibration to be judged on half of it to about ±10% (a few minutes).
DEMO_CITY_RESIDENTS = 300_000


@click.command("seed")
@click.option("--outcomes", is_flag=True,
              help="Also load a simulated city (residents, screening, registry) for model monitoring.")
@click.option("--city-residents", type=int, default=DEMO_CITY_RESIDENTS, show_default=True,
              help="How many residents the simulated city has.")
@with_appcontext
def seed_command(outcomes, city_residents):
    """Load the demo centres and the starter library (idempotent: running it again updates,
    never duplicates, and never overwrites an article an editor has changed)."""
    health, screening = load_demo_centres()
    click.echo(f"Loaded {health} community health centres and {screening} screening centres.")
    articles = load_starter_library()
    click.echo("Starter library: {created} articles created, {updated} updated, {unchanged} "
               "unchanged, {kept} kept as editors left them.".format(**articles))
    _seed_staff_and_residents()
    if outcomes:
        _seed_city(city_residents)


def _seed_city(residents: int) -> None:
    """The demo city: liver 1.5x and colorectal 0.8x the literature (backend.scoring.lab.city)."""
    from backend.outcomes.city import load_city
    from backend.scoring.lab.city import CityPlan

    plan = CityPlan(residents=residents)
    with click.progressbar(length=residents, label="Simulated city") as bar:
        added, report = load_city(plan, bar.update)
    if report is None:
        click.echo("The simulated city was loaded before; nothing added.")
        return
    click.echo(f"Simulated city: {added} residents assessed, {report.added} registry diagnoses "
               f"(complete to {plan.complete_to}). Next: flask models report")


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
