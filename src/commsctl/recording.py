"""``commsctl record``: write the record of one sent communication into the plan, never over another file.

The record is checked against the plan before it is written: structural
mistakes (an unknown communication, event, audience or channel, a time without
a zone, a message outside the plan) are rejected. A message sent without a
valid approval is still recorded, because the record is evidence of what
happened. It gets a warning here and is reported as unapproved by 'check'.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from commsctl.errors import UserError
from commsctl.model import EventTrigger
from commsctl.records_loader import EVENTS_DIR, RECORDS_DIR
from commsctl.records_model import EVENT_ID_PATTERN, Event, Record
from commsctl.sources import DirectorySource
from commsctl.suggest import closest
from commsctl.timestamps import parse_timestamp

SENDER_VARIABLES = ("COMMSCTL_USER", "USER", "LOGNAME")
MAX_NAME_ATTEMPTS = 1000
HEADER = (
    "Record of one sent communication, written by 'commsctl record'.\n"
    "Evidence: keep it as written; record a correction as a new file."
)


@dataclass
class RecordRequest:
    """The options of one 'commsctl record' call; None means 'take the default from the plan'."""

    communication: str
    event: str | None = None
    period: str | None = None
    sent_at: str | None = None
    sent_by: str | None = None
    channels: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    message: str | None = None
    summary: str | None = None
    approved_by: str | None = None
    approved_at: str | None = None
    evidence: str | None = None


@dataclass
class WrittenRecord:
    path: Path
    relpath: str
    data: dict
    warnings: list[str]


def write_record(plan_dir: Path, request: RecordRequest, *, now: datetime | None = None) -> WrittenRecord:
    """Check the request against the plan in ``plan_dir``, then create a new record file; return what was written."""
    from commsctl.loader import load_plan

    source = DirectorySource(plan_dir)
    loaded = load_plan(source, execution=False)
    if loaded.plan is None:
        raise UserError(f"plan.yaml in {str(plan_dir)!r} is invalid: run 'commsctl validate {plan_dir}' to see why")
    zone = ZoneInfo(loaded.plan.timezone)

    communication = _find(loaded.by_id("communications"), request.communication, "communication", "communications/")
    sent_at = parse_timestamp(request.sent_at, "--sent-at") if request.sent_at else _utc_now(now)
    data: dict = {"communication": communication.id}
    warnings: list[str] = []

    if isinstance(communication.trigger, EventTrigger):
        event = _event_for(loaded, source, request, communication, sent_at)
        data["event"] = event.id
    else:
        data["period"] = _period_for(request, communication, zone, sent_at)

    data["sent_at"] = sent_at.isoformat()
    data["sent_by"] = _sender(request.sent_by)
    data["with_whom"] = _ids(request.audiences, communication.with_whom, loaded.known_ids("audiences"), "audience", "--audience")
    data["how"] = _ids(request.channels, communication.how, loaded.known_ids("channels"), "channel", "--channel")
    _add_approval(data, request, communication, loaded.by_id("roles"), sent_at, warnings)
    if request.summary:
        data["summary"] = request.summary
    if request.message:
        data["message"] = _message_path(source, request.message)
    if request.evidence:
        data["evidence"] = request.evidence
    elif communication.evidence and communication.evidence.location:
        warnings.append(f"no --evidence given: say where the original is kept ({communication.evidence.location})")

    _check_schema(data)
    path, relpath = _create(plan_dir, sent_at, communication.id, data)
    return WrittenRecord(path, relpath, data, warnings)


def _utc_now(now: datetime | None) -> datetime:
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)


def _find(index: dict, requested: str, kind: str, where: str):
    found = index.get(requested)
    if found is not None:
        return found
    suggestion = closest(requested, index)
    hint = f"did you mean {suggestion!r}?" if suggestion else f"use an id from {where}"
    raise UserError(f"unknown {kind} {requested!r}: {hint}")


def _event_for(loaded, source, request: RecordRequest, communication, sent_at: datetime) -> Event:
    """Read and check the event file of the event the record responds to."""
    from commsctl.loader import _read, _validate_object

    trigger_type = communication.trigger.event
    if request.period:
        raise UserError(f"{communication.id!r} is triggered by event type {trigger_type!r}: pass --event, not --period")
    if not request.event:
        raise UserError(f"{communication.id!r} is triggered by event type {trigger_type!r}: pass --event with the event id")
    if not re.fullmatch(EVENT_ID_PATTERN, request.event):
        raise UserError(f"invalid event id {request.event!r}: use letters, digits, '.', '_' and '-', such as INC-2026-0412")

    relpath = f"{EVENTS_DIR}/{request.event}.yaml"
    if not source.exists(relpath):
        raise UserError(f"event {request.event!r} not found: create {relpath} first (id, event, title, declared_at)")
    document = _read(loaded, relpath)
    event = _validate_object(loaded, document, Event, (), "events") if document is not None else None
    if event is None:
        problem = loaded.findings[-1].format_line() if loaded.findings else relpath
        raise UserError(f"event file {relpath} is invalid: {problem}")

    if event.event != trigger_type:
        raise UserError(
            f"event {event.id!r} is of type {event.event!r}, but {communication.id!r} is triggered by {trigger_type!r}: "
            "check the event id or the communication"
        )
    if sent_at < event.declared_at:
        raise UserError(
            f"--sent-at {sent_at.isoformat()} is before event {event.id!r} was declared ({event.declared_at.isoformat()}): "
            "check the time and its zone"
        )
    return event


def _period_for(request: RecordRequest, communication, zone: ZoneInfo, sent_at: datetime) -> str:
    """Return --period, checked against the schedule, or the period of the last occurrence before sent_at."""
    from commsctl.schedules import PERIOD_EXAMPLES, granularity, occurrences, period_matches_form

    schedule = communication.trigger.schedule
    form = granularity(schedule)
    if request.event:
        raise UserError(f"{communication.id!r} is scheduled ({schedule}): pass --period, such as {PERIOD_EXAMPLES[form]}, not --event")
    if request.period:
        if not period_matches_form(request.period, form):
            raise UserError(
                f"invalid --period {request.period!r} for the {schedule} schedule of {communication.id!r}: "
                f"write the {form} that contains the due date, such as {PERIOD_EXAMPLES[form]}"
            )
        return request.period

    found = occurrences(schedule, zone, sent_at - timedelta(days=400), sent_at + timedelta(seconds=1))
    if not found:
        raise UserError(f"no occurrence of the {schedule} schedule before {sent_at.isoformat()}: pass --period")
    return found[-1].period


def _sender(given: str | None) -> str:
    if given:
        return given
    for variable in SENDER_VARIABLES:
        if os.environ.get(variable):
            return os.environ[variable]
    raise UserError("no sender: pass --sent-by PERSON, or set COMMSCTL_USER")


def _ids(given: list[str], planned: list[str] | None, known: set[str], kind: str, option: str) -> list[str]:
    chosen = list(dict.fromkeys(given)) if given else list(planned or [])
    if not chosen:
        raise UserError(f"the communication plans no {kind}: pass {option}")
    for value in chosen:
        if value not in known:
            suggestion = closest(value, known)
            hint = f"did you mean {suggestion!r}?" if suggestion else f"use one of {', '.join(sorted(known))}"
            raise UserError(f"unknown {kind} {value!r} in {option}: {hint}")
    return chosen


def _add_approval(data: dict, request: RecordRequest, communication, roles: dict, sent_at: datetime, warnings: list[str]) -> None:
    approved_at = parse_timestamp(request.approved_at, "--approved-at") if request.approved_at else None
    if approved_at is not None and not request.approved_by:
        raise UserError("--approved-at needs --approved-by: name the person who approved")
    if request.approved_by:
        data["approved_by"] = request.approved_by
    if approved_at is not None:
        data["approved_at"] = approved_at.isoformat()

    if not communication.approver:
        return
    role = roles.get(communication.approver)
    allowed = (role.members + role.backups) if role is not None else []
    if not request.approved_by:
        warnings.append(f"{communication.id!r} needs approval by role {communication.approver!r}: recorded as unapproved")
    elif request.approved_by not in allowed:
        warnings.append(
            f"{request.approved_by!r} is not a member or backup of approver role {communication.approver!r}: "
            "recorded, and 'check' will report it as unapproved"
        )
    elif approved_at is None:
        warnings.append("no --approved-at given: 'check' will report the approval as incomplete")
    elif approved_at > sent_at:
        warnings.append("--approved-at is after --sent-at: 'check' will report the message as unapproved")


def _message_path(source: DirectorySource, given: str) -> str:
    """Return the message path relative to the plan; accept it relative to the plan or to the current directory."""
    candidate = Path(given)
    if candidate.exists():
        real = candidate.resolve()
        if real == source.real_root or source.real_root not in real.parents:
            raise UserError(f"message {given!r} is outside the plan directory: copy it into the plan (such as messages/)")
        relpath = real.relative_to(source.real_root).as_posix()
    else:
        relpath = given
    source.resolve_inside(relpath)
    if not source.exists(relpath) or not (source.root / relpath).is_file():
        raise UserError(f"message {given!r} not found: give a file inside the plan directory")
    return relpath


def _check_schema(data: dict) -> None:
    from pydantic import ValidationError

    try:
        Record.model_validate(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        location = ".".join(str(part) for part in first["loc"]) or "record"
        raise UserError(f"invalid {location}: {first['msg']}") from None


def record_yaml(data: dict) -> bytes:
    """Return ``data`` as YAML with a header comment, lists of ids in flow style."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    document = CommentedMap()
    for key, value in data.items():
        if isinstance(value, list):
            value = CommentedSeq(value)
            value.fa.set_flow_style()
        document[key] = value
    document.yaml_set_start_comment(HEADER)

    yaml = YAML()
    yaml.width = 100
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue().encode("utf-8")


def _check_folder_inside(plan_dir: Path, folder: str) -> None:
    """Raise UserError when ``folder`` (or the part of it that exists) leads out of the plan through a link."""
    real_root = plan_dir.resolve()
    real = (plan_dir / folder).resolve()
    if real != real_root and real_root not in real.parents:
        raise UserError(
            f"{folder} in {str(plan_dir)!r} is a symbolic link that leaves the plan directory: "
            "records are written only inside the plan; replace the link with a folder"
        )


def _create(plan_dir: Path, sent_at: datetime, communication_id: str, data: dict) -> tuple[Path, str]:
    """Create records/<yyyy>/<time>-<communication>-<event or period>.yaml, with -2, -3... when the name is taken."""
    from commsctl.fileio import write_new

    utc = sent_at.astimezone(timezone.utc)
    occasion = data.get("event") or data.get("period")
    stem = f"{utc:%Y-%m-%dT%H%M%SZ}-{communication_id}-{occasion}".replace(":", "")
    content = record_yaml(data)
    _check_folder_inside(plan_dir, f"{RECORDS_DIR}/{utc:%Y}")
    for attempt in range(1, MAX_NAME_ATTEMPTS + 1):
        name = f"{stem}.yaml" if attempt == 1 else f"{stem}-{attempt}.yaml"
        relpath = f"{RECORDS_DIR}/{utc:%Y}/{name}"
        path = plan_dir / relpath
        try:
            write_new(path, content)
        except FileExistsError:
            continue
        return path, relpath
    raise UserError(f"{MAX_NAME_ATTEMPTS} records named {stem}*.yaml exist already: remove duplicates from {RECORDS_DIR}/{utc:%Y}/")
