"""History as text for people, JSON for tools, and CSV for spreadsheets."""

from __future__ import annotations

import json
from typing import TextIO

from commsctl.counts import count_noun
from commsctl.csvsafe import csv_text
from commsctl.history import HistoryResult
from commsctl.history.approval import Change

CSV_HEADER = (
    "commit",
    "date",
    "author_date",
    "author",
    "co_authors",
    "subject",
    "files",
    "pull_request",
    "approvers",
    "status",
    "problems",
)


def change_to_dict(change: Change) -> dict:
    return {
        "commit": change.commit,
        "parents": change.parents,
        "date": change.date.isoformat(),
        "author_date": change.author_date.isoformat(),
        "author": change.author.to_dict(),
        "co_authors": [person.to_dict() for person in change.co_authors],
        "subject": change.subject,
        "files": [
            {"status": item.status, "path": item.path, **({"old_path": item.old_path} if item.old_path else {})}
            for item in change.files
        ],
        "pull_request": change.pull_request.to_dict() if change.pull_request else None,
        "approvals": [approval.to_dict() for approval in change.approvals],
        "status": "approved" if change.approved else "unapproved",
        "problems": change.problems,
    }


def history_to_dict(result: HistoryResult) -> dict:
    return {
        "path": result.path or ".",
        "revision": result.revision,
        "commit": result.commit,
        "changes": [change_to_dict(change) for change in result.changes],
        "summary": {"changes": len(result.changes), "unapproved": len(result.unapproved)},
    }


def csv_row(change: Change) -> list[str]:
    return [
        change.commit,
        change.date.isoformat(),
        change.author_date.isoformat(),
        change.author.display(),
        "; ".join(person.display() for person in change.co_authors),
        change.subject,
        "; ".join(item.describe() for item in change.files),
        change.pull_request.describe() if change.pull_request else "",
        "; ".join(approval.describe() for approval in change.approvals),
        "approved" if change.approved else "unapproved",
        "; ".join(change.problems),
    ]


def history_csv(result: HistoryResult) -> str:
    return csv_text(CSV_HEADER, (csv_row(change) for change in result.changes))


def write_json(result: HistoryResult, stream: TextIO) -> None:
    json.dump(history_to_dict(result), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def write_csv(result: HistoryResult, stream: TextIO) -> None:
    stream.write(history_csv(result))


def write_text(result: HistoryResult, stream: TextIO) -> None:
    """Print one block per change, newest first, and a summary line."""
    for change in result.changes:
        marker = "" if change.approved else "  UNAPPROVED"
        stream.write(f"{change.commit[:12]}  {change.date.isoformat()}  {change.author.display()}{marker}\n")
        stream.write(f"    {change.subject}\n")
        for item in change.files:
            stream.write(f"    {item.describe()}\n")
        stream.write(f"    approval: {change.evidence() or 'none'}\n")
        for problem in change.problems:
            stream.write(f"    unapproved: {problem}\n")
        stream.write("\n")

    where = result.path or "the repository"
    stream.write(
        f"{count_noun(len(result.changes), 'change')} to {where} on the first-parent line of {result.revision} "
        f"({result.commit[:12]}), {len(result.unapproved)} unapproved\n"
    )
