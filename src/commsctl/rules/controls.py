"""Rules on control: approval of external messages, cover for absent staff, owned lists and channels."""

from __future__ import annotations

from collections.abc import Iterator

from commsctl.findings import Severity
from commsctl.model import Communication, EventTrigger
from commsctl.rules.registry import Hit, rule


@rule(
    "external-without-approver",
    Severity.ERROR,
    "External messages must be approved so that what customers and third parties read is consistent.",
)
def external_without_approver(loaded) -> Iterator[Hit]:
    for communication in loaded.communications:
        if communication.type == "external" and not communication.approver:
            yield Hit(
                communication,
                ("type",),
                f"external communication {communication.id!r} has no approver: set 'approver' to a role id",
            )


@rule(
    "approval-required",
    Severity.ERROR,
    "A communication covered by a control point that requires approval must name an approver.",
)
def approval_required(loaded) -> Iterator[Hit]:
    if loaded.plan is None:
        return
    high_impact = {channel.id for channel in loaded.channels if channel.high_impact}
    for communication in loaded.communications:
        if communication.approver or communication.type == "external":
            continue  # external ones without approver are reported by external-without-approver
        for control_point in loaded.plan.control_points:
            if control_point.requires_approval and selects(control_point.applies_to, communication, high_impact):
                yield Hit(
                    communication,
                    (),
                    f"control point {control_point.id!r} requires approval of {communication.id!r}, "
                    "which has no approver: set 'approver' to a role id",
                )
                break


def selects(selector, communication: Communication, high_impact_channels: set[str]) -> bool:
    """Return True when every condition of a control point's selector holds for the communication."""
    if selector.type is not None and communication.type != selector.type:
        return False
    if selector.communications is not None and communication.id not in selector.communications:
        return False
    if selector.events is not None:
        trigger = communication.trigger
        if not isinstance(trigger, EventTrigger) or trigger.event not in selector.events:
            return False
    if selector.high_impact_channel is not None:
        uses = any(channel in high_impact_channels for channel in communication.how or [])
        if uses != selector.high_impact_channel:
            return False
    return True


@rule("role-without-backup", Severity.ERROR, "When key staff are out, a role needs a named backup to act.")
def role_without_backup(loaded) -> Iterator[Hit]:
    for role in loaded.roles:
        if not role.backups:
            yield Hit(role, ("id",), f"role {role.id!r} has no backup: add at least one person under 'backups'")


@rule(
    "single-person-cover",
    Severity.WARNING,
    "A role whose only member is also its only backup has no cover when that person is out.",
)
def single_person_cover(loaded) -> Iterator[Hit]:
    for role in loaded.roles:
        if len(set(role.members)) == 1 and set(role.backups) == set(role.members):
            yield Hit(
                role,
                ("backups",),
                f"role {role.id!r} depends on one person, {role.members[0]!r}, as member and backup: "
                "name another person as backup",
            )


@rule(
    "owner-is-approver",
    Severity.WARNING,
    "Segregation of duties: the role that writes an external message should not be the one that approves it.",
)
def owner_is_approver(loaded) -> Iterator[Hit]:
    for communication in loaded.communications:
        if communication.type == "external" and communication.owner and communication.owner == communication.approver:
            yield Hit(
                communication,
                ("approver",),
                f"external communication {communication.id!r} is owned and approved by the same role "
                f"{communication.owner!r}: choose a different approver role",
            )


@rule("list-without-owner", Severity.ERROR, "Every distribution list needs an owner role accountable for its membership.")
def list_without_owner(loaded) -> Iterator[Hit]:
    for distribution_list in loaded.distribution_lists:
        if not distribution_list.owner:
            yield Hit(
                distribution_list,
                ("id",),
                f"distribution list {distribution_list.id!r} has no owner: set 'owner' to a role id",
            )


@rule(
    "list-without-change-process",
    Severity.ERROR,
    "Membership changes of a distribution list must follow a defined process, or lists drift.",
)
def list_without_change_process(loaded) -> Iterator[Hit]:
    for distribution_list in loaded.distribution_lists:
        if not (distribution_list.change_process or "").strip():
            yield Hit(
                distribution_list,
                ("id",),
                f"distribution list {distribution_list.id!r} has no change process: "
                "describe in 'change_process' how members are added and removed, and who approves",
            )


@rule(
    "high-impact-channel-without-publishers",
    Severity.ERROR,
    "Publishing to a high-impact channel (status page, mass e-mail) must be restricted to named roles.",
)
def high_impact_channel_without_publishers(loaded) -> Iterator[Hit]:
    for channel in loaded.channels:
        if channel.high_impact and not channel.publishers:
            yield Hit(
                channel,
                ("high_impact",),
                f"high-impact channel {channel.id!r} has no publishers: list the role ids allowed to publish under 'publishers'",
                key=True,
            )


@rule(
    "owner-cannot-publish",
    Severity.WARNING,
    "The owner of a communication sent through a high-impact channel should be allowed to publish there.",
)
def owner_cannot_publish(loaded) -> Iterator[Hit]:
    channels = loaded.by_id("channels")
    roles = loaded.known_ids("roles")
    for communication in loaded.communications:
        if not communication.owner or communication.owner not in roles:
            continue  # an unknown owner is reported by unknown-role
        for index, channel_id in enumerate(communication.how or []):
            channel = channels.get(channel_id)
            if channel is None or not channel.high_impact or not channel.publishers:
                continue
            if communication.owner not in channel.publishers:
                yield Hit(
                    communication,
                    ("how", index),
                    f"owner {communication.owner!r} of {communication.id!r} is not a publisher of high-impact channel "
                    f"{channel_id!r}: add the role to the channel's publishers or choose another owner",
                )
