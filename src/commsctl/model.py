"""Pydantic models of the plan files.

Each model mirrors one YAML file kind. The attributes that clause 7.4 cares
about most (``what``, ``when``, ``with_whom``, ``how``, ``owner``, ``evidence``)
are optional in the schema. The rules then report a missing one by its name,
with a rule id the user can look up, instead of a generic schema error.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
)

from commsctl.durations import DURATION_HELP, DURATION_PATTERN, format_duration, parse_duration

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        description="Lower-case identifier: letters, digits, '.', '_' and '-'.",
    ),
]

SCHEDULE_KEYWORDS = ("daily", "weekly", "monthly", "quarterly", "annually")
EVENT_CATEGORIES = ("incident", "change", "maintenance", "supplier", "service-level", "governance", "other")
EVENT_TIMESTAMPS = ("declared_at", "approved_at", "implemented_at", "resolved_at")
CHANNEL_KINDS = (
    "email",
    "status-page",
    "chat",
    "phone-bridge",
    "ticket",
    "meeting",
    "portal",
    "sms",
    "intranet",
    "report",
    "other",
)


def _parse_duration_input(value: object) -> object:
    if isinstance(value, str):
        return parse_duration(value)
    if isinstance(value, timedelta):
        return value
    raise ValueError(f"expected {DURATION_HELP}, got {value!r}")


Duration = Annotated[
    timedelta,
    BeforeValidator(_parse_duration_input),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema({"type": "string", "pattern": DURATION_PATTERN, "description": DURATION_HELP}),
]


class PlanModel(BaseModel):
    """Base of every plan model: unknown keys are errors.

    Where an instance was read is kept by the loader (``LoadedPlan.origin``), not
    on the instance: pydantic private attributes cost a call on every nested
    model's construction, which was a tenth of the load time of a large plan.
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --- plan.yaml ---------------------------------------------------------------


class EventType(PlanModel):
    """An entry of the event vocabulary: something that happens and may trigger communications."""

    id: Id
    name: str
    category: Literal[EVENT_CATEGORIES] = "other"  # type: ignore[valid-type]
    description: str | None = None


class Selector(PlanModel):
    """Selection of the communications a control point covers; every condition given must hold."""

    type: Literal["internal", "external"] | None = None
    high_impact_channel: bool | None = Field(
        default=None, description="True: communications that use at least one high-impact channel."
    )
    communications: list[Id] | None = None
    events: list[Id] | None = Field(default=None, description="Event ids of event-triggered communications.")


class ControlPoint(PlanModel):
    """A decision about which kinds of communication need formal approval before they are sent."""

    id: Id
    description: str
    applies_to: Selector
    requires_approval: bool = True


class Review(PlanModel):
    """How often the plan itself is reviewed."""

    cadence: str = Field(description="daily, weekly, monthly, quarterly, annually or an RFC 5545 RRULE.")
    last_reviewed: date | None = None

    @field_validator("cadence")
    @classmethod
    def _check_cadence(cls, value: str) -> str:
        return check_schedule(value)


class LintSettings(PlanModel):
    """Settings of ``commsctl validate`` for this plan: rule severities and ignored paths."""

    rules: dict[str, Literal["error", "warning", "off"]] = Field(
        default_factory=dict, description="Rule name -> severity: error, warning or off."
    )
    ignore: list[str] = Field(
        default_factory=list,
        description="Glob patterns of files, relative to the plan directory, whose findings are not reported.",
    )


class Plan(PlanModel):
    """``plan.yaml``: the plan's metadata, scope, event vocabulary and control points."""

    name: str
    purpose: str | None = None
    owner: Id = Field(description="Role id of the plan owner.")
    version_policy: str = Field(description="How plan changes are versioned and approved.")
    review: Review
    scope: str = Field(description='The written definition of "SMS-relevant communications".')
    timezone: str = Field(default="UTC", description="IANA time zone of scheduled communications.")
    events: list[EventType] = Field(default_factory=list)
    control_points: list[ControlPoint] = Field(default_factory=list)
    lint: LintSettings | None = None

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}: use an IANA name such as Europe/Berlin or UTC") from None
        return value


# --- roles.yaml, audiences.yaml, channels.yaml, distribution-lists.yaml ------


class Role(PlanModel):
    """A role that owns or approves communications; people are named as members and backups."""

    id: Id
    title: str
    members: list[str] = Field(min_length=1, description="People who hold the role.")
    backups: list[str] = Field(default_factory=list, description="People who act when no member is available.")
    description: str | None = None


class RolesFile(PlanModel):
    roles: list[Role]


class Audience(PlanModel):
    """A group of recipients, reached through a distribution list where one exists."""

    id: Id
    name: str
    type: Literal["internal", "external"]
    third_party: bool = False
    distribution_list: Id | None = None
    description: str | None = None


class AudiencesFile(PlanModel):
    audiences: list[Audience]


class ChannelLimits(PlanModel):
    """Limits a draft must respect on this channel."""

    max_length: int | None = Field(default=None, gt=0, description="Maximum characters of the message body.")
    max_subject_length: int | None = Field(default=None, gt=0, description="Maximum characters of the subject.")


class Channel(PlanModel):
    """A means of communication; high-impact channels are restricted to named publisher roles."""

    id: Id
    name: str
    kind: Literal[CHANNEL_KINDS]  # type: ignore[valid-type]
    high_impact: bool = False
    publishers: list[Id] = Field(default_factory=list, description="Role ids allowed to publish.")
    limits: ChannelLimits | None = None
    description: str | None = None


class ChannelsFile(PlanModel):
    channels: list[Channel]


class DistributionList(PlanModel):
    """A controlled list of recipients with an owner and a change process."""

    id: Id
    name: str
    address: str | None = None
    owner: Id | None = Field(default=None, description="Role id that owns the membership.")
    change_process: str | None = None
    description: str | None = None


class DistributionListsFile(PlanModel):
    distribution_lists: list[DistributionList]


# --- communications/<id>.yaml --------------------------------------------------


def check_schedule(value: str) -> str:
    """Accept a schedule keyword or an RFC 5545 RRULE; raise ValueError naming the value otherwise."""
    if value in SCHEDULE_KEYWORDS:
        return value

    text = value.strip()
    if not text.upper().startswith(("FREQ=", "RRULE:", "DTSTART")):
        raise ValueError(
            f"invalid schedule {value!r}: use one of {', '.join(SCHEDULE_KEYWORDS)} "
            "or an RFC 5545 RRULE such as FREQ=MONTHLY;BYMONTHDAY=5"
        )

    from dateutil.rrule import rrulestr

    from dateutil.rrule import HOURLY

    try:
        rule = rrulestr(text, ignoretz=True)
    except (ValueError, TypeError) as error:
        raise ValueError(f"invalid RRULE {value!r}: {error}") from None
    if getattr(rule, "_freq", HOURLY) > HOURLY:
        raise ValueError(
            f"invalid schedule {value!r}: a communication is scheduled at most hourly; use FREQ=HOURLY or coarser"
        )
    return value


class EventTrigger(PlanModel):
    """The communication is sent when an event of the plan's vocabulary happens."""

    kind: Literal["event"]
    event: Id


class ScheduledTrigger(PlanModel):
    """The communication is sent on a calendar schedule, in the plan's time zone."""

    kind: Literal["scheduled"]
    schedule: str = Field(description="daily, weekly, monthly, quarterly, annually or an RFC 5545 RRULE.")

    @field_validator("schedule")
    @classmethod
    def _check_schedule(cls, value: str) -> str:
        return check_schedule(value)


Trigger = Annotated[Union[EventTrigger, ScheduledTrigger], Field(discriminator="kind")]


class ContentElement(PlanModel):
    """A content element every message of this communication must contain."""

    id: Annotated[str, Field(pattern=r"^[a-z_][a-z0-9_]*$", description="Template variable name.")]
    description: str


class When(PlanModel):
    """Timing: a description for people and the machine-checkable limits behind it."""

    description: str | None = None
    first_within: Duration | None = Field(
        default=None, description="Maximum delay of the first message after `measured_from` (or after each due date)."
    )
    measured_from: Literal[EVENT_TIMESTAMPS] = "declared_at"  # type: ignore[valid-type]
    repeat_every: Duration | None = Field(default=None, description="Maximum gap between updates.")
    until: Literal["resolved", "implemented"] | None = Field(
        default=None, description="Event milestone after which updates stop."
    )
    lead_time: Duration | None = Field(default=None, description="Minimum notice before the event's implemented_at.")

    def is_machine_checkable(self) -> bool:
        return self.first_within is not None or self.lead_time is not None


class Evidence(PlanModel):
    """Location and retention of the records of sent messages."""

    location: str | None = None
    retention: str | None = None


class Communication(PlanModel):
    """``communications/<id>.yaml``: one row of the communication inventory."""

    id: Id
    name: str
    type: Literal["internal", "external"]
    description: str | None = None
    trigger: Trigger
    what: list[ContentElement] | None = None
    when: When | None = None
    with_whom: list[Id] | None = None
    how: list[Id] | None = None
    owner: Id | None = None
    approver: Id | None = None
    evidence: Evidence | None = None
    template: str | None = Field(default=None, description="Path relative to the plan directory, under templates/.")
