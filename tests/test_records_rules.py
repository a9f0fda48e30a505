"""Validation rules on events and records, each through 'commsctl validate'."""

from __future__ import annotations

import json

import pytest
from evidence_helpers import write_event, write_record

UPDATE = "major-incident-update"


@pytest.fixture
def plan(starter_plan):
    write_event(starter_plan, "INC-1", declared_at="2026-10-14T10:00:00Z", resolved_at="2026-10-14T11:00:00Z")
    return starter_plan


def findings(cli, plan) -> list[dict]:
    result = cli("validate", plan, "--format", "json")
    return json.loads(result.stdout)["findings"]


def rules_of(cli, plan) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for finding in findings(cli, plan):
        grouped.setdefault(finding["rule"], []).append(finding)
    return grouped


def test_valid_event_and_record_have_no_findings(cli, plan):
    write_record(plan, UPDATE, "2026-10-14T10:20:00Z", event="INC-1")

    assert findings(cli, plan) == []


@pytest.mark.parametrize(
    ("record", "rule", "message"),
    [
        ({"communication": "major-incident-updat"}, "record-unknown-communication", "did you mean 'major-incident-update'?"),
        ({"event": "INC-2"}, "record-unknown-event", "unknown event 'INC-2': did you mean 'INC-1'?"),
        ({"with_whom": ["customer"]}, "record-unknown-audience", "unknown audience 'customer': did you mean 'customers'?"),
        ({"how": ["status"]}, "record-unknown-channel", "unknown channel 'status'"),
        ({"event": None, "period": "2026-10"}, "record-trigger-mismatch", "replace 'period' with 'event: <event id>'"),
        ({"sent_at": "2026-10-14T09:59:00Z"}, "record-before-event", "is before event 'INC-1' was declared"),
        ({"approved_by": "owner.name"}, "record-approval-invalid", "'owner.name' is not a member or backup of approver role"),
        ({"message": "../outside.md"}, "record-message-missing", "leaves the plan directory"),
        ({"message": "messages/none.md"}, "record-message-missing", "message 'messages/none.md' not found"),
    ],
)
def test_record_rule(cli, plan, record, rule, message):
    fields = {"communication": UPDATE, "sent_at": "2026-10-14T10:20:00Z", "event": "INC-1", **record}
    communication = fields.pop("communication")
    sent_at = fields.pop("sent_at")
    path = write_record(plan, communication, sent_at, **fields)

    found = rules_of(cli, plan)

    assert list(found) == [rule]
    assert message in found[rule][0]["message"]
    assert found[rule][0]["path"] == str(path)


def test_record_of_scheduled_communication_needs_period(cli, plan):
    write_record(plan, "monthly-service-report", "2026-10-14T10:20:00Z", event="INC-1", with_whom=["customers"], how=["email"],
                 approved_by="owner.name")

    found = rules_of(cli, plan)

    assert "record-trigger-mismatch" in found
    assert "replace 'event' with 'period', such as 2026-10" in found["record-trigger-mismatch"][0]["message"]


def test_record_period_of_wrong_form(cli, plan):
    write_record(plan, "monthly-service-report", "2026-10-14T10:20:00Z", period="2026-W41", with_whom=["customers"], how=["email"],
                 approved_by="owner.name")

    found = rules_of(cli, plan)

    assert list(found) == ["record-period-invalid"]


def test_record_for_event_of_other_type(cli, plan):
    write_event(plan, "CHG-1", "planned-maintenance-approved", declared_at="2026-10-01T10:00:00Z")
    write_record(plan, UPDATE, "2026-10-14T10:20:00Z", event="CHG-1")

    found = rules_of(cli, plan)

    assert "event 'CHG-1' is of type 'planned-maintenance-approved'" in found["record-trigger-mismatch"][0]["message"]


def test_duplicate_record_is_a_warning(cli, plan):
    write_record(plan, UPDATE, "2026-10-14T10:20:00Z", event="INC-1")
    write_record(plan, UPDATE, "2026-10-14T10:20:00Z", event="INC-1")

    result = cli("validate", plan)

    assert result.exit_code == 0
    assert "warning duplicate-record duplicate of" in result.stdout


def test_event_unknown_type(cli, plan):
    write_event(plan, "INC-2", "major-incident", declared_at="2026-10-14T10:00:00Z")

    found = rules_of(cli, plan)

    assert list(found) == ["event-unknown-type"]
    assert "did you mean 'major-incident-declared'?" in found["event-unknown-type"][0]["message"]
    assert found["event-unknown-type"][0]["line"] == 2


def test_event_id_differs_from_file_name(cli, plan):
    path = write_event(plan, "INC-3", declared_at="2026-10-14T10:00:00Z")
    path.rename(path.with_name("INC-4.yaml"))

    found = rules_of(cli, plan)

    assert list(found) == ["event-id-file-mismatch"]
    assert "rename the file to INC-3.yaml" in found["event-id-file-mismatch"][0]["message"]


def test_naive_timestamp_in_event_is_a_schema_error(cli, plan):
    write_event(plan, "INC-5", declared_at="2026-10-14T10:00:00")

    found = rules_of(cli, plan)

    assert list(found) == ["invalid-value"]
    assert "has no time zone: add one" in found["invalid-value"][0]["message"]
    assert found["invalid-value"][0]["line"] == 4


def test_naive_timestamp_in_record_is_a_schema_error(cli, plan):
    write_record(plan, UPDATE, "2026-10-14 10:20", event="INC-1", approved_at="2026-10-14T10:19:00Z")

    result = cli("validate", plan)

    assert result.exit_code == 1
    assert "invalid-value invalid value '2026-10-14 10:20' for 'sent_at': the timestamp has no time zone" in result.stdout


def test_record_with_neither_event_nor_period(cli, plan):
    write_record(plan, UPDATE, "2026-10-14T10:20:00Z")

    assert list(rules_of(cli, plan)) == ["record-trigger-mismatch"]
