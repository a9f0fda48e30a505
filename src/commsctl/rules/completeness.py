"""Rules on the four attributes clause 7.4 requires, and on ownership and evidence."""

from __future__ import annotations

from collections.abc import Iterator

from commsctl.findings import Severity
from commsctl.model import EventTrigger
from commsctl.rules.registry import Hit, rule

_ATTRIBUTE_HELP = {
    "what": "list the content elements every message must contain (id and description)",
    "when": "describe the timing and give first_within, repeat_every or lead_time",
    "with_whom": "list the audience ids that receive it",
    "how": "list the channel ids it is sent through",
}


def _missing_attribute(attribute: str):
    def check(loaded) -> Iterator[Hit]:
        for communication in loaded.communications:
            value = getattr(communication, attribute)
            empty = value is None or value == [] or (attribute == "when" and _when_is_empty(value))
            if empty:
                state = "missing" if value is None else "empty"
                yield Hit(
                    communication,
                    (attribute,),
                    f"communication {communication.id!r} has {state} '{attribute}' (clause 7.4 asks for "
                    f"{_STANDARD_WORDS[attribute]}): {_ATTRIBUTE_HELP[attribute]}",
                    key=value is not None,
                )

    return check


def _when_is_empty(when) -> bool:
    return not when.description and not when.is_machine_checkable() and when.repeat_every is None


_STANDARD_WORDS = {
    "what": "what it will communicate",
    "when": "when to communicate",
    "with_whom": "with whom to communicate",
    "how": "how to communicate",
}

for _attribute in ("what", "when", "with_whom", "how"):
    rule(
        f"missing-{_attribute.replace('_', '-')}",
        Severity.ERROR,
        f"Clause 7.4 requires every communication to state {_STANDARD_WORDS[_attribute]}.",
    )(_missing_attribute(_attribute))


@rule("missing-owner", Severity.ERROR, "Every communication needs an owner role that is accountable for sending it.")
def missing_owner(loaded) -> Iterator[Hit]:
    for communication in loaded.communications:
        if not communication.owner:
            yield Hit(communication, (), f"communication {communication.id!r} has no owner: set 'owner' to a role id")


@rule("missing-evidence", Severity.ERROR, "Auditors ask where the record of each sent message is kept.")
def missing_evidence(loaded) -> Iterator[Hit]:
    for communication in loaded.communications:
        evidence = communication.evidence
        if evidence is None or not (evidence.location or "").strip():
            subpath = ("evidence",) if evidence is not None else ()
            yield Hit(
                communication,
                subpath,
                f"communication {communication.id!r} has no evidence location: "
                "set 'evidence.location' to where sent messages are kept (ticket, archive, status page history)",
            )


@rule(
    "untimed-event-trigger",
    Severity.ERROR,
    "An event-triggered communication needs a timing limit that execution records can be checked against.",
)
def untimed_event_trigger(loaded) -> Iterator[Hit]:
    for communication in loaded.communications:
        if not isinstance(communication.trigger, EventTrigger) or communication.when is None:
            continue
        if not communication.when.is_machine_checkable():
            yield Hit(
                communication,
                ("when",),
                f"event-triggered communication {communication.id!r} has no machine-checkable timing: "
                "add 'first_within' (such as 30m) or 'lead_time' (such as 5d)",
                key=True,
            )
