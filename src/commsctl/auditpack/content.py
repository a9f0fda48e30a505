"""Gather what an audit pack shows, as plain data, from one Git revision of the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from commsctl import __version__
from commsctl.history import HistoryResult, history_of_repository
from commsctl.history.approval import Change
from commsctl.validate import ValidationResult

TEMPLATES_DIR = "templates"


@dataclass
class PackContent:
    """Everything the pack's files are rendered from; ``context`` is what the report templates see."""

    context: dict
    inventory: list[dict[str, str]]
    history: HistoryResult
    templates: dict[str, bytes]  # path inside the plan -> bytes at the revision
    commit_date: datetime
    implementation: dict  # as returned by auditpack.implementation.check_implementation
    skipped_templates: list[str] = field(default_factory=list)


def gather(
    repo,
    prefix: str,
    commit: str,
    *,
    rev: str,
    since: datetime | None,
    until: datetime | None,
    reviews: Path | None,
) -> PackContent:
    """Read the plan at ``commit``, validate it, check its records, and walk its history up to that commit."""
    from commsctl.auditpack.implementation import check_implementation, implementation_report
    from commsctl.auditpack.owners import code_owners_section
    from commsctl.gitsource import GitTreeSource
    from commsctl.inventory import inventory_rows
    from commsctl.validate import validate_source

    source = GitTreeSource(repo, commit, prefix, display_root=prefix or ".")
    validation = validate_source(source)
    history = history_of_repository(repo, prefix, rev=commit, since=since, until=until, reviews=reviews)
    history.revision = rev
    commit_date = datetime.fromisoformat(repo.git.log("-1", "--format=%cI", commit).strip())

    implementation = check_implementation(validation.loaded, commit_date, since, until)
    templates, skipped = read_templates(source)
    inventory = inventory_rows(validation.loaded)
    context = {
        "tool": {"name": "commsctl", "version": __version__},
        "pack": {
            "plan_path": prefix or ".",
            "revision": rev,
            "commit": commit,
            "commit_date": commit_date.isoformat(),
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
            "reviews": reviews.name if reviews else None,
        },
        "plan": plan_section(validation),
        "roles": roles_section(validation),
        "inventory": inventory,
        "content_elements": {
            communication.id: [element.description for element in communication.what or []]
            for communication in validation.loaded.communications
        },
        "control_points": control_points_section(validation),
        "distribution_lists": distribution_lists_section(validation),
        "changes": [report_change(change) for change in history.changes],
        "unapproved": [report_change(change) for change in history.unapproved],
        "findings": [finding.to_dict() for finding in validation.findings],
        "templates": sorted(templates),
        "skipped_templates": skipped,
        "implementation": implementation_report(implementation, validation.loaded),
        "code_owners": code_owners_section(source),
    }
    return PackContent(context, inventory, history, templates, commit_date, implementation, skipped)


def report_change(change: Change) -> dict:
    """Return a change as display strings for the reports."""
    return {
        "commit": change.commit,
        "short": change.commit[:12],
        "date": change.date.isoformat(),
        "author": ", ".join(person.display() for person in change.authors()),
        "subject": change.subject,
        "files": [item.describe() for item in change.files],
        "evidence": change.evidence() or "none",
        "status": "approved" if change.approved else "unapproved",
        "problems": change.problems,
    }


def read_templates(source) -> tuple[dict[str, bytes], list[str]]:
    """Return the bytes of every file under templates/ at the revision, and the paths that were skipped."""
    templates, skipped = {}, []
    for relpath in source.list_files(TEMPLATES_DIR):
        try:
            templates[relpath] = source.read(relpath)
        except OSError:
            skipped.append(relpath)  # a symbolic link: its target may lie outside the plan
    return templates, skipped


def plan_section(validation: ValidationResult) -> dict:
    plan = validation.loaded.plan
    if plan is None:
        return {}
    roles = validation.loaded.by_id("roles")
    owner = roles.get(plan.owner)
    return {
        "name": plan.name,
        "purpose": plan.purpose or "",
        "scope": plan.scope,
        "owner": owner.title if owner else plan.owner,
        "version_policy": plan.version_policy,
        "review_cadence": plan.review.cadence,
        "last_reviewed": plan.review.last_reviewed.isoformat() if plan.review.last_reviewed else "",
        "timezone": plan.timezone,
    }


def roles_section(validation: ValidationResult) -> list[dict]:
    return [
        {
            "id": role.id,
            "title": role.title,
            "members": ", ".join(role.members),
            "backups": ", ".join(role.backups),
        }
        for role in sorted(validation.loaded.roles, key=lambda role: role.id)
    ]


def describe_selector(selector) -> str:
    parts = []
    if selector.type:
        parts.append(f"{selector.type} communications")
    if selector.high_impact_channel is not None:
        parts.append("on a high-impact channel" if selector.high_impact_channel else "on no high-impact channel")
    if selector.communications:
        parts.append("communications: " + ", ".join(selector.communications))
    if selector.events:
        parts.append("events: " + ", ".join(selector.events))
    return "; ".join(parts) or "all communications"


def control_points_section(validation: ValidationResult) -> list[dict]:
    plan = validation.loaded.plan
    if plan is None:
        return []
    return [
        {
            "id": point.id,
            "description": point.description,
            "applies_to": describe_selector(point.applies_to),
            "requires_approval": "yes" if point.requires_approval else "no",
        }
        for point in plan.control_points
    ]


def distribution_lists_section(validation: ValidationResult) -> list[dict]:
    roles = validation.loaded.by_id("roles")
    return [
        {
            "id": item.id,
            "name": item.name,
            "address": item.address or "",
            "owner": roles[item.owner].title if item.owner in roles else (item.owner or ""),
            "change_process": item.change_process or "",
        }
        for item in sorted(validation.loaded.distribution_lists, key=lambda item: item.id)
    ]
