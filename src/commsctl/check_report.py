"""The results of ``commsctl check`` as text for people and as JSON for tools and the audit pack."""

from __future__ import annotations

import json
from typing import TextIO

from commsctl import __version__
from commsctl.check import AUDIENCE, CHANNEL, LATE, MISSING, PENDING, UNAPPROVED, CheckResult, Obligation
from commsctl.timestamps import iso, show

_ISSUE_ORDER = (MISSING, LATE, UNAPPROVED, AUDIENCE, CHANNEL)


def communication_summary(result: CheckResult) -> list[dict]:
    """Return per communication the obligation counts and the on-time rate (None when nothing was due yet)."""
    rows: dict[str, dict] = {}
    for obligation in result.obligations:
        communication = obligation.communication
        row = rows.setdefault(
            communication.id,
            {"communication": communication.id, "name": communication.name, "due": 0, "on_time": 0, "late": 0,
             "missing": 0, "pending": 0, "unapproved": 0, "deviations": 0, "on_time_rate": None},
        )
        if obligation.status == PENDING:
            row["pending"] += 1
        else:
            row["due"] += 1
            row[obligation.status.replace(" ", "_")] += 1
        kinds = {issue.kind for issue in obligation.issues}
        row["unapproved"] += UNAPPROVED in kinds
        row["deviations"] += bool(kinds & {AUDIENCE, CHANNEL})
    for row in rows.values():
        if row["due"]:
            row["on_time_rate"] = round(row["on_time"] / row["due"], 4)
    return sorted(rows.values(), key=lambda row: row["communication"])


def totals(result: CheckResult) -> dict:
    """Return the counts over all obligations, and whether the check fails."""
    counts = {"obligations": len(result.obligations), "due": 0, "on_time": 0, "late": 0, "missing": 0, "pending": 0}
    for obligation in result.obligations:
        counts[obligation.status.replace(" ", "_")] += 1
        counts["due"] += obligation.status != PENDING
    kinds = [issue.kind for _, issue in result.issues()]
    counts["unapproved"] = kinds.count(UNAPPROVED)
    counts["deviations"] = kinds.count(AUDIENCE) + kinds.count(CHANNEL)
    counts["on_time_rate"] = round(counts["on_time"] / counts["due"], 4) if counts["due"] else None
    counts["failed"] = result.failing
    return counts


def obligation_dict(obligation: Obligation, result: CheckResult) -> dict:
    """Return one obligation as JSON-ready data, records named by their file paths."""
    zone = result.zone
    relpath = result.file_of
    event = obligation.event
    return {
        "communication": obligation.communication.id,
        "trigger": "event" if event is not None else "scheduled",
        "event": event.id if event is not None else None,
        "event_type": event.event if event is not None else None,
        "period": obligation.period,
        "occurrence": iso(obligation.occurrence, zone),
        "due_at": iso(obligation.due_at, zone),
        "status": obligation.status,
        "records": [relpath(record) for record in obligation.records],
        "issues": [
            {
                "kind": issue.kind,
                "message": issue.message,
                "record": relpath(issue.record) if issue.record is not None else None,
                "delay_seconds": int(issue.delay.total_seconds()) if issue.delay is not None else None,
            }
            for issue in obligation.issues
        ],
    }


def result_dict(result: CheckResult) -> dict:
    zone = result.zone
    return {
        "plan": result.plan_name,
        "timezone": zone.key,
        "since": iso(result.since, zone),
        "until": iso(result.until, zone),
        "now": iso(result.now, zone),
        "summary": totals(result),
        "communications": communication_summary(result),
        "obligations": [obligation_dict(obligation, result) for obligation in result.obligations],
    }


def write_check_json(result: CheckResult, stream: TextIO) -> None:
    document = {"tool": {"name": "commsctl", "version": __version__}, **result_dict(result)}
    json.dump(document, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def write_check_text(result: CheckResult, stream: TextIO) -> None:
    """Print one line per issue (worst kinds first), the per-communication table and a summary line."""
    zone = result.zone
    stream.write(
        f"{result.plan_name}: execution from {show(result.since, zone)} to {show(result.until, zone)}, "
        f"as of {show(result.now, zone)}\n\n"
    )

    issues = sorted(
        result.issues(),
        key=lambda pair: (_ISSUE_ORDER.index(pair[1].kind), pair[0].communication.id, pair[0].occasion),
    )
    for obligation, issue in issues:
        where = f"; see {result.file_of(issue.record)}" if issue.record is not None else ""
        stream.write(f"{issue.kind:<10}  {obligation.communication.id} [{obligation.occasion}]: {issue.message}{where}\n")
    if issues:
        stream.write("\n")

    rows = communication_summary(result)
    if rows:
        width = max(len(row["communication"]) for row in rows)
        header = f"{'communication':<{width}}  {'due':>4}  {'on time':>7}  {'late':>4}  {'missing':>7}  {'unapproved':>10}  {'pending':>7}  rate"
        stream.write(header + "\n")
        for row in rows:
            rate = f"{row['on_time_rate']:.0%}" if row["on_time_rate"] is not None else "-"
            stream.write(
                f"{row['communication']:<{width}}  {row['due']:>4}  {row['on_time']:>7}  {row['late']:>4}  "
                f"{row['missing']:>7}  {row['unapproved']:>10}  {row['pending']:>7}  {rate}\n"
            )
        stream.write("\n")

    counts = totals(result)
    rate = f"{counts['on_time_rate']:.0%}" if counts["on_time_rate"] is not None else "-"
    stream.write(
        f"{counts['due']} due: {counts['on_time']} on time, {counts['late']} late, {counts['missing']} missing "
        f"({rate} on time); {counts['unapproved']} unapproved, {counts['deviations']} audience or channel "
        f"deviations, {counts['pending']} pending.\n"
    )

