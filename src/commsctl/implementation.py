"""The implementation section of an audit pack: check results for a period and two worked samples.

Auditors test that a plan is carried out by following single cases end to
end. The samples are the most recent complete chains: a major incident (an
event of category ``incident``) and a change (category ``change`` or
``maintenance``). A chain is complete when its event is closed (resolved, or
implemented for a change) and every communication it requires was sent, late
or not, because an auditor must see findings too. Where no complete chain
exists the sample gives the reason instead of showing a broken one.
"""

from __future__ import annotations

from datetime import datetime

from commsctl.check import MISSING, PENDING, CheckResult, Obligation, check_plan
from commsctl.check_report import obligation_dict, result_dict
from commsctl.inventory import describe_when
from commsctl.timestamps import iso

SAMPLES = {
    "major_incident": ({"incident"}, "resolved_at", "major incident"),
    "change": ({"change", "maintenance"}, "implemented_at", "change"),
}


def implementation_section(loaded, since: datetime, until: datetime, now: datetime) -> dict:
    """Return the check results of [since, until) as of ``now``, and the two samples (see docs/records-and-check.md)."""
    result = check_plan(loaded, since, until, now)
    section = result_dict(result)
    section["samples"] = {
        name: _sample(result, loaded, categories, closed_by, label) for name, (categories, closed_by, label) in SAMPLES.items()
    }
    return section


def _sample(result: CheckResult, loaded, categories: set[str], closed_by: str, label: str) -> dict:
    category_of = {event_type.id: event_type.category for event_type in loaded.plan.events}
    chains: dict[str, list[Obligation]] = {}
    for obligation in result.obligations:
        event = obligation.event
        if event is not None and category_of.get(event.event) in categories:
            chains.setdefault(event.id, []).append(obligation)

    if not chains:
        kinds = " or ".join(sorted(categories))
        return {
            "available": False,
            "reason": f"no {kinds} event with required communications was declared in the period",
        }

    reasons = []
    ordered = sorted(chains.values(), key=lambda chain: (chain[0].event.declared_at, chain[0].event.id), reverse=True)
    for chain in ordered:
        problem = _incomplete(chain, closed_by, result.now)
        if problem is None:
            return _chain(chain, result, loaded, category_of)
        reasons.append(f"{chain[0].event.id} {problem}")
    return {
        "available": False,
        "reason": f"no complete {label} chain in the period: " + "; ".join(reasons),
    }


def _incomplete(chain: list[Obligation], closed_by: str, now: datetime) -> str | None:
    event = chain[0].event
    closed_at = getattr(event, closed_by)
    if closed_at is None or closed_at > now:
        return f"is still open (no {closed_by})"
    missing = [obligation.communication.id for obligation in chain if obligation.status == MISSING]
    if missing:
        return f"has no record of {', '.join(missing)}"
    pending = [obligation.communication.id for obligation in chain if obligation.status == PENDING]
    if pending:
        return f"still awaits {', '.join(pending)}"
    return None


def _chain(chain: list[Obligation], result: CheckResult, loaded, category_of: dict) -> dict:
    event = chain[0].event
    zone = result.zone
    event_types = {event_type.id: event_type for event_type in loaded.plan.events}
    return {
        "available": True,
        "event": {
            "id": event.id,
            "type": event.event,
            "type_name": event_types[event.event].name,
            "category": category_of[event.event],
            "title": event.title,
            "declared_at": iso(event.declared_at, zone),
            "approved_at": iso(event.approved_at, zone),
            "implemented_at": iso(event.implemented_at, zone),
            "resolved_at": iso(event.resolved_at, zone),
            "link": event.link,
            "file": result.file_of(event),
        },
        "findings": sum(1 for obligation in chain for _ in obligation.issues),
        "communications": [_link(obligation, result) for obligation in chain],
    }


def _link(obligation: Obligation, result: CheckResult) -> dict:
    zone = result.zone
    communication = obligation.communication
    judged = obligation_dict(obligation, result)
    return {
        "plan": {
            "id": communication.id,
            "name": communication.name,
            "type": communication.type,
            "when": describe_when(communication),
            "with_whom": communication.with_whom or [],
            "how": communication.how or [],
            "owner": communication.owner,
            "approver": communication.approver,
            "evidence_location": communication.evidence.location if communication.evidence else None,
        },
        "status": judged["status"],
        "due_at": judged["due_at"],
        "issues": judged["issues"],
        "records": [
            {
                "file": result.file_of(record),
                "sent_at": iso(record.sent_at, zone),
                "sent_by": record.sent_by,
                "with_whom": record.with_whom,
                "how": record.how,
                "approved_by": record.approved_by,
                "approved_at": iso(record.approved_at, zone),
                "summary": record.summary,
                "message": record.message,
                "evidence": record.evidence,
            }
            for record in obligation.records
        ],
    }
