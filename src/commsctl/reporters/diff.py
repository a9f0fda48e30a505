"""Render a plan diff as Markdown (for a pull request comment), plain text or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TextIO

from commsctl.diff import COLLECTIONS, Change, EntryDiff, PlanDiff
from commsctl.markdown import code, escape_markdown

MAX_VALUE_LENGTH = 160
STATUS_ORDER = ("added", "removed", "changed")

def format_value(value: object) -> str:
    """Return a value on one line: lists comma-separated, long text cut at MAX_VALUE_LENGTH characters."""
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(format_value(item) for item in value) if value else "(empty)"
    if isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = " ".join(str(value).split())
    if len(text) > MAX_VALUE_LENGTH:
        text = text[: MAX_VALUE_LENGTH - 1] + "…"
    return text


def change_text(change: Change, escape=lambda text: text) -> str:
    """Return the right-hand side of a change: ``old → new``, or ``+ added, − removed`` for lists."""
    if change.is_list_change:
        items = [f"+ {escape(format_value(value))}" for value in change.added]
        items += [f"− {escape(format_value(value))}" for value in change.removed]
        return ", ".join(items)
    return f"{escape(format_value(change.old))} → {escape(format_value(change.new))}"


def summary_text(plan_diff: PlanDiff) -> str:
    if plan_diff.is_empty():
        return "no changes to the plan"

    parts = []
    communications = [
        f"{len(plan_diff.entries_of('communications', status))} {status}"
        for status in STATUS_ORDER
        if plan_diff.entries_of("communications", status)
    ]
    if communications:
        parts.append("communications " + ", ".join(communications))
    others = [entry for entry in plan_diff.entries if entry.collection != "communications"]
    if others:
        parts.append(_count(len(others), "other entry", "other entries"))
    if plan_diff.plan:
        parts.append(_count(len(plan_diff.plan), "plan setting", "plan settings"))
    if plan_diff.templates:
        parts.append(_count(len(plan_diff.templates), "template file", "template files"))
    parts.append(f"findings {len(plan_diff.introduced)} introduced, {len(plan_diff.fixed)} fixed")
    return "; ".join(parts)


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _side(side) -> str:
    """Return a revision as given, with its short commit id unless the revision is a commit id already."""
    if not side.commit:
        return side.label
    if side.commit.startswith(side.label):
        return side.commit[:12]
    return f"{side.label} ({side.commit[:12]})"


# --- Markdown ----------------------------------------------------------------------------------


def write_markdown(plan_diff: PlanDiff, stream: TextIO) -> None:
    lines = [
        "## Communication plan changes",
        "",
        f"**Summary:** {escape_markdown(summary_text(plan_diff))}.",
        "",
        f"Compared {code(_side(plan_diff.base))} with {code(_side(plan_diff.head))}.",
    ]

    for collection, (_, plural) in COLLECTIONS.items():
        entries = plan_diff.entries_of(collection)
        if entries:
            lines += ["", f"### {plural.capitalize()}"]
            for status in STATUS_ORDER:
                lines += _markdown_entries([entry for entry in entries if entry.status == status], status)

    if plan_diff.plan:
        lines += ["", "### Plan settings (plan.yaml)", ""]
        lines += [f"- {code(change.path)}: {change_text(change, escape_markdown)}" for change in plan_diff.plan]

    if plan_diff.templates:
        lines += ["", "### Templates", ""]
        for item in plan_diff.templates:
            if item.status == "renamed":
                lines.append(f"- Renamed: {code(item.old_path)} → {code(item.path)}")
            else:
                lines.append(f"- {item.status.capitalize()}: {code(item.path)}")

    if plan_diff.introduced or plan_diff.fixed:
        lines += ["", "### Findings"]
        for title, findings in (("Introduced", plan_diff.introduced), ("Fixed", plan_diff.fixed)):
            if findings:
                lines += ["", f"**{title}**", ""]
                lines += [
                    f"- {finding.severity} {code(finding.rule)} in {code(finding.path)}: {escape_markdown(finding.message)}"
                    for finding in findings
                ]

    stream.write("\n".join(lines) + "\n")


def _markdown_entries(entries: list[EntryDiff], status: str) -> list[str]:
    if not entries:
        return []
    lines = ["", f"**{status.capitalize()}**", ""]
    for entry in entries:
        title = f"- {code(entry.id)}"
        if entry.name:
            title += f" {escape_markdown(entry.name)}"
        if entry.file and status != "changed":
            title += f" ({code(entry.file)})"
        lines.append(title)
        lines += [f"  - {code(change.path)}: {change_text(change, escape_markdown)}" for change in entry.changes]
    return lines


# --- text --------------------------------------------------------------------------------------


def write_text(plan_diff: PlanDiff, stream: TextIO) -> None:
    lines = [f"Plan diff: {_side(plan_diff.base)} .. {_side(plan_diff.head)}", f"Summary: {summary_text(plan_diff)}."]

    for collection, (_, plural) in COLLECTIONS.items():
        entries = plan_diff.entries_of(collection)
        if not entries:
            continue
        lines += ["", plural.capitalize()]
        for status in STATUS_ORDER:
            for entry in (entry for entry in entries if entry.status == status):
                title = f"  {status:<8} {entry.id}"
                if entry.name:
                    title += f"  {format_value(entry.name)}"
                if entry.file and status != "changed":
                    title += f"  ({entry.file})"
                lines.append(title)
                lines += [f"      {change.path}: {change_text(change)}" for change in entry.changes]

    if plan_diff.plan:
        lines += ["", "Plan settings (plan.yaml)"]
        lines += [f"  {change.path}: {change_text(change)}" for change in plan_diff.plan]

    if plan_diff.templates:
        lines += ["", "Templates"]
        for item in plan_diff.templates:
            shown = f"{item.old_path} → {item.path}" if item.status == "renamed" else item.path
            lines.append(f"  {item.status:<8} {shown}")

    for title, findings in (("Findings introduced", plan_diff.introduced), ("Findings fixed", plan_diff.fixed)):
        if findings:
            lines += ["", title]
            lines += [f"  {finding.path}: {finding.severity} {finding.rule} {finding.message}" for finding in findings]

    stream.write("\n".join(lines) + "\n")


# --- JSON ------------------------------------------------------------------------------------------


def diff_document(plan_diff: PlanDiff) -> dict:
    document = asdict(plan_diff)
    document["summary"] = {
        "text": summary_text(plan_diff),
        "entries": {
            collection: {status: len(plan_diff.entries_of(collection, status)) for status in STATUS_ORDER}
            for collection in COLLECTIONS
        },
        "plan_settings": len(plan_diff.plan),
        "templates": len(plan_diff.templates),
        "findings_introduced": len(plan_diff.introduced),
        "findings_fixed": len(plan_diff.fixed),
    }
    return document


def write_json(plan_diff: PlanDiff, stream: TextIO) -> None:
    json.dump(diff_document(plan_diff), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


WRITERS = {"markdown": write_markdown, "text": write_text, "json": write_json}
