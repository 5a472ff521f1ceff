"""``flask export fhir --centre CODE --since DATE OUT/``: the city platform's bulk export.

FHIR Bulk Data NDJSON, one file per resource type plus ``manifest.json``, of the centre's
residents who chose to share, with stable pseudonymous ids; a progress bar, a summary, and an
audit record (actor ``cli``). Erased assessments are gone from the database, so never exported.
"""
from __future__ import annotations

from datetime import timezone
from pathlib import Path

import click
from flask.cli import AppGroup

from backend.accounts.staff import Staff
from backend.centres.tables import HealthCentre
from backend.extensions import db
from backend.fhir import service

export_cli = AppGroup("export", help="Exports for other systems.")


@export_cli.command("fhir")
@click.option("--centre", "centre_code", required=True, help="Community health centre code.")
@click.option("--since", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="Assessments made on or after this day (UTC).")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
def export_fhir(centre_code, since, out):
    """Write the centre's shared assessments since DATE as FHIR NDJSON into OUT/."""
    if db.session.get(HealthCentre, centre_code) is None:
        raise click.ClickException(f"no community health centre {centre_code}")
    since = since.replace(tzinfo=timezone.utc)
    actor = Staff(id=None, username="cli", role="system", centre_code=centre_code)
    total = service.count_exportable(centre_code, since)
    with click.progressbar(length=total, label=f"{centre_code}: {total} assessments") as bar:
        summary = service.export_centre(centre_code, since, out, actor, bar.update)
    click.echo(f"{summary['assessments']} assessments of {summary['residents']} residents "
               f"from {centre_code} since {summary['since']} -> {out}/")
    for kind, count in summary["resources"].items():
        click.echo(f"  {kind}.ndjson: {count}")
