"""The communication inventory as rows: the table auditors ask for first."""

from __future__ import annotations

import json
import os
from typing import TextIO

from commsctl.durations import format_duration
from commsctl.model import Communication, EventTrigger

COLUMNS = (
    ("id", "ID"),
    ("name", "Name"),
    ("type", "Type"),
    ("trigger", "Trigger"),
    ("what", "What"),
    ("when", "When"),
    ("with_whom", "With whom"),
    ("how", "How"),
    ("owner", "Owner"),
    ("approver", "Approver"),
    ("evidence", "Evidence"),
    ("template", "Template"),
)


def describe_trigger(communication: Communication) -> str:
    trigger = communication.trigger
    if isinstance(trigger, EventTrigger):
        return f"event: {trigger.event}"
    return f"scheduled: {trigger.schedule}"


def describe_when(communication: Communication) -> str:
    when = communication.when
    if when is None:
        return ""
    limits = []
    if when.first_within is not None:
        anchor = "" if when.measured_from == "declared_at" else f" of {when.measured_from}"
        limits.append(f"first within {format_duration(when.first_within)}{anchor}")
    if when.repeat_every is not None:
        limits.append(f"every {format_duration(when.repeat_every)}" + (f" until {when.until}" if when.until else ""))
    if when.lead_time is not None:
        limits.append(f"{format_duration(when.lead_time)} before implementation")
    parts = [when.description or ""]
    if limits:
        parts.append(f"({'; '.join(limits)})")
    return " ".join(part for part in parts if part)


def _names(ids: list[str] | None, index: dict) -> str:
    return ", ".join(getattr(index.get(item), "name", item) for item in ids or [])


def _role(role_id: str | None, roles: dict) -> str:
    if not role_id:
        return ""
    role = roles.get(role_id)
    return role.title if role else role_id


def inventory_rows(loaded) -> list[dict[str, str]]:
    """Return one row per communication, sorted by id, with ids replaced by names where known."""
    audiences, channels, roles = loaded.by_id("audiences"), loaded.by_id("channels"), loaded.by_id("roles")
    rows = []
    for communication in sorted(loaded.communications, key=lambda item: item.id):
        evidence = communication.evidence
        rows.append(
            {
                "id": communication.id,
                "name": communication.name,
                "type": communication.type,
                "trigger": describe_trigger(communication),
                "what": "; ".join(element.description.rstrip(".") for element in communication.what or []),
                "what_ids": ", ".join(element.id for element in communication.what or []),
                "when": describe_when(communication),
                "with_whom": _names(communication.with_whom, audiences),
                "how": _names(communication.how, channels),
                "owner": _role(communication.owner, roles),
                "approver": _role(communication.approver, roles),
                "evidence": "; ".join(filter(None, (evidence.location, evidence.retention))) if evidence else "",
                "template": communication.template or "",
            }
        )
    return rows


def write_inventory_json(rows: list[dict[str, str]], stream: TextIO) -> None:
    json.dump(rows, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def write_inventory_table(rows: list[dict[str, str]], title: str, stream: TextIO) -> None:
    """Print the inventory with rich; without a terminal, wide enough for a log and without colour."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    terminal = stream.isatty() and "NO_COLOR" not in os.environ
    console = Console(file=stream, width=None if terminal else 200, no_color=not terminal, highlight=False)
    # Plan values go in as Text, never as markup, so "[customer]" or "[link=...]" shows as written.
    table = Table(title=Text(f"{title}: communication inventory ({len(rows)})"), show_lines=True)
    # The table names content elements by id; the descriptions are in --format json.
    shown = ("name", "type", "trigger", "what_ids", "when", "with_whom", "how", "owner", "approver")
    labels = {**dict(COLUMNS), "what_ids": "What"}
    for key in shown:
        table.add_column(labels[key], overflow="fold")
    for row in rows:
        table.add_row(*(Text(row[key]) for key in shown))
    console.print(table)
