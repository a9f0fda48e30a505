"""Plan-wide rules: the plan covers the highest-risk flows and defines nothing it never uses."""

from __future__ import annotations

from collections.abc import Iterator

from commsctl.findings import Severity
from commsctl.model import EventTrigger, ScheduledTrigger
from commsctl.rules.registry import Hit, rule


@rule(
    "no-external-communication",
    Severity.WARNING,
    "Clause 7.4 covers external communications too: customers and third parties in the delivery chain.",
)
def no_external_communication(loaded) -> Iterator[Hit]:
    if loaded.plan is not None and not any(c.type == "external" for c in loaded.communications):
        yield Hit(None, (), "the plan has no external communication: add the messages sent to customers and suppliers")


# Highest-risk flows, each recognised by what triggers it. A service report is a
# scheduled external communication or one triggered by a service-level event.
_KEY_FLOWS = (
    ("major incident update", "incident"),
    ("planned maintenance notice", "maintenance"),
    ("emergency change notification", "change"),
    ("service or SLA report", "service-level"),
)


@rule(
    "missing-key-flow",
    Severity.WARNING,
    "Auditors start with the highest-risk flows: major incidents, maintenance, emergency changes and service reports.",
)
def missing_key_flow(loaded) -> Iterator[Hit]:
    if loaded.plan is None:
        return
    categories = {event.id: event.category for event in loaded.plan.events}
    covered = set()
    for communication in loaded.communications:
        trigger = communication.trigger
        if isinstance(trigger, EventTrigger) and trigger.event in categories:
            covered.add(categories[trigger.event])
        if isinstance(trigger, ScheduledTrigger) and communication.type == "external":
            covered.add("service-level")

    for flow, category in _KEY_FLOWS:
        if category not in covered:
            yield Hit(
                None,
                (),
                f"the plan has no {flow}: add a communication triggered by an event of category {category!r}"
                + (" or a scheduled external report" if category == "service-level" else ""),
            )


@rule("unused-role", Severity.WARNING, "A role nobody refers to is either missing from the inventory or obsolete.")
def unused_role(loaded) -> Iterator[Hit]:
    used = set()
    if loaded.plan is not None:
        used.add(loaded.plan.owner)
    for communication in loaded.communications:
        used.update(filter(None, (communication.owner, communication.approver)))
    for channel in loaded.channels:
        used.update(channel.publishers)
    for distribution_list in loaded.distribution_lists:
        if distribution_list.owner:
            used.add(distribution_list.owner)
    for role in loaded.roles:
        if role.id not in used:
            yield Hit(role, ("id",), f"role {role.id!r} is defined but never used: assign it or remove it")


@rule("unused-audience", Severity.WARNING, "An audience no communication reaches is either a gap in the inventory or obsolete.")
def unused_audience(loaded) -> Iterator[Hit]:
    used = {audience for communication in loaded.communications for audience in communication.with_whom or []}
    for audience in loaded.audiences:
        if audience.id not in used:
            yield Hit(audience, ("id",), f"audience {audience.id!r} is defined but no communication reaches it: add it to a 'with_whom' or remove it")


@rule("unused-channel", Severity.WARNING, "A channel no communication uses is uncontrolled if people still post to it.")
def unused_channel(loaded) -> Iterator[Hit]:
    used = {channel for communication in loaded.communications for channel in communication.how or []}
    for channel in loaded.channels:
        if channel.id not in used:
            yield Hit(channel, ("id",), f"channel {channel.id!r} is defined but no communication uses it: add it to a 'how' or remove it")


@rule("unused-distribution-list", Severity.WARNING, "A distribution list no audience uses still needs an owner, or should go.")
def unused_distribution_list(loaded) -> Iterator[Hit]:
    used = {audience.distribution_list for audience in loaded.audiences if audience.distribution_list}
    for distribution_list in loaded.distribution_lists:
        if distribution_list.id not in used:
            yield Hit(
                distribution_list,
                ("id",),
                f"distribution list {distribution_list.id!r} is defined but no audience uses it: reference it or remove it",
            )


@rule("unused-event", Severity.WARNING, "An event in the vocabulary that triggers nothing suggests a missing communication.")
def unused_event(loaded) -> Iterator[Hit]:
    if loaded.plan is None:
        return
    used = {c.trigger.event for c in loaded.communications if isinstance(c.trigger, EventTrigger)}
    for index, event in enumerate(loaded.plan.events):
        if event.id not in used:
            yield Hit(
                loaded.plan,
                ("events", index, "id"),
                f"event {event.id!r} triggers no communication: add one or remove the event",
            )
