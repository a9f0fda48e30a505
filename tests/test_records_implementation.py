"""The audit pack's implementation section: check results and the two worked samples."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from commsctl.implementation import implementation_section
from commsctl.loader import load_plan
from commsctl.sources import DirectorySource

ZONE = ZoneInfo("Europe/Amsterdam")
SINCE = datetime(2026, 8, 1, tzinfo=ZONE)
UNTIL = datetime(2026, 12, 1, tzinfo=ZONE)
NOW = datetime(2026, 12, 1, 9, tzinfo=ZONE)


def section(plan, since=SINCE):
    return implementation_section(load_plan(DirectorySource(plan)), since, UNTIL, NOW)


def test_samples_are_most_recent_complete_chains(example_plan):
    samples = section(example_plan)["samples"]

    incident = samples["major_incident"]
    assert incident["available"] is True
    assert incident["event"]["id"] == "INC-2026-1187"
    assert [link["plan"]["id"] for link in incident["communications"]] == [
        "executive-major-incident-briefing",
        "major-incident-customer-update",
        "major-incident-internal-escalation",
        "major-incident-on-call-page",
        "major-incident-resolved-notice",
        "post-incident-summary",
    ]
    update = incident["communications"][1]
    assert update["plan"]["approver"] == "incident-manager"
    assert update["records"][0] == {
        "file": f"{example_plan}/records/2026/2026-11-18T090500Z-major-incident-customer-update-INC-2026-1187.yaml",
        "sent_at": "2026-11-18T10:05:00+01:00",
        "sent_by": "s.bakker",
        "with_whom": ["affected-customers"],
        "how": ["status-page", "customer-mass-email"],
        "approved_by": "t.nguyen",
        "approved_at": "2026-11-18T10:00:00+01:00",
        "summary": "Customer update 1.",
        "message": None,
        "evidence": "https://status.example.com/incidents/INC-2026-1187 (update 1) and the mailing platform send log",
    }
    assert samples["change"]["event"]["id"] == "CHG-2026-1110"


def test_broken_change_chain_is_not_picked(example_plan):
    next((example_plan / "records").rglob("*normal-change-notice-CHG-2026-1110.yaml")).unlink()

    change = section(example_plan)["samples"]["change"]

    assert change["event"]["id"] == "CHG-2026-1006"
    assert [link["status"] for link in change["communications"]] == ["on time", "on time"]


def test_no_complete_chain_gives_reason(example_plan):
    for path in (example_plan / "records").rglob("*post-incident-summary-*.yaml"):
        path.unlink()

    incident = section(example_plan)["samples"]["major_incident"]

    assert incident == {
        "available": False,
        "reason": "no complete major incident chain in the period: "
        "INC-2026-1187 has no record of post-incident-summary; "
        "INC-2026-0923 has no record of post-incident-summary; "
        "INC-2026-0817 has no record of post-incident-summary",
    }


def test_no_event_in_period_gives_reason(example_plan):
    result = section(example_plan, since=datetime(2026, 11, 25, tzinfo=ZONE))

    assert result["samples"]["change"] == {
        "available": False,
        "reason": "no change or maintenance event with required communications was declared in the period",
    }


def test_section_contains_check_results(example_plan):
    result = section(example_plan)

    assert result["summary"]["missing"] == 1
    assert result["summary"]["late"] == 1
    assert result["summary"]["unapproved"] == 1
    assert {row["communication"] for row in result["communications"]} >= {"monthly-service-report", "cab-agenda"}
