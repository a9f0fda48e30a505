"""Rules on execution evidence: events and records must name what the plan defines and agree with each other.

Whether the plan was carried out on time is judged by ``commsctl check``; these
rules only make sure the evidence itself can be trusted and matched.
"""

from __future__ import annotations

from collections.abc import Iterator

from commsctl.errors import PlanPathError
from commsctl.findings import Severity
from commsctl.model import EventTrigger, ScheduledTrigger
from commsctl.records_loader import file_stem
from commsctl.rules.references import unknown_id_message
from commsctl.rules.registry import Hit, rule
from commsctl.schedules import PERIOD_EXAMPLES, granularity, period_matches_form
from commsctl.sources import check_relative_path


@rule("event-unknown-type", Severity.ERROR, "An event must be of a type in the plan's vocabulary, or no communication can be required for it.")
def event_unknown_type(loaded) -> Iterator[Hit]:
    if loaded.plan is None:
        return
    known = {event_type.id for event_type in loaded.plan.events}
    for event in loaded.events:
        if event.event not in known:
            yield Hit(event, ("event",), unknown_id_message("event type", event.event, known, "plan.yaml events"))


@rule("event-id-file-mismatch", Severity.ERROR, "An event file is named after its id, so that records and reviewers find it.")
def event_id_file_mismatch(loaded) -> Iterator[Hit]:
    for event in loaded.events:
        stem = file_stem(loaded, event)
        if stem != event.id:
            yield Hit(
                event,
                ("id",),
                f"event id {event.id!r} differs from the file name {stem!r}: rename the file to {event.id}.yaml or change the id",
            )


@rule("record-unknown-communication", Severity.ERROR, "A record must name a communication of the plan, or it proves nothing.")
def record_unknown_communication(loaded) -> Iterator[Hit]:
    known = loaded.known_ids("communications")
    for record in loaded.records:
        if record.communication not in known:
            yield Hit(record, ("communication",), unknown_id_message("communication", record.communication, known, "communications/"))


@rule("record-unknown-event", Severity.ERROR, "A record of an event-triggered communication must name an event file of the plan.")
def record_unknown_event(loaded) -> Iterator[Hit]:
    known = loaded.known_ids("events")
    for record in loaded.records:
        if record.event is not None and record.event not in known:
            yield Hit(record, ("event",), unknown_id_message("event", record.event, known, "events/<id>.yaml"))


@rule("record-unknown-audience", Severity.ERROR, "A record's 'with_whom' must name audiences of the plan.")
def record_unknown_audience(loaded) -> Iterator[Hit]:
    known = loaded.known_ids("audiences")
    for record in loaded.records:
        for index, audience in enumerate(record.with_whom):
            if audience not in known:
                yield Hit(record, ("with_whom", index), unknown_id_message("audience", audience, known, "audiences.yaml"))


@rule("record-unknown-channel", Severity.ERROR, "A record's 'how' must name channels of the plan.")
def record_unknown_channel(loaded) -> Iterator[Hit]:
    known = loaded.known_ids("channels")
    for record in loaded.records:
        for index, channel in enumerate(record.how):
            if channel not in known:
                yield Hit(record, ("how", index), unknown_id_message("channel", channel, known, "channels.yaml"))


@rule(
    "record-trigger-mismatch",
    Severity.ERROR,
    "A record names an event for an event-triggered communication and a period for a scheduled one, of the right kind.",
)
def record_trigger_mismatch(loaded) -> Iterator[Hit]:
    communications = loaded.by_id("communications")
    events = loaded.by_id("events")
    for record in loaded.records:
        if record.event is None and record.period is None:
            yield Hit(record, (), "record has neither 'event' nor 'period': add the event id or the schedule period it belongs to")
            continue
        if record.event is not None and record.period is not None:
            yield Hit(record, ("period",), "record has both 'event' and 'period': keep the one its communication's trigger uses")
            continue

        communication = communications.get(record.communication)
        if communication is None:
            continue
        trigger = communication.trigger
        if isinstance(trigger, EventTrigger):
            if record.event is None:
                yield Hit(
                    record,
                    ("period",),
                    f"{communication.id!r} is triggered by event type {trigger.event!r}: replace 'period' with 'event: <event id>'",
                    key=True,
                )
                continue
            event = events.get(record.event)
            if event is not None and event.event != trigger.event:
                yield Hit(
                    record,
                    ("event",),
                    f"event {record.event!r} is of type {event.event!r}, but {communication.id!r} is triggered by "
                    f"{trigger.event!r}: name an event of that type or the right communication",
                )
        elif isinstance(trigger, ScheduledTrigger) and record.period is None:
            example = PERIOD_EXAMPLES[granularity(trigger.schedule)]
            yield Hit(
                record,
                ("event",),
                f"{communication.id!r} is scheduled ({trigger.schedule}): replace 'event' with 'period', such as {example}",
                key=True,
            )


@rule("record-period-invalid", Severity.ERROR, "A record's period must name an occurrence of its communication's schedule.")
def record_period_invalid(loaded) -> Iterator[Hit]:
    communications = loaded.by_id("communications")
    for record in loaded.records:
        communication = communications.get(record.communication)
        if record.period is None or communication is None or not isinstance(communication.trigger, ScheduledTrigger):
            continue
        form = granularity(communication.trigger.schedule)
        if not period_matches_form(record.period, form):
            yield Hit(
                record,
                ("period",),
                f"period {record.period!r} does not fit the {communication.trigger.schedule} schedule of "
                f"{communication.id!r}: write the {form} that contains the due date, such as {PERIOD_EXAMPLES[form]}",
            )


@rule("record-before-event", Severity.ERROR, "A message cannot answer an event that was declared after it was sent.")
def record_before_event(loaded) -> Iterator[Hit]:
    events = loaded.by_id("events")
    for record in loaded.records:
        event = events.get(record.event) if record.event is not None else None
        if event is not None and record.sent_at < event.declared_at:
            yield Hit(
                record,
                ("sent_at",),
                f"sent_at {record.sent_at.isoformat()} is before event {event.id!r} was declared "
                f"({event.declared_at.isoformat()}): fix the time or the event id",
            )


@rule("duplicate-record", Severity.WARNING, "Two records of one message inflate the evidence; keep one of them.")
def duplicate_record(loaded) -> Iterator[Hit]:
    first_seen: dict[tuple, object] = {}
    for record in loaded.records:
        key = (record.communication, record.occasion(), record.sent_at)
        first = first_seen.setdefault(key, record)
        if first is not record:
            yield Hit(
                record,
                ("sent_at",),
                f"duplicate of {loaded.origin(first)[0].display}: same communication, {'event' if record.event else 'period'} "
                "and sent_at; remove one of the files",
            )


@rule(
    "record-approval-invalid",
    Severity.WARNING,
    "An approval counts only when a member or backup of the approver role gave it, and gave it before sending.",
)
def record_approval_invalid(loaded) -> Iterator[Hit]:
    communications = loaded.by_id("communications")
    roles = loaded.by_id("roles")
    for record in loaded.records:
        if record.approved_at is not None and not record.approved_by:
            yield Hit(record, ("approved_at",), "approved_at is set but approved_by is missing: name the person who approved", key=True)
        communication = communications.get(record.communication)
        if communication is None or not communication.approver or not record.approved_by:
            continue
        role = roles.get(communication.approver)
        if role is not None and record.approved_by not in role.members + role.backups:
            yield Hit(
                record,
                ("approved_by",),
                f"{record.approved_by!r} is not a member or backup of approver role {role.id!r} of "
                f"{communication.id!r} ({', '.join(role.members + role.backups)})",
            )


@rule("record-message-missing", Severity.ERROR, "A record's message path must point at the sent message inside the plan.")
def record_message_missing(loaded) -> Iterator[Hit]:
    resolve_inside = getattr(loaded.source, "resolve_inside", None)
    for record in loaded.records:
        if not record.message:
            continue
        try:
            clean = str(check_relative_path(record.message))
            if resolve_inside is not None:
                resolve_inside(clean)
        except PlanPathError as error:
            yield Hit(record, ("message",), f"{error}")
            continue
        if not loaded.source.exists(clean):
            yield Hit(record, ("message",), f"message {record.message!r} not found in the plan: add the file or fix the path")
