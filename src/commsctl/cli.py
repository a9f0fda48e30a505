"""The command-line interface: parse arguments, call one module, print its result.

Each command imports its implementation inside the function, so that start-up
only pays for typer and the command actually run.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from commsctl import __version__
from commsctl.errors import UserError


class _CommandGroup(TyperGroup):
    """Print a UserError as ``error: ...`` with its exit code, in the app and under CliRunner alike."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UserError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    cls=_CommandGroup,
    name="commsctl",
    help="Keep an ISO/IEC 20000-1:2018 clause 7.4 communication plan as code.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

PlanDir = Annotated[
    Path,
    typer.Argument(help="Plan directory, the one holding plan.yaml.", show_default=True),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"commsctl {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Keep an ISO/IEC 20000-1:2018 clause 7.4 communication plan as code."""


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


@app.command()
def validate(
    plan_dir: PlanDir = Path("."),
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format of the findings.")
    ] = OutputFormat.text,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.error,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print findings only, without the summary line.")] = False,
) -> None:
    """Check the plan's files, schema and cross-references; exit 1 on findings at or above --fail-on."""
    from commsctl.findings import Severity, fails
    from commsctl.validate import validate_directory

    result = validate_directory(plan_dir)
    if output_format is OutputFormat.json:
        from commsctl.reporters.json import write_json

        write_json(result.findings, result.file_count)
    else:
        from commsctl.reporters.text import write_text

        write_text(result.findings, result.file_count, quiet=quiet)

    if fails(result.findings, Severity(fail_on.value)):
        raise typer.Exit(1)


class ShowFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def show(
    plan_dir: PlanDir = Path("."),
    output_format: Annotated[ShowFormat, typer.Option("--format", "-f", help="table or json.")] = ShowFormat.table,
) -> None:
    """Print the communication inventory: what, when, with whom and how, with owner and approver."""
    from commsctl.inventory import inventory_rows, write_inventory_json, write_inventory_table
    from commsctl.validate import validate_directory

    result = validate_directory(plan_dir)
    rows = inventory_rows(result.loaded)
    if output_format is ShowFormat.json:
        write_inventory_json(rows, sys.stdout)
    else:
        title = result.loaded.plan.name if result.loaded.plan else str(plan_dir)
        write_inventory_table(rows, title, sys.stdout)
    errors = [finding for finding in result.findings if finding.severity.value == "error"]
    if errors:
        typer.echo(
            f"note: the plan has {len(errors)} error(s); run 'commsctl validate {plan_dir}' to see them",
            err=True,
        )


@app.command()
def init(
    plan_dir: Annotated[Path, typer.Argument(help="Directory to create the starter plan in.")],
) -> None:
    """Write a small, valid starter plan into a new or empty directory."""
    from commsctl.starter import write_starter_plan

    written = write_starter_plan(plan_dir)
    typer.echo(f"Wrote a starter plan of {len(written)} files to {plan_dir}. Next: commsctl validate {plan_dir}")


@app.command()
def schema(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the JSON Schema files.")] = Path("schema"),
    check: Annotated[
        bool, typer.Option("--check", help="Compare with the files in --out instead of writing; exit 1 when they differ.")
    ] = False,
) -> None:
    """Write the JSON Schema of every plan file kind, for editors and other tools."""
    from commsctl.schema_export import check_schemas, write_schemas

    if check:
        stale = check_schemas(out)
        for name in stale:
            typer.echo(f"{out / name}: differs from the models; run 'commsctl schema --out {out}'", err=True)
        raise typer.Exit(1 if stale else 0)
    for path in write_schemas(out):
        typer.echo(f"wrote {path}")


# --- execution evidence: record and check -----------------------------------


@app.command()
def check(
    plan_dir: PlanDir = Path("."),
    since: Annotated[
        Optional[str], typer.Option(help="Start: a date (whole day, plan time zone) or an ISO 8601 time with zone. Default: 90 days before --until.")
    ] = None,
    until: Annotated[
        Optional[str], typer.Option(help="End: a date (included) or an ISO 8601 time with zone. Default: --now.")
    ] = None,
    now: Annotated[
        Optional[str], typer.Option(help="Judge as of this ISO 8601 time with zone, for reproducible runs. Default: the current time.")
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format of the results.")
    ] = OutputFormat.text,
) -> None:
    """Check the records against the plan: missing, late, unapproved, wrong audience or channel; exit 1 on missing, late or unapproved."""
    from commsctl.check import check_directory

    result, load_findings = check_directory(plan_dir, since, until, now)
    if output_format is OutputFormat.json:
        from commsctl.check_report import write_check_json

        write_check_json(result, sys.stdout)
    else:
        from commsctl.check_report import write_check_text

        write_check_text(result, sys.stdout)

    errors = [finding for finding in load_findings if finding.severity.value == "error"]
    if errors:
        typer.echo(
            f"note: {len(errors)} plan file error(s), such as {errors[0].path}; records in invalid files are not "
            f"counted: run 'commsctl validate {plan_dir}'",
            err=True,
        )
    if result.failing:
        raise typer.Exit(1)


@app.command()
def record(
    communication: Annotated[str, typer.Argument(help="Id of the communication that was sent.")],
    event: Annotated[Optional[str], typer.Option(help="Event id (events/<id>.yaml), for event-triggered communications.")] = None,
    period: Annotated[
        Optional[str], typer.Option(help="Schedule period such as 2026-10 or 2026-W41, for scheduled ones. Default: the last due date.")
    ] = None,
    sent_at: Annotated[Optional[str], typer.Option(help="ISO 8601 time with zone. Default: now, in UTC.")] = None,
    sent_by: Annotated[Optional[str], typer.Option(help="Person who sent it. Default: $COMMSCTL_USER, then $USER.")] = None,
    channel: Annotated[Optional[list[str]], typer.Option(help="Channel id used; repeat for several. Default: the plan's 'how'.")] = None,
    audience: Annotated[
        Optional[list[str]], typer.Option(help="Audience id reached; repeat for several. Default: the plan's 'with_whom'.")
    ] = None,
    message: Annotated[Optional[str], typer.Option(help="Path of the sent message, a file inside the plan directory.")] = None,
    summary: Annotated[Optional[str], typer.Option(help="One-line summary of what was sent.")] = None,
    approved_by: Annotated[Optional[str], typer.Option(help="Person who approved the message.")] = None,
    approved_at: Annotated[Optional[str], typer.Option(help="ISO 8601 time with zone of the approval.")] = None,
    evidence: Annotated[Optional[str], typer.Option(help="Where the original is kept: ticket, status page or archive link.")] = None,
    plan: Annotated[Path, typer.Option("--plan", help="Plan directory, the one holding plan.yaml.")] = Path("."),
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="text prints the path; json the path and record.")] = OutputFormat.text,
) -> None:
    """Write the record of one sent communication into the plan (a new file, never overwriting one); print its path."""
    from commsctl.recording import RecordRequest, write_record

    request = RecordRequest(
        communication, event, period, sent_at, sent_by, channel or [], audience or [], message, summary,
        approved_by, approved_at, evidence,
    )
    written = write_record(plan, request)
    for warning in written.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if output_format is OutputFormat.json:
        import json

        typer.echo(json.dumps({"path": str(written.path), "record": written.data}, indent=2, ensure_ascii=False))
    else:
        typer.echo(str(written.path))


class RenderFormat(str, Enum):
    markdown = "markdown"
    text = "text"
    html = "html"
    eml = "eml"


@app.command()
def render(
    communication_id: Annotated[str, typer.Argument(help="Id of the communication to draft.", show_default=False)],
    plan_dir: Annotated[Path, typer.Option("--plan", help="Plan directory, the one holding plan.yaml.")] = Path("."),
    settings: Annotated[
        Optional[list[str]],
        typer.Option("--set", metavar="KEY=VALUE", help="A value for the template, as text; repeat for more. Overrides --data."),
    ] = None,
    data_file: Annotated[
        Optional[Path], typer.Option("--data", metavar="FILE", help="YAML or JSON file of values; keeps their types.")
    ] = None,
    output_format: Annotated[
        RenderFormat, typer.Option("--format", "-f", help="markdown, text, html page or eml (RFC 5322 message).")
    ] = RenderFormat.markdown,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write the draft to this new file instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --out file if it exists.")] = False,
) -> None:
    """Draft one communication from its template; see docs/templates.md. Exit 1 on plan or draft problems, 2 on bad input."""
    from commsctl.errors import UserError

    try:
        from commsctl.render.command import render_communication, write_draft

        draft = render_communication(
            plan_dir, communication_id, settings=settings or [], data_file=data_file, output_format=output_format.value
        )
        if out is None:
            sys.stdout.flush()
            sys.stdout.buffer.write(draft)
            sys.stdout.buffer.flush()
            return
        write_draft(out, draft, force=force)
        typer.echo(f"wrote {out}", err=True)
    except UserError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None
