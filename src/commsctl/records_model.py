"""Pydantic models of execution evidence: events (``events/<id>.yaml``) and records (``records/**.yaml``).

An event is one occurrence of an event type of the plan's vocabulary, such as
one major incident. A record is one sent communication. Every timestamp must
carry a time zone, because evidence that can be read two ways proves nothing.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, Field

from commsctl.model import Id, PlanModel

# Event ids are usually ticket numbers (INC-2026-0412), so upper case is allowed.
EVENT_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
EventId = Annotated[
    str,
    Field(
        pattern=EVENT_ID_PATTERN,
        description="Identifier of the event, usually its ticket number: letters, digits, '.', '_' and '-'.",
    ),
]

# 2026 (annual), 2026-Q3 (quarterly), 2026-10 (monthly), 2026-W41 (weekly, ISO 8601 week),
# 2026-10-05 (daily), 2026-10-05T12:00 (schedules more frequent than daily).
PERIOD_PATTERN = r"^\d{4}(-Q[1-4]|-W\d{2}|-\d{2}(-\d{2}(T\d{2}:\d{2})?)?)?$"
Period = Annotated[
    str,
    Field(
        pattern=PERIOD_PATTERN,
        description="The schedule occurrence a record fulfils: 2026, 2026-Q3, 2026-10, 2026-W41 or 2026-10-05.",
    ),
]


class Event(PlanModel):
    """``events/<id>.yaml``: one event that triggers communications, with the timestamps deadlines are measured from."""

    id: EventId
    event: Id = Field(description="Event type id from the 'events' list of plan.yaml.")
    title: str
    declared_at: AwareDatetime
    approved_at: AwareDatetime | None = None
    implemented_at: AwareDatetime | None = None
    resolved_at: AwareDatetime | None = None
    link: str | None = Field(default=None, description="Where the event's own record is, such as the ticket URL.")


class Record(PlanModel):
    """``records/<yyyy>/<name>.yaml``: one sent communication, as evidence that the plan was carried out."""

    communication: Id
    event: EventId | None = Field(default=None, description="Event id, for event-triggered communications.")
    period: Period | None = Field(default=None, description="Schedule period, for scheduled communications.")
    sent_at: AwareDatetime
    sent_by: str = Field(min_length=1, description="Person who sent the message.")
    with_whom: list[Id] = Field(min_length=1, description="Audience ids actually reached.")
    how: list[Id] = Field(min_length=1, description="Channel ids actually used.")
    approved_by: str | None = Field(default=None, description="Person who approved the message.")
    approved_at: AwareDatetime | None = None
    summary: str | None = None
    message: str | None = Field(default=None, description="Path of the sent message, relative to the plan directory.")
    evidence: str | None = Field(default=None, description="Where the original is kept: ticket, archive or log link.")

    def occasion(self) -> str | None:
        """Return the event id or period this record belongs to (the rules report a record with neither)."""
        return self.event if self.event is not None else self.period
