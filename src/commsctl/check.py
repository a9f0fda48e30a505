"""Compare execution records with the plan: was every required communication sent, on time, to the right people?

An obligation is one communication owed once: for each event in the period,
each communication its event type triggers; for each scheduled communication,
each occurrence of its schedule in the period. Each obligation is judged as of
``now``: records sent after ``now`` do not exist yet, and a deadline after
``now`` is pending, not missing.

Timing rules, all on aware datetimes (a deadline met to the second is on time):

- ``first_within``: the first record is due that long after the event's
  ``measured_from`` timestamp (or after the schedule occurrence).
- ``repeat_every``: no gap between records, nor between the last record and
  the event's ``resolved_at`` (``implemented_at`` with ``until: implemented``),
  may be longer; for an open event the gap up to ``now`` counts.
- ``lead_time``: the first record is due that long before ``implemented_at``.
- A scheduled communication without ``first_within`` is due by its next occurrence.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from commsctl.durations import format_delay, format_duration
from commsctl.model import Communication, EventTrigger, ScheduledTrigger, When
from commsctl.records_model import Event, Record
from commsctl.schedules import occurrences
from commsctl.timestamps import after, show

ON_TIME, LATE, MISSING, PENDING = "on time", "late", "missing", "pending"
UNAPPROVED, AUDIENCE, CHANNEL = "unapproved", "audience", "channel"
# Issue kinds that make 'check' exit 1; audience and channel deviations are reported only.
FAILING_KINDS = (LATE, MISSING, UNAPPROVED)


@dataclass
class Issue:
    """One thing wrong with an obligation; ``record`` is the record at fault, if any."""

    kind: str
    message: str
    record: Record | None = None
    delay: timedelta | None = None


@dataclass
class Obligation:
    """One communication owed for one event or one schedule occurrence, and what the records show."""

    communication: Communication
    event: Event | None
    period: str | None
    occurrence: datetime | None
    due_at: datetime | None
    records: list[Record]
    status: str = ON_TIME
    issues: list[Issue] = field(default_factory=list)

    @property
    def occasion(self) -> str:
        return self.event.id if self.event is not None else self.period or ""

    @property
    def failing(self) -> bool:
        return any(issue.kind in FAILING_KINDS for issue in self.issues)


@dataclass
class CheckResult:
    """All obligations of a period, judged as of ``now``."""

    plan_name: str
    zone: ZoneInfo
    since: datetime
    until: datetime
    now: datetime
    obligations: list[Obligation]
    loaded: object = field(default=None, repr=False)

    def file_of(self, entity) -> str:
        """Return the path of the file an event or record was read from, as the user named the plan."""
        document, _ = self.loaded.origin(entity)
        return document.display

    @property
    def failing(self) -> bool:
        return any(obligation.failing for obligation in self.obligations)

    def issues(self) -> list[tuple[Obligation, Issue]]:
        return [(obligation, issue) for obligation in self.obligations for issue in obligation.issues]


def check_plan(loaded, since: datetime, until: datetime, now: datetime) -> CheckResult:
    """Judge every obligation of events declared, and schedule occurrences falling, in [since, until)."""
    plan = loaded.plan
    zone = ZoneInfo(plan.timezone)
    roles = loaded.by_id("roles")
    records = _records_by_occasion(loaded.records, now)
    judge = _Judge(zone, now, roles)

    obligations: list[Obligation] = []
    by_event_type: dict[str, list[Communication]] = defaultdict(list)
    for communication in sorted(loaded.communications, key=lambda item: item.id):
        if isinstance(communication.trigger, EventTrigger):
            by_event_type[communication.trigger.event].append(communication)

    events = [event for event in loaded.events if since <= event.declared_at < until and event.declared_at <= now]
    for event in sorted(events, key=lambda item: (item.declared_at, item.id)):
        for communication in by_event_type.get(event.event, []):
            sent = records.get((communication.id, event.id), [])
            obligations.append(judge.event_obligation(communication, event, sent))

    for communication in sorted(loaded.communications, key=lambda item: item.id):
        trigger = communication.trigger
        if not isinstance(trigger, ScheduledTrigger):
            continue
        for occurrence in occurrences(trigger.schedule, zone, since, min(until, now + timedelta(days=1))):
            if occurrence.at > now:
                continue
            sent = records.get((communication.id, occurrence.period), [])
            obligations.append(judge.scheduled_obligation(communication, occurrence, sent))

    return CheckResult(plan.name, zone, since, until, now, obligations, loaded)


def _records_by_occasion(records: list[Record], now: datetime) -> dict[tuple[str, str], list[Record]]:
    grouped: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in records:
        if record.sent_at <= now and record.occasion() is not None:
            grouped[(record.communication, record.occasion())].append(record)
    for sent in grouped.values():
        sent.sort(key=lambda record: record.sent_at)
    return grouped


class _Judge:
    """The timing, approval and recipient rules, with the plan's zone and roles at hand."""

    def __init__(self, zone: ZoneInfo, now: datetime, roles: dict) -> None:
        self.zone = zone
        self.now = now
        self.roles = roles

    def event_obligation(self, communication: Communication, event: Event, sent: list[Record]) -> Obligation:
        when = communication.when or When()
        deadlines, waiting_for = self._event_deadlines(when, event)
        due_at = min((due for due, _ in deadlines), default=None)
        obligation = Obligation(communication, event, None, None, due_at, sent)

        if not sent:
            self._judge_unsent(obligation, deadlines, waiting_for, fallback=event.declared_at)
            return obligation

        first = sent[0].sent_at
        for due, rule in deadlines:
            if first > due:
                delay = first - due
                obligation.issues.append(
                    Issue(
                        LATE,
                        f"first message {format_delay(delay)} late: due {show(due, self.zone)} ({rule}), "
                        f"sent {show(first, self.zone)}",
                        sent[0],
                        delay,
                    )
                )
        if when.repeat_every is not None:
            self._judge_updates(obligation, when, event)
        self._judge_records(obligation)
        return obligation

    def scheduled_obligation(self, communication: Communication, occurrence, sent: list[Record]) -> Obligation:
        when = communication.when or When()
        if when.first_within is not None:
            due, rule = after(occurrence.at, when.first_within), f"{format_duration(when.first_within)} after the occurrence"
        else:
            due, rule = occurrence.next_at, "by the next occurrence"
        obligation = Obligation(communication, None, occurrence.period, occurrence.at, due, sent)

        if not sent:
            self._judge_unsent(obligation, [(due, rule)], None, fallback=occurrence.at)
            return obligation

        first = sent[0].sent_at
        if first > due:
            delay = first - due
            obligation.issues.append(
                Issue(
                    LATE,
                    f"{occurrence.period} report {format_delay(delay)} late: due {show(due, self.zone)} ({rule}), "
                    f"sent {show(first, self.zone)}",
                    sent[0],
                    delay,
                )
            )
        self._judge_records(obligation)
        return obligation

    def _event_deadlines(self, when: When, event: Event) -> tuple[list[tuple[datetime, str]], str | None]:
        """Return the (deadline, rule text) pairs that apply, and the timestamp still awaited, if any."""
        deadlines = []
        waiting_for = None
        if when.first_within is not None:
            anchor = getattr(event, when.measured_from)
            if anchor is None:
                waiting_for = when.measured_from
            else:
                deadlines.append((after(anchor, when.first_within), f"{format_duration(when.first_within)} after {when.measured_from}"))
        if when.lead_time is not None:
            if event.implemented_at is None:
                waiting_for = "implemented_at"
            else:
                deadlines.append(
                    (after(event.implemented_at, -when.lead_time), f"{format_duration(when.lead_time)} before implemented_at")
                )
        return deadlines, waiting_for

    def _judge_unsent(self, obligation: Obligation, deadlines, waiting_for: str | None, *, fallback: datetime) -> None:
        passed = [(due, rule) for due, rule in deadlines if due < self.now]
        if not deadlines and waiting_for is None:
            passed = [(fallback, "no timing in the plan, so due at once")]
        if not passed:
            obligation.status = PENDING
            return
        due, rule = min(passed)
        obligation.status = MISSING
        obligation.due_at = due
        obligation.issues.append(
            Issue(
                MISSING,
                f"no record: due {show(due, self.zone)} ({rule}), overdue by {format_delay(self.now - due)}",
                None,
                self.now - due,
            )
        )

    def _judge_updates(self, obligation: Obligation, when: When, event: Event) -> None:
        """Report gaps longer than ``repeat_every`` between updates, up to the end of the event (or now)."""
        end_name = "implemented_at" if when.until == "implemented" else "resolved_at"
        end = getattr(event, end_name)
        still_open = end is None or end > self.now
        if still_open:
            end = self.now
        limit = when.repeat_every
        times = [record.sent_at for record in obligation.records if record.sent_at <= end]
        if not times:
            return  # the first message came after the end: reported as late by the first_within rule

        for previous, record in zip(times, obligation.records[1 : len(times)]):
            gap = record.sent_at - previous
            if gap > limit:
                obligation.issues.append(
                    Issue(
                        LATE,
                        f"update {format_delay(gap - limit)} late: {format_delay(gap)} between updates at "
                        f"{show(previous, self.zone)} and {show(record.sent_at, self.zone)} "
                        f"(repeat_every {format_duration(limit)})",
                        record,
                        gap - limit,
                    )
                )

        last = times[-1]
        gap = end - last
        if gap > limit:
            if still_open:
                message = (
                    f"update overdue by {format_delay(gap - limit)}: the event is still open and the last update "
                    f"was at {show(last, self.zone)} (repeat_every {format_duration(limit)})"
                )
            else:
                message = (
                    f"update {format_delay(gap - limit)} late: no update between {show(last, self.zone)} and "
                    f"{end_name} {show(end, self.zone)} (repeat_every {format_duration(limit)})"
                )
            obligation.issues.append(Issue(LATE, message, None, gap - limit))

    def _judge_records(self, obligation: Obligation) -> None:
        """Check approval, audiences and channels of every record, then set the obligation's status."""
        communication = obligation.communication
        for record in obligation.records:
            if communication.approver:
                problem = self._approval_problem(record, communication.approver)
                if problem:
                    obligation.issues.append(Issue(UNAPPROVED, problem, record))
            obligation.issues.extend(_recipient_issues(communication, record))
        if any(issue.kind == LATE for issue in obligation.issues):
            obligation.status = LATE

    def _approval_problem(self, record: Record, role_id: str) -> str | None:
        role = self.roles.get(role_id)
        allowed = (role.members + role.backups) if role is not None else []
        if not record.approved_by:
            return f"message sent {show(record.sent_at, self.zone)} without a recorded approval: role {role_id!r} must approve it"
        if record.approved_by not in allowed:
            return (
                f"approved by {record.approved_by!r}, who is not a member or backup of approver role {role_id!r} "
                f"({', '.join(allowed) or 'no one'})"
            )
        if record.approved_at is None:
            return f"approval by {record.approved_by!r} has no approved_at time"
        if record.approved_at > record.sent_at:
            return (
                f"approved {format_delay(record.approved_at - record.sent_at)} after it was sent: "
                f"approved {show(record.approved_at, self.zone)}, sent {show(record.sent_at, self.zone)}"
            )
        return None


def _recipient_issues(communication: Communication, record: Record) -> list[Issue]:
    if record.with_whom == communication.with_whom and record.how == communication.how:
        return []
    issues = []
    for kind, planned, actual, noun in (
        (AUDIENCE, communication.with_whom or [], record.with_whom, "audience"),
        (CHANNEL, communication.how or [], record.how, "channel"),
    ):
        missed = [item for item in planned if item not in actual]
        extra = [item for item in actual if item not in planned]
        if not missed and not extra:
            continue
        parts = []
        if missed:
            parts.append(f"planned {noun} not used: {', '.join(missed)}")
        if extra:
            parts.append(f"{noun} not in the plan: {', '.join(extra)}")
        verb = "sent to" if kind == AUDIENCE else "sent through"
        issues.append(Issue(kind, f"{verb} {', '.join(actual)}; {'; '.join(parts)}", record))
    return issues


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def check_period(zone: ZoneInfo, since: str | None, until: str | None, now: str | None) -> tuple[datetime, datetime, datetime]:
    """Resolve the --since, --until and --now options; the defaults are the 90 days up to now."""
    from commsctl.timestamps import parse_bound, parse_timestamp

    moment = parse_timestamp(now, "--now") if now else utc_now()
    end = parse_bound(until, "--until", zone, end=True) if until else moment
    start = parse_bound(since, "--since", zone, end=False) if since else end - timedelta(days=90)
    if start >= end:
        from commsctl.errors import UserError

        raise UserError(f"--since {since or start.isoformat()!r} is not before --until {until or end.isoformat()!r}: swap them")
    return start, end, moment


def check_directory(plan_dir, since: str | None, until: str | None, now: str | None):
    """Load the plan in ``plan_dir`` and check it; return the result and the load findings (schema errors)."""
    from commsctl.errors import UserError
    from commsctl.loader import load_plan
    from commsctl.sources import DirectorySource

    loaded = load_plan(DirectorySource(plan_dir))
    if loaded.plan is None:
        raise UserError(f"plan.yaml in {str(plan_dir)!r} is invalid: run 'commsctl validate {plan_dir}' to see why")
    start, end, moment = check_period(ZoneInfo(loaded.plan.timezone), since, until, now)
    return check_plan(loaded, start, end, moment), loaded.findings
