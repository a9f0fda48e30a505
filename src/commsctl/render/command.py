"""Run ``commsctl render``: validate the plan, gather the values, render, check and format one draft."""

from __future__ import annotations

from pathlib import Path

from commsctl.counts import count_noun
from commsctl.errors import EXIT_FINDINGS, UserError
from commsctl.render.context import build_context
from commsctl.render.formats import Draft, format_draft
from commsctl.render.inputs import is_missing, merge_values, parse_settings, read_data_file
from commsctl.render.limits import check_channel_limits, check_subject_line
from commsctl.render.plancheck import communication_documents, concerned_errors
from commsctl.suggest import closest


def render_communication(
    plan_dir: Path,
    communication_id: str,
    *,
    settings: list[str],
    data_file: Path | None,
    output_format: str,
) -> bytes:
    """Return the draft of ``communication_id`` in ``output_format``; raise UserError on any problem."""
    from commsctl.validate import validate_directory

    supplied = parse_settings(settings)
    result = validate_directory(plan_dir)
    loaded = result.loaded
    _check_known(loaded, communication_id)
    _check_plan_errors(loaded, result.findings, communication_id, plan_dir)
    communication = loaded.by_id("communications")[communication_id]

    data = read_data_file(data_file) if data_file is not None else {}
    values = merge_values(data, supplied)
    _check_required(communication, values)

    draft = render_draft(loaded, communication, values, with_html=output_format in ("html", "eml"))
    return format_draft(draft, output_format)


def render_draft(loaded, communication, values: dict, *, with_html: bool) -> Draft:
    """Render the communication's template with ``values`` and check the result against its channels."""
    from commsctl.render.engine import TemplateRenderError, render_blocks
    from commsctl.templating import TemplateLoadError, checked_template_path

    context = build_context(loaded, communication, values)
    try:
        relpath = checked_template_path(loaded.source, communication.template, allow_elsewhere=True)
    except TemplateLoadError as error:
        raise TemplateRenderError(str(error)) from None
    blocks = render_blocks(loaded.source, relpath, context, with_html=with_html)

    check_subject_line(communication.id, blocks.subject)
    channels = loaded.by_id("channels")
    used_channels = [channels[channel_id] for channel_id in communication.how or [] if channel_id in channels]
    check_channel_limits(communication.id, used_channels, blocks.subject, blocks.body)

    return Draft(
        communication=context["communication"],
        audiences=context["audiences"],
        channels=context["channels"],
        owner=context["owner"],
        approver=context["approver"],
        subject=blocks.subject,
        body=blocks.body,
        html=blocks.html,
    )


def _check_known(loaded, communication_id: str) -> None:
    known = loaded.known_ids("communications")
    if communication_id in known or communication_documents(loaded, communication_id):
        return
    message = f"unknown communication {communication_id!r}"
    suggestion = closest(communication_id, known)
    if suggestion:
        raise UserError(f"{message}: did you mean {suggestion!r}?")
    listed = ", ".join(sorted(known)) or "none"
    raise UserError(f"{message}: the plan defines {listed}")


def _check_plan_errors(loaded, findings, communication_id: str, plan_dir: Path) -> None:
    errors = concerned_errors(loaded, findings, communication_id)
    if not errors and communication_id in loaded.by_id("communications"):
        return
    lines = "\n  ".join(finding.format_line() for finding in errors)
    raise UserError(
        f"cannot render {communication_id!r}: the plan has {count_noun(len(errors), 'error')} concerning it:\n  {lines}\n"
        f"Fix them and check with 'commsctl validate {plan_dir}'",
        exit_code=EXIT_FINDINGS,
    )


def _check_required(communication, values: dict) -> None:
    missing = [element for element in communication.what or [] if is_missing(values.get(element.id))]
    if not missing:
        return
    width = max(len(element.id) for element in missing)
    lines = "\n  ".join(f"{element.id:<{width}}  {element.description}" for element in missing)
    example = missing[0].id
    raise UserError(
        f"cannot render {communication.id!r}: {count_noun(len(missing), 'required content element')} "
        f"{'has' if len(missing) == 1 else 'have'} no value:\n  {lines}\n"
        f"Supply each with --set ID=VALUE (for example --set {example}=...) "
        f"or in a YAML or JSON file passed with --data FILE"
    )


def check_draft_target(out: Path, plan_dir: Path | None) -> None:
    """Raise UserError when ``out`` lies inside the plan directory or exists and is not a regular file.

    A device, FIFO or directory is never replaced, not even with --force.
    """
    if out.exists() and not out.is_file():
        raise UserError(f"--out {str(out)!r} exists and is not a regular file: choose a new file for the draft")
    if plan_dir is None:
        return
    plan_root = plan_dir.resolve()
    target = out.resolve()
    if target == plan_root or plan_root in target.parents:
        raise UserError(
            f"--out {str(out)!r} is inside the plan directory {str(plan_dir)!r}, where it could replace plan files: "
            "write drafts elsewhere, such as drafts/update.md outside the plan"
        )


def write_draft(out: Path, draft: bytes, *, force: bool, plan_dir: Path | None = None) -> None:
    """Write the draft to a new file, or replace ``out`` when ``force`` is set; the file appears complete or not at all.

    With ``plan_dir`` an ``out`` inside the plan is rejected.
    """
    from commsctl.fileio import write_atomic, write_new

    check_draft_target(out, plan_dir)
    try:
        if force:
            write_atomic(out, draft)
        else:
            write_new(out, draft)
    except FileExistsError as error:
        if out.exists() or out.is_symlink():
            raise UserError(f"{out} already exists: choose another --out file, or pass --force to replace it") from None
        # mkdir of the parent directory raises FileExistsError too, when a parent is a file.
        raise UserError(f"cannot write {out}: {error.filename} is not a directory; choose another --out file") from None
    except OSError as error:
        raise UserError(f"cannot write {out}: {error.strerror or error}; choose another --out file") from None
