"""The pack's Implementation section: the records of the plan checked for a period that ends at the commit.

The check is made as of the commit date, never the clock, so that the same
revision and options give the same pack. Records committed later are not in
the tree at that revision, and deadlines after the commit date are pending.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from commsctl.csvsafe import csv_text
from commsctl.durations import format_delay

DEFAULT_DAYS = 90
FAILING_KINDS = ("missing", "late", "unapproved")
DEVIATION_KINDS = ("audience", "channel")
SAMPLE_TITLES = {"major_incident": "Major incident", "change": "Change"}
EVENT_TIMES = (("declared_at", "Declared"), ("approved_at", "Approved"), ("implemented_at", "Implemented"), ("resolved_at", "Resolved"))

CSV_COLUMNS = (
    "Communication",
    "Trigger",
    "Event",
    "Event type",
    "Period",
    "Occurrence",
    "Due at",
    "Status",
    "Issue",
    "Delay",
    "Delay (seconds)",
    "Message",
    "Record",
)


def implementation_period(commit_date: datetime, since: datetime | None, until: datetime | None) -> tuple[datetime, datetime]:
    """Return [since, until) of the check: by default the 90 days before the commit date."""
    end = until or commit_date
    start = since or end - timedelta(days=DEFAULT_DAYS)
    return start, end


def check_implementation(loaded, commit_date: datetime, since: datetime | None, until: datetime | None) -> dict:
    """Return the check results and samples of ``commsctl.implementation``, or ``available: False`` with the reason."""
    from commsctl.implementation import implementation_section

    if loaded.plan is None:
        return {"available": False, "reason": "plan.yaml could not be read at this revision, so no record can be checked"}

    start, end = implementation_period(commit_date, since, until)
    if start >= end:
        return {
            "available": False,
            "reason": f"the period from {start.isoformat()} to {end.isoformat()} is empty: pass a --since before "
            "the --until, or before the commit date when there is no --until",
        }
    section = implementation_section(loaded, start, end, commit_date)
    section["available"] = True
    section["period_default"] = since is None and until is None
    return section


def implementation_report(section: dict, loaded) -> dict:
    """Return the section as display data for the report templates: rates as percentages, delays for people."""
    if not section["available"]:
        return section

    issues = [_issue_row(obligation, issue) for obligation in section["obligations"] for issue in obligation["issues"]]
    issues.sort(key=lambda row: _kind_rank(row["kind"]))  # stable: obligations stay in check order within a kind
    return {
        "available": True,
        "since": section["since"],
        "until": section["until"],
        "now": section["now"],
        "timezone": section["timezone"],
        "period_default": section["period_default"],
        "summary": {**section["summary"], "rate": _percent(section["summary"]["on_time_rate"])},
        "communications": [{**row, "rate": _percent(row["on_time_rate"])} for row in section["communications"]],
        "issues": [row for row in issues if row["kind"] in FAILING_KINDS],
        "deviations": [row for row in issues if row["kind"] in DEVIATION_KINDS],
        "samples": [_sample_report(name, sample, loaded) for name, sample in section["samples"].items()],
    }


def implementation_csv(section: dict) -> str:
    """Return one row per issue, and one row for each obligation without issues, formulas neutralised."""
    rows = []
    for obligation in section.get("obligations", []):
        shared = [
            obligation["communication"],
            obligation["trigger"],
            obligation["event"],
            obligation["event_type"],
            obligation["period"],
            obligation["occurrence"],
            obligation["due_at"],
            obligation["status"],
        ]
        if not obligation["issues"]:
            rows.append([*shared, "", "", "", "", "\n".join(obligation["records"])])
        for issue in obligation["issues"]:
            seconds = issue["delay_seconds"]
            delay = format_delay(timedelta(seconds=seconds)) if seconds is not None else ""
            rows.append([*shared, issue["kind"], delay, seconds, issue["message"], issue["record"]])
    return csv_text(CSV_COLUMNS, rows)


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.0%}"


def _kind_rank(kind: str) -> int:
    order = FAILING_KINDS + DEVIATION_KINDS
    return order.index(kind) if kind in order else len(order)


def _issue_row(obligation: dict, issue: dict) -> dict:
    seconds = issue["delay_seconds"]
    return {
        "kind": issue["kind"],
        "communication": obligation["communication"],
        "occasion": obligation["event"] or obligation["period"] or "",
        "due_at": obligation["due_at"] or "",
        "delay": format_delay(timedelta(seconds=seconds)) if seconds is not None else "",
        "message": issue["message"],
        "record": issue["record"] or "",
    }


def _sample_report(name: str, sample: dict, loaded) -> dict:
    title = SAMPLE_TITLES.get(name, name)
    if not sample["available"]:
        return {"title": title, "available": False, "reason": sample["reason"]}

    event = sample["event"]
    return {
        "title": title,
        "available": True,
        "findings": sample["findings"],
        "event": {
            **event,
            "times": [(label, event[key]) for key, label in EVENT_TIMES if event[key]],
        },
        "links": [_link_report(link, loaded) for link in sample["communications"]],
    }


def _link_report(link: dict, loaded) -> dict:
    plan = link["plan"]
    communications = loaded.by_id("communications")
    communication = communications.get(plan["id"])
    what = [element.description for element in (communication.what or [])] if communication else []
    roles = loaded.by_id("roles")
    return {
        "plan": {
            **plan,
            "what": what,
            "with_whom": ", ".join(plan["with_whom"]),
            "how": ", ".join(plan["how"]),
            "owner": _role_label(plan["owner"], roles),
            "approver": _role_label(plan["approver"], roles) if plan["approver"] else "no approver",
            "evidence_location": plan["evidence_location"] or "",
        },
        "status": link["status"],
        "due_at": link["due_at"] or "",
        "issues": [f"{issue['kind']}: {issue['message']}" for issue in link["issues"]],
        "records": [
            {
                **record,
                "with_whom": ", ".join(record["with_whom"]),
                "how": ", ".join(record["how"]),
                "approval": _approval(record, required=bool(plan["approver"])),
                "evidence": record["evidence"] or "none given",
            }
            for record in link["records"]
        ],
    }


def _role_label(role_id: str | None, roles: dict) -> str:
    if not role_id:
        return ""
    role = roles.get(role_id)
    return f"{role.title} ({role_id})" if role else role_id


def _approval(record: dict, *, required: bool) -> str:
    if not record["approved_by"]:
        return "not approved" if required else "no approval required"
    if record["approved_at"]:
        return f"{record['approved_by']} at {record['approved_at']}"
    return f"{record['approved_by']} (no approval time)"
