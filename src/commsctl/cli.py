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
    typer.Argument(metavar="PLAN_DIR", help="Plan directory, the one holding plan.yaml.", show_default=True),
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


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


@app.command()
def validate(
    plan_dir: PlanDir = Path("."),
    output_format: Annotated[
        Optional[ValidateFormat],
        typer.Option(
            "--format",
            "-f",
            help="Output format: text, json, sarif (code scanning), junit (CI test reports) or github "
            "(workflow annotations). Default: text, plus github annotations when GITHUB_ACTIONS=true.",
            show_default=False,
        ),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.error,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print findings only, without the summary line.")] = False,
) -> None:
    """Check the plan's files, schema and cross-references; exit 1 on findings at or above --fail-on."""
    import os

    from commsctl.findings import Severity, fails
    from commsctl.reporters import Report, get_reporter
    from commsctl.validate import validate_directory

    result = validate_directory(plan_dir)
    report = Report(result.findings, result.files, result.file_count)
    if output_format is None:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            get_reporter("github")(report, sys.stdout)
        get_reporter("text")(report, sys.stdout, quiet=quiet)
    else:
        get_reporter(output_format.value)(report, sys.stdout, quiet=quiet)

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
        from commsctl.counts import count_noun

        typer.echo(
            f"note: the plan has {count_noun(len(errors), 'error')}; run 'commsctl validate {plan_dir}' to see them",
            err=True,
        )


@app.command()
def init(
    plan_dir: Annotated[Path, typer.Argument(metavar="DIR", help="Directory to create the starter plan in.")],
) -> None:
    """Write a small, valid starter plan into a new or empty directory."""
    from commsctl.starter import write_starter_plan

    written = write_starter_plan(plan_dir, editor_support=True)
    typer.echo(f"Wrote a starter plan of {len(written)} files to {plan_dir}. Next: commsctl validate {plan_dir}")


@app.command()
def schema(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the JSON Schema files.")] = Path("schema"),
    check: Annotated[
        bool, typer.Option("--check", help="Compare with the files in --out instead of writing; exit 1 when they differ.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace files in --out that commsctl did not generate.")] = False,
) -> None:
    """Write the JSON Schema of every plan file kind, for editors and other tools."""
    from commsctl.schema_export import check_schemas, write_schemas

    if check:
        stale = check_schemas(out)
        for name in stale:
            typer.echo(f"{out / name}: differs from the models; run 'commsctl schema --out {out}'", err=True)
        raise typer.Exit(1 if stale else 0)
    for path in write_schemas(out, force=force):
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
        from commsctl.counts import count_noun

        typer.echo(
            f"note: {count_noun(len(errors), 'plan file error')}, such as {errors[0].path}; records in invalid files are not "
            f"counted: run 'commsctl validate {plan_dir}'",
            err=True,
        )
    if result.failing:
        raise typer.Exit(1)


@app.command()
def record(
    communication: Annotated[str, typer.Argument(metavar="COMMUNICATION_ID", help="Id of the communication that was sent.")],
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


class RulesFormat(str, Enum):
    text = "text"
    json = "json"


@app.command("rules")
def rules_command(
    name: Annotated[Optional[str], typer.Argument(metavar="NAME", help="Rule to explain; omit to list every rule.")] = None,
    output_format: Annotated[RulesFormat, typer.Option("--format", "-f", help="text or json.")] = RulesFormat.text,
) -> None:
    """List every rule with its default severity and rationale, or explain one with examples."""
    from commsctl.explain import write_rule_explanation, write_rule_list

    as_json = output_format is RulesFormat.json
    if name is None:
        write_rule_list(sys.stdout, as_json=as_json, use_table=sys.stdout.isatty())
    else:
        write_rule_explanation(name, sys.stdout, as_json=as_json)


class DiffFormat(str, Enum):
    markdown = "markdown"
    text = "text"
    json = "json"


@app.command("diff")
def diff_command(
    base: Annotated[
        Optional[str],
        typer.Argument(metavar="BASE", help="Base revision. Default: the merge base of HEAD with the main branch.", show_default=False),
    ] = None,
    head: Annotated[Optional[str], typer.Argument(metavar="HEAD", help="Head revision. Default: HEAD (the commit).", show_default=False)] = None,
    plan_dir: Annotated[Path, typer.Option("--plan", "-p", help="Plan directory, the one holding plan.yaml.")] = Path("."),
    worktree: Annotated[
        bool, typer.Option("--worktree", help="Compare with the working tree, uncommitted changes included, instead of HEAD.")
    ] = False,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="markdown (for a pull request comment), text or json.")
    ] = DiffFormat.markdown,
    fail_on_new: Annotated[
        Optional[FailOn],
        typer.Option(
            "--fail-on-new",
            help="Exit 1 when the change introduces a finding of this severity or above. Default: exit 0 "
            "whatever the change introduces.",
        ),
    ] = None,
) -> None:
    """Show what changed in the plan between two revisions: entries, attributes, templates and findings."""
    from commsctl.diff import diff_revisions
    from commsctl.reporters.diff import WRITERS

    plan_diff = diff_revisions(plan_dir, base, head, worktree=worktree)
    WRITERS[output_format.value](plan_diff, sys.stdout)
    if fail_on_new is not None and plan_diff.introduced_at_or_above(fail_on_new.value):
        raise typer.Exit(1)


class RenderFormat(str, Enum):
    markdown = "markdown"
    text = "text"
    html = "html"
    eml = "eml"


@app.command()
def render(
    communication_id: Annotated[str, typer.Argument(metavar="COMMUNICATION_ID", help="Id of the communication to draft.", show_default=False)],
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
        write_draft(out, draft, force=force, plan_dir=plan_dir)
        typer.echo(f"wrote {out}", err=True)
    except UserError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None
# --- history -------------------------------------------------------------------


class HistoryFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


@app.command()
def history(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="File or folder in a Git working tree, e.g. the plan directory.")] = Path(
        "."
    ),
    since: Annotated[
        Optional[str],
        typer.Option(help="Earliest change date: a date (00:00 UTC) or an ISO 8601 timestamp with or without offset."),
    ] = None,
    until: Annotated[
        Optional[str], typer.Option(help="Latest change date, inclusive, in the same forms as --since.")
    ] = None,
    output_format: Annotated[HistoryFormat, typer.Option("--format", "-f", help="text, json or csv.")] = HistoryFormat.text,
    reviews: Annotated[
        Optional[Path],
        typer.Option(help="JSON export of merged pull requests with reviews, as 'gh pr list --json ...' writes it."),
    ] = None,
    rev: Annotated[str, typer.Option(help="Revision whose first-parent line is listed.")] = "HEAD",
    fail_unapproved: Annotated[
        bool, typer.Option("--fail-unapproved", help="Exit 1 when any listed change is unapproved.")
    ] = False,
) -> None:
    """List every change to PATH on the branch's first-parent line, with its approval evidence."""
    from commsctl.history import collect_history
    from commsctl.history.dates import parse_bound
    from commsctl.history.output import write_csv, write_json, write_text
    from commsctl.progress import commit_counter

    since_bound = parse_bound(since, "--since") if since else None
    until_bound = parse_bound(until, "--until") if until else None
    with commit_counter(enabled=output_format is HistoryFormat.text) as on_commit:
        result = collect_history(
            path, rev=rev, since=since_bound, until=until_bound, reviews=reviews, on_commit=on_commit
        )

    writers = {HistoryFormat.text: write_text, HistoryFormat.json: write_json, HistoryFormat.csv: write_csv}
    writers[output_format](result, sys.stdout)
    if fail_unapproved and result.unapproved:
        raise typer.Exit(1)


# --- audit-pack, verify-pack ------------------------------------------------------


@app.command("audit-pack")
def audit_pack(
    plan_dir: PlanDir = Path("."),
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the pack to (a zip file with --zip).")] = ...,
    rev: Annotated[str, typer.Option(help="Revision to build the pack from; the working tree is not read.")] = "HEAD",
    since: Annotated[
        Optional[str],
        typer.Option(
            help="Start of the change history and of the records checked: a date (00:00 UTC) or an ISO 8601 "
            "timestamp. Records default to the 90 days before the commit date."
        ),
    ] = None,
    until: Annotated[
        Optional[str], typer.Option(help="End of the change history (inclusive) and of the records checked (exclusive).")
    ] = None,
    reviews: Annotated[
        Optional[Path], typer.Option(help="JSON export of merged pull requests with reviews ('gh pr list --json ...').")
    ] = None,
    as_zip: Annotated[bool, typer.Option("--zip", help="Write one reproducible zip file at --out instead of a directory.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an earlier pack at --out (one with a manifest.json written by commsctl).")] = False,
) -> None:
    """Build an audit pack of the plan as of a revision: reports, inventory, history, templates, manifest."""
    from commsctl.auditpack import PackOptions, build_audit_pack
    from commsctl.history.dates import parse_bound

    options = PackOptions(
        rev=rev,
        since=parse_bound(since, "--since") if since else None,
        until=parse_bound(until, "--until") if until else None,
        reviews=reviews,
    )
    from commsctl.counts import count_noun

    built = build_audit_pack(plan_dir, out, options, as_zip=as_zip, force=force)
    typer.echo(
        f"Wrote an audit pack to {built.out} (commit {built.commit[:12]}): "
        f"{count_noun(built.file_count, 'file')} and manifest.json; "
        f"{count_noun(built.change_count, 'change')}, {built.unapproved_count} unapproved, "
        f"{count_noun(built.finding_count, 'finding')}.\n"
        f"manifest.json SHA-256: {built.manifest_sha256}\n"
        f"Keep this SHA-256 outside the pack, and check the pack with: "
        f"commsctl verify-pack {built.out} --manifest-sha256 {built.manifest_sha256}"
    )


@app.command("verify-pack")
def verify_pack(
    pack: Annotated[Path, typer.Argument(metavar="PACK", help="Audit pack directory or zip file.")],
    manifest_sha256: Annotated[
        Optional[str],
        typer.Option(
            "--manifest-sha256",
            metavar="HEX",
            help="SHA-256 of manifest.json as audit-pack printed it; without it, an edit to a file and its "
            "manifest entry is not detected.",
        ),
    ] = None,
) -> None:
    """Check every file of an audit pack against its manifest; exit 1 on a missing, extra or changed file."""
    from commsctl.auditpack.manifest import verify_pack as verify
    from commsctl.counts import count_noun

    result = verify(pack, manifest_sha256)
    for label, names in (("missing", result.missing), ("extra", result.extra), ("changed", result.changed)):
        for name in names:
            typer.echo(f"{pack}: {label}: {name}")
    if not result.manifest_matches:
        typer.echo(
            f"{pack}: changed: manifest.json (SHA-256 {result.manifest_sha256}, expected {result.manifest_expected})"
        )
    if not result.ok:
        typer.echo(f"{pack}: does not match its manifest", err=True)
        raise typer.Exit(1)
    listed = count_noun(result.checked, "file")
    if result.manifest_expected is None:
        typer.echo(
            f"{pack}: all {listed} listed in manifest.json match it; pass --manifest-sha256 to check the manifest too"
        )
    else:
        typer.echo(f"{pack}: all {listed} listed in manifest.json match it, and manifest.json matches its SHA-256")
