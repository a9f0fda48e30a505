"""``commsctl rules``: the rule table, and one rule explained with a failing and a fixed example."""

from __future__ import annotations

import json
from typing import TextIO

from commsctl.errors import UserError


def rule_entries() -> list[dict]:
    """Return every registered rule with its documentation, in report order."""
    from commsctl.rules import RULES
    from commsctl.rules.docs import DOCS

    entries = []
    for entry in RULES.values():
        doc = DOCS.get(entry.name)
        entries.append(
            {
                "id": entry.name,
                "severity": entry.severity.value,
                "summary": entry.summary,
                "example_file": doc.file if doc else None,
                "failing": doc.failing if doc else None,
                "fixed": doc.fixed if doc else None,
            }
        )
    return entries


def find_rule(name: str) -> dict:
    """Return the entry of rule ``name``; raise UserError with a suggestion when there is none."""
    from commsctl.rules import RULES
    from commsctl.settings import did_you_mean

    for entry in rule_entries():
        if entry["id"] == name:
            return entry
    raise UserError(f"unknown rule {name!r}: {did_you_mean(name, RULES)}")


def write_rule_list(stream: TextIO, *, as_json: bool, use_table: bool) -> None:
    entries = rule_entries()
    if as_json:
        json.dump(entries, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        return
    if use_table:
        _write_rich_table(entries, stream)
        return
    width = max(len(entry["id"]) for entry in entries)
    for entry in entries:
        stream.write(f"{entry['id']:<{width}}  {entry['severity']:<7}  {entry['summary']}\n")


def _write_rich_table(entries: list[dict], stream: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, header_style="bold")
    table.add_column("Rule", style="cyan", no_wrap=True)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Rationale")
    styles = {"error": "red", "warning": "yellow"}
    for entry in entries:
        table.add_row(Text(entry["id"]), Text(entry["severity"], style=styles[entry["severity"]]), Text(entry["summary"]))
    Console(file=stream, highlight=False).print(table)


def write_rule_explanation(name: str, stream: TextIO, *, as_json: bool) -> None:
    entry = find_rule(name)
    if as_json:
        json.dump(entry, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        return

    stream.write(f"{entry['id']} ({entry['severity']})\n\n{entry['summary']}\n")
    if entry["failing"] is not None:
        stream.write(f"\nFailing example ({entry['example_file']}):\n\n{_indent(entry['failing'])}")
        stream.write(f"\nFixed:\n\n{_indent(entry['fixed'])}")
    stream.write(
        f"\nSilence on one line of a YAML file:  # commsctl: ignore[{entry['id']}]\n"
        f"Configure in plan.yaml:  lint: {{rules: {{{entry['id']}: error | warning | off}}}}\n"
    )


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.splitlines())
