"""'check' end to end: the example plan's planted findings, approval, recipients, options and output."""

from __future__ import annotations

import json

import pytest
from evidence_helpers import issues, obligation, only_communications, run_check, run_commsctl, write_event, write_record

EXAMPLE_PERIOD = {"since": "2026-08-01", "until": "2026-11-30", "now": "2026-12-01T09:00:00+01:00"}
UPDATE = "major-incident-update"


def test_example_plan_reports_exactly_the_planted_findings(cli, example_plan):
    code, document = run_check(cli, example_plan, **EXAMPLE_PERIOD)

    assert code == 1
    assert issues(document, "late", "missing", "unapproved") == {
        ("late", "major-incident-customer-update", "INC-2026-0923"),
        ("missing", "planned-maintenance-notice", "CHG-2026-1019"),
        ("unapproved", "supplier-escalation", "SUP-2026-1104"),
    }
    assert issues(document, "audience", "channel") == {("channel", "major-incident-customer-update", "INC-2026-0923")}
    assert document["summary"]["pending"] == 0
    assert document["summary"]["due"] == 57


def test_example_plan_late_update_delay(cli, example_plan):
    _, document = run_check(cli, example_plan, **EXAMPLE_PERIOD)

    item = obligation(document, "major-incident-customer-update", "INC-2026-0923")
    late = [issue for issue in item["issues"] if issue["kind"] == "late"]
    assert [issue["delay_seconds"] for issue in late] == [30 * 60]
    assert late[0]["record"].endswith("2026-09-23T100000Z-major-incident-customer-update-INC-2026-0923.yaml")


def test_example_plan_validates_without_errors(cli, example_plan):
    result = cli("validate", example_plan)

    assert result.exit_code == 0, result.output
    assert " error " not in result.output


def test_example_plan_text_output(cli, example_plan):
    result = cli("check", example_plan, *[f"--{key}={value}" for key, value in EXAMPLE_PERIOD.items()])

    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Northwind Managed Services SMS Communication Plan: execution from 2026-08-01 00:00 CEST")
    assert any(line.startswith("missing     planned-maintenance-notice [CHG-2026-1019]: no record: due 2026-10-26 08:00 CET") for line in lines)
    assert any(line.startswith("unapproved  supplier-escalation [SUP-2026-1104]") for line in lines)
    assert any(line.startswith("major-incident-customer-update") and line.endswith("67%") for line in lines)
    assert lines[-1] == (
        "57 due: 55 on time, 1 late, 1 missing (96% on time); 1 unapproved, 1 audience or channel deviations, 0 pending."
    )


def test_on_time_rate_per_communication(cli, example_plan):
    _, document = run_check(cli, example_plan, **EXAMPLE_PERIOD)

    rows = {row["communication"]: row for row in document["communications"]}
    assert rows["planned-maintenance-notice"]["on_time_rate"] == 0.5
    assert rows["cab-agenda"]["due"] == 18
    assert rows["cab-agenda"]["on_time_rate"] == 1.0
    assert rows["supplier-escalation"]["unapproved"] == 1


@pytest.fixture
def incident_plan(starter_plan):
    only_communications(starter_plan, UPDATE)
    write_event(starter_plan, "INC-1", declared_at="2026-10-14T10:00:00Z", resolved_at="2026-10-14T10:20:00Z")
    return starter_plan


@pytest.mark.parametrize(
    ("approval", "fragment"),
    [
        ({"approved_by": None, "approved_at": None}, "without a recorded approval"),
        ({"approved_by": "owner.name"}, "not a member or backup of approver role 'service-desk-lead'"),
        ({"approved_by": "desk.lead", "approved_at": None}, "has no approved_at time"),
        ({"approved_by": "desk.lead", "approved_at": "2026-10-14T10:21:00Z"}, "approved 1m after it was sent"),
    ],
)
def test_unapproved_record(cli, incident_plan, approval, fragment):
    write_record(incident_plan, UPDATE, "2026-10-14T10:20:00Z", event="INC-1", **approval)

    code, document = run_check(cli, incident_plan)

    item = obligation(document, UPDATE, "INC-1")
    assert [issue["kind"] for issue in item["issues"]] == ["unapproved"]
    assert fragment in item["issues"][0]["message"]
    assert code == 1


@pytest.mark.parametrize("approver", ["desk.lead", "desk.deputy"])
def test_approval_by_member_or_backup_at_send_time(cli, incident_plan, approver):
    write_record(incident_plan, UPDATE, "2026-10-14T10:20:00Z", event="INC-1", approved_by=approver)

    code, document = run_check(cli, incident_plan)

    assert obligation(document, UPDATE, "INC-1")["issues"] == []
    assert code == 0


def test_different_audience_and_channel_reported_without_failing(cli, incident_plan):
    write_record(incident_plan, UPDATE, "2026-10-14T10:20:00Z", event="INC-1", with_whom=["service-staff"], how=["email"])

    code, document = run_check(cli, incident_plan)

    assert issues(document) == {("audience", UPDATE, "INC-1"), ("channel", UPDATE, "INC-1")}
    messages = [issue["message"] for issue in obligation(document, UPDATE, "INC-1")["issues"]]
    assert "planned audience not used: customers; audience not in the plan: service-staff" in messages[0]
    assert "planned channel not used: status-page" in messages[1]
    assert code == 0


def test_events_outside_the_period_are_ignored(cli, incident_plan):
    code, document = run_check(cli, incident_plan, since="2026-10-15", until="2026-10-31", now="2026-11-01T00:00:00Z")

    assert [item for item in document["obligations"] if item["event"]] == []
    assert code == 0


def test_until_date_includes_the_whole_day(cli, incident_plan):
    _, document = run_check(cli, incident_plan, since="2026-10-01", until="2026-10-14", now="2026-11-01T00:00:00Z")

    assert document["until"] == "2026-10-15T00:00:00+00:00"
    assert obligation(document, UPDATE, "INC-1")["status"] == "missing"


def test_naive_now_is_rejected(cli, starter_plan):
    result = run_commsctl("check", starter_plan, "--now", "2026-12-01T09:00:00")

    assert result.returncode == 2
    assert "--now '2026-12-01T09:00:00' has no time zone" in result.stderr


def test_since_after_until_is_rejected(cli, starter_plan):
    result = run_commsctl("check", starter_plan, "--since", "2026-12-01", "--until", "2026-11-01", "--now", "2026-12-01T00:00:00Z")

    assert result.returncode == 2
    assert "is not before --until" in result.stderr


def test_invalid_record_file_is_noted(cli, incident_plan):
    (incident_plan / "records").mkdir()
    (incident_plan / "records" / "broken.yaml").write_text("communication: [\n", encoding="utf-8")

    result = cli("check", incident_plan, "--now", "2027-01-01T00:00:00Z", "--since", "2026-01-01")

    assert "records in invalid files are not counted" in result.stderr
    assert "broken.yaml" in result.stderr


def test_json_output_shape(cli, incident_plan):
    write_record(incident_plan, UPDATE, "2026-10-14T10:20:00Z", event="INC-1")

    result = cli("check", incident_plan, "--since", "2026-10-01", "--until", "2026-10-31", "--now", "2026-11-01T00:00:00Z", "-f", "json")

    document = json.loads(result.stdout)
    assert set(document) == {"tool", "plan", "timezone", "since", "until", "now", "summary", "communications", "obligations"}
    assert document["obligations"][0] == {
        "communication": UPDATE,
        "trigger": "event",
        "event": "INC-1",
        "event_type": "major-incident-declared",
        "period": None,
        "occurrence": None,
        "due_at": "2026-10-14T10:30:00+00:00",
        "status": "on time",
        "records": [f"{incident_plan}/records/2026/{sorted(p.name for p in (incident_plan / 'records' / '2026').iterdir())[0]}"],
        "issues": [],
    }
