"""``flask outcomes import`` and ``flask models report|recalibrate|versions|activate``.

The models commands are added to the ``flask models`` group by ``backend.cli``; the text they
print is for the programme's analyst (English, like the model cards).
"""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext

from backend.errors import DomainError
from backend.scoring.vocabulary import CANCERS

outcomes_cli = AppGroup("outcomes", help="Screening and registry outcomes of the city's residents.")
CANCER = click.Choice(CANCERS)


@outcomes_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--complete-to", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="The date up to which the registry says this file is complete.")
def import_command(file, complete_to):
    """Link a registry CSV (identifier,cancer,diagnosis_date) to assessments."""
    from backend.outcomes.registry import RegistryFileError, import_registry

    try:
        report = import_registry(file.read_bytes(), file.name, complete_to.date())
    except RegistryFileError as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    if report.repeated_file:
        click.echo(f"{file.name} was imported before; nothing new in it is added twice.")
    click.echo(f"{report.lines} lines: {report.added} diagnoses added, {report.already} already "
               f"stored, {len(report.unmatched)} unmatched, {len(report.malformed)} malformed.")
    for number, problem in report.malformed:
        click.echo(f"  line {number}: malformed: {problem}")
    for number, problem in report.unmatched:
        click.echo(f"  line {number}: unmatched: {problem}")


def _interval(row: dict) -> str:
    if row["oe"] is None:
        return "—"
    return f"{row['oe']:.2f} ({row['oe_low']:.2f}–{row['oe_high']:.2f})"


VERDICTS = {"drift": "DRIFT", "ok": "ok", "too_few": "too few events to judge"}


def _row(label: str, row: dict) -> str:
    return (f"  {label:<10} {row['residents']:>8,} {row.get('screened', 0):>8,} "
            f"{row['observed']:>8} {row['expected']:>9.1f}  {_interval(row):<20} "
            f"{VERDICTS[row['verdict']]}")


def _summary_text(summary: dict, serving: str, check: dict | None) -> list[str]:
    lines = [f"{summary['cancer']} (serving {serving})"]
    if not summary["period"]:
        return lines + ["  no assessment has a model risk for this cancer yet"]
    lines.append(f"  assessed {summary['period'][0]} to {summary['period'][1]}, registry "
                 f"complete to {summary['complete_to'] or 'never (nothing imported)'}")
    lines.append(f"  {'group':<10} {'assessed':>8} {'screened':>8} {'observed':>8} "
                 f"{'expected':>9}  {'O/E (95% exact)':<20} verdict")
    lines.append(_row("all", summary["overall"]))
    lines += [_row(b["band"], b) for b in summary["bands"]]
    lines += [_row(f"decile {d['decile']}", d) for d in summary["deciles"]]
    for tier in summary["tiers"]:
        if tier["screened"]:
            lines.append(f"  tier {tier['tier']} ({tier['code']}): {tier['screened']} screened, "
                         f"{tier['cancers']} cancers ({tier['cancer_yield']:.1%}), "
                         f"{tier['precancerous']} precancerous lesions")
    if summary["alert"]:
        lines.append(f"  ALERT: observed differs from expected beyond chance (interval excludes "
                     f"1, at least {summary['min_events']} cases)")
    elif summary["too_few_events"]:
        lines.append(f"  Too few events to judge (fewer than {summary['min_events']} cases in "
                     f"every group).")
    if check is not None:
        verdict = ("within 0.9–1.1" if check["within"] else
                   "too few events to judge" if not check["enough_events"] else
                   "outside 0.9–1.1, but the interval includes 1: this many cases cannot tell "
                   "a 10% error from chance" if check["consistent"] else "OUTSIDE 0.9–1.1")
        lines.append(f"  serving version on the held-out half: O/E {_interval(check)}, "
                     f"calibration slope {check['calibration_slope']}: {verdict}")
    return lines


def _held_out_summary(checks: dict) -> str:
    judged = {c: k for c, k in checks.items() if k["enough_events"]}
    outside = [c for c, k in judged.items() if not k["within"]]
    too_few = sorted(set(checks) - set(judged))
    line = (f"Serving versions on the held-out half: {len(judged) - len(outside)} of "
            f"{len(judged)} cancers with enough cases within 0.9–1.1")
    line += f"; outside: {', '.join(outside)}" if outside else ""
    return line + (f"; too few cases to judge: {', '.join(too_few)}." if too_few else ".")


@click.command("report")
@with_appcontext
@click.option("--cancer", "cancers", type=CANCER, multiple=True, help="Only these cancers.")
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("model-monitoring.png"), show_default=True,
              help="Where to write the calibration plot.")
def report_command(cancers, png):
    """Observed against expected cases per cancer, band and decile; drift alerts; plot."""
    from backend.outcomes import versions
    from backend.outcomes.monitoring import monitoring_report
    from backend.scoring.lab.plots import report_plot

    summaries = monitoring_report(cancers or CANCERS)
    serving = versions.serving_versions()
    checks = {}
    for summary in summaries:
        checks[summary["cancer"]] = check = versions.held_out_check(summary["cancer"])
        for line in _summary_text(summary, serving[summary["cancer"]], check):
            click.echo(line)
        click.echo("")
    click.echo(_held_out_summary(checks))
    report_plot(png, summaries)
    click.echo(f"Calibration plot: {png}")


@click.command("recalibrate")
@with_appcontext
@click.option("--cancer", type=CANCER, required=True)
def recalibrate_command(cancer):
    """Refit the calibration on local outcomes as a new version (activate it to serve it)."""
    from backend.outcomes import versions
    from backend.scoring.lab.recalibration import NoUpdateNeededError

    try:
        manifest = versions.recalibrate(cancer, progress=click.echo)
    except NoUpdateNeededError as exc:  # not a failure: the model serves on as it is
        click.echo(str(exc))
        return
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    fit = manifest["recalibration"]
    before, after = fit["held_out"]["before"], fit["held_out"]["after"]
    click.echo(f"{cancer}: new version {manifest['model_version']} (not serving yet)")
    click.echo(f"  logit p' = {fit['a']:.4f} + {fit['b']:.4f} x logit p "
               f"({'intercept and slope' if fit['slope_fitted'] else 'intercept only'})")
    click.echo(f"  held-out half ({fit['held_out']['residents']:,} residents, "
               f"{fit['held_out']['events']} cases): O/E before {_interval(before)}, after "
               f"{_interval(after)}; slope before {before['calibration_slope']}, after "
               f"{after['calibration_slope']}")
    if versions.fits_held_out_worse(fit):
        click.echo("  The held-out half does not bear this update out (its O/E moved away from 1): "
                   "keep the serving version. Activating this one needs --accept-worse.")
        return
    click.echo(f"  serve it: flask models activate --cancer {cancer} --version "
               f"{manifest['model_version']}")


@click.command("versions")
@with_appcontext
@click.option("--cancer", type=CANCER, required=True)
def versions_command(cancer):
    """The base model and the local versions of a cancer; * marks the serving one."""
    from backend.outcomes import versions

    for v in versions.versions(cancer):
        data = v["local_data"]
        origin = (f"recalibrated on {data['residents']:,} residents, {data['events']} cases, "
                  f"{data['period_start']} to {data['period_end']}") if data else "base model"
        click.echo(f"{'*' if v['serving'] else ' '} {v['version']}  {v['created_at']}  {origin}")


@click.command("activate")
@with_appcontext
@click.option("--cancer", type=CANCER, required=True)
@click.option("--version", "version", required=True)
@click.option("--accept-worse", is_flag=True,
              help="Serve a version that fits the held-out residents worse, knowingly.")
def activate_command(cancer, version, accept_worse):
    """Serve this version of the cancer's model from the next assessment on."""
    from backend.outcomes import versions

    try:
        versions.activate(cancer, version, "cli", accept_worse)
    except DomainError as exc:
        worse = (exc.details or {}).get("accept_worse")
        raise click.ClickException(f"{exc}\n(--accept-worse)" if worse else str(exc)) from None
    click.echo(f"{cancer}: serving {version}. Results already given keep their version.")


MODELS_COMMANDS = (report_command, recalibrate_command, versions_command, activate_command)
