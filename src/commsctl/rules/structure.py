"""Rules on identity: unique ids, and one communication per file named after it."""

from __future__ import annotations

from collections.abc import Iterator

from commsctl.findings import Severity
from commsctl.loader import communication_stem
from commsctl.rules.registry import Hit, rule

_COLLECTIONS = ("roles", "audiences", "channels", "distribution_lists", "communications")


@rule("duplicate-id", Severity.ERROR, "Two entries with one id make every reference to that id ambiguous.")
def duplicate_ids(loaded) -> Iterator[Hit]:
    for collection in _COLLECTIONS:
        first_seen: dict[str, object] = {}
        for item in getattr(loaded, collection):
            if item.id in first_seen:
                first = first_seen[item.id]
                where, position = loaded.locate(first)
                line = position.line
                yield Hit(item, ("id",), f"duplicate id {item.id!r}, first defined at {where}:{line}: give each entry its own id")
            else:
                first_seen[item.id] = item

    if loaded.plan is not None:
        yield from _duplicates_in(loaded.plan, "events", loaded.plan.events)
        yield from _duplicates_in(loaded.plan, "control_points", loaded.plan.control_points)
    for communication in loaded.communications:
        yield from _duplicates_in(communication, "what", communication.what or [])


def _duplicates_in(owner, key: str, items: list) -> Iterator[Hit]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            yield Hit(owner, (key, index, "id"), f"duplicate id {item.id!r} in {key}: give each entry its own id")
        seen.add(item.id)


@rule("id-file-mismatch", Severity.ERROR, "A communication file is named after its id so that reviewers and links find it.")
def id_file_mismatch(loaded) -> Iterator[Hit]:
    for communication in loaded.communications:
        stem = communication_stem(loaded, communication)
        if stem != communication.id:
            yield Hit(
                communication,
                ("id",),
                f"id {communication.id!r} differs from the file name {stem!r}: "
                f"rename the file to {communication.id}.yaml or change the id",
            )
