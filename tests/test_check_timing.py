"""'check' timing rules at their boundaries: exactly on time passes, one minute late fails."""

from __future__ import annotations

import pytest
from evidence_helpers import issues, obligation, only_communications, run_check, write_event, write_record

UPDATE = "major-incident-update"


@pytest.fixture
def incident_plan(starter_plan):
    only_communications(starter_plan, UPDATE)
    return starter_plan


@pytest.mark.parametrize(("sent", "late_seconds"), [("10:30:00", None), ("10:31:00", 60)])
def test_first_within_boundary(cli, incident_plan, sent, late_seconds):
    write_event(incident_plan, "INC-1", declared_at="2026-10-14T10:00:00Z", resolved_at=f"2026-10-14T{sent}Z")
    write_record(incident_plan, UPDATE, f"2026-10-14T{sent}Z", event="INC-1")

    code, document = run_check(cli, incident_plan)

    item = obligation(document, UPDATE, "INC-1")
    if late_seconds is None:
        assert code == 0
        assert item["status"] == "on time"
        assert item["issues"] == []
    else:
        assert code == 1
        assert item["status"] == "late"
        assert [issue["delay_seconds"] for issue in item["issues"]] == [late_seconds]


@pytest.mark.parametrize(("second", "late_seconds"), [("11:30:00", None), ("11:31:00", 60)])
def test_repeat_every_gap_boundary(cli, incident_plan, second, late_seconds):
    write_event(incident_plan, "INC-1", declared_at="2026-10-14T10:00:00Z", resolved_at="2026-10-14T12:00:00Z")
    write_record(incident_plan, UPDATE, "2026-10-14T10:30:00Z", event="INC-1")
    write_record(incident_plan, UPDATE, f"2026-10-14T{second}Z", event="INC-1")
    write_record(incident_plan, UPDATE, "2026-10-14T12:00:00Z", event="INC-1")

    code, document = run_check(cli, incident_plan)

    item = obligation(document, UPDATE, "INC-1")
    delays = [issue["delay_seconds"] for issue in item["issues"] if issue["kind"] == "late"]
    assert delays == ([] if late_seconds is None else [late_seconds])
    assert code == (0 if late_seconds is None else 1)


@pytest.mark.parametrize(("resolved", "late_seconds"), [("11:30:00", None), ("11:31:00", 60)])
def test_no_update_before_resolution(cli, incident_plan, resolved, late_seconds):
    write_event(incident_plan, "INC-1", declared_at="2026-10-14T10:00:00Z", resolved_at=f"2026-10-14T{resolved}Z")
    write_record(incident_plan, UPDATE, "2026-10-14T10:30:00Z", event="INC-1")

    code, document = run_check(cli, incident_plan)

    item = obligation(document, UPDATE, "INC-1")
    delays = [issue["delay_seconds"] for issue in item["issues"]]
    assert delays == ([] if late_seconds is None else [late_seconds])
    if late_seconds:
        assert "resolved_at" in item["issues"][0]["message"]
    assert code == (0 if late_seconds is None else 1)


@pytest.mark.parametrize(("sent", "late_seconds"), [("10:00:00", None), ("10:01:00", 60)])
def test_lead_time_boundary(cli, starter_plan, sent, late_seconds):
    only_communications(starter_plan, "maintenance-notice")
    write_event(
        starter_plan, "CHG-1", "planned-maintenance-approved",
        declared_at="2026-10-01T09:00:00Z", implemented_at="2026-10-20T10:00:00Z",
    )
    write_record(starter_plan, "maintenance-notice", f"2026-10-15T{sent}Z", event="CHG-1", with_whom=["customers"], how=["email"])

    code, document = run_check(cli, starter_plan)

    item = obligation(document, "maintenance-notice", "CHG-1")
    assert [issue["delay_seconds"] for issue in item["issues"]] == ([] if late_seconds is None else [late_seconds])
    if late_seconds:
        assert "before implemented_at" in item["issues"][0]["message"]
    assert code == (0 if late_seconds is None else 1)


@pytest.mark.parametrize(("sent", "late_seconds"), [("13:00:00", None), ("13:01:00", 60)])
def test_measured_from_approved_at(cli, starter_plan, sent, late_seconds):
    only_communications(starter_plan, "emergency-change-notice")
    write_event(
        starter_plan, "CHG-2", "emergency-change-approved",
        declared_at="2026-10-14T11:00:00Z", approved_at="2026-10-14T12:00:00Z",
    )
    write_record(
        starter_plan, "emergency-change-notice", f"2026-10-14T{sent}Z", event="CHG-2",
        with_whom=["service-staff"], how=["email"], approved_by="deputy.name",
    )

    code, document = run_check(cli, starter_plan)

    item = obligation(document, "emergency-change-notice", "CHG-2")
    assert [issue["delay_seconds"] for issue in item["issues"]] == ([] if late_seconds is None else [late_seconds])
    assert code == (0 if late_seconds is None else 1)


@pytest.mark.parametrize(("sent", "late_seconds"), [("2026-10-14T23:30:00+09:00", None), ("2026-10-14T23:31:00+09:00", 60)])
def test_record_and_event_in_different_zones(cli, incident_plan, sent, late_seconds):
    # 09:00 at -05:00 is 14:00 UTC; the deadline 14:30 UTC is 23:30 at +09:00.
    write_event(incident_plan, "INC-TZ", declared_at="2026-10-14T09:00:00-05:00", resolved_at="2026-10-14T09:30:00-05:00")
    write_record(incident_plan, UPDATE, sent, event="INC-TZ")

    code, document = run_check(cli, incident_plan)

    item = obligation(document, UPDATE, "INC-TZ")
    assert [issue["delay_seconds"] for issue in item["issues"]] == ([] if late_seconds is None else [late_seconds])
    assert code == (0 if late_seconds is None else 1)


def _amsterdam(plan):
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    (plan / "plan.yaml").write_text(text.replace("timezone: UTC", "timezone: Europe/Amsterdam"), encoding="utf-8")


@pytest.mark.parametrize(("sent", "late_seconds"), [("2026-10-25T02:15:00+01:00", None), ("2026-10-25T02:16:00+01:00", 60)])
def test_event_deadline_across_daylight_saving_change(cli, incident_plan, sent, late_seconds):
    # Clocks go back at 03:00 CEST on 25 October 2026. Declared 02:45 CEST (00:45 UTC), the 30-minute
    # deadline is 01:15 UTC, shown as 02:15 CET; wall-clock arithmetic would give 03:15 CET.
    _amsterdam(incident_plan)
    write_event(incident_plan, "INC-DST", declared_at="2026-10-25T02:45:00+02:00", resolved_at="2026-10-25T02:15:00+01:00")
    write_record(incident_plan, UPDATE, sent, event="INC-DST")

    code, document = run_check(cli, incident_plan)

    item = obligation(document, UPDATE, "INC-DST")
    assert item["due_at"] == "2026-10-25T02:15:00+01:00"
    assert [issue["delay_seconds"] for issue in item["issues"] if issue["kind"] == "late"][:1] == (
        [] if late_seconds is None else [late_seconds]
    )
    assert code == (0 if late_seconds is None else 1)


@pytest.mark.parametrize(("sent", "late_seconds"), [("2026-11-05T23:00:00Z", None), ("2026-11-05T23:01:00Z", 60)])
def test_schedule_is_wall_clock_after_daylight_saving_change(cli, starter_plan, sent, late_seconds):
    # The November report is due 5 days after local midnight on 1 November (CET, UTC+1): 5 November 23:00 UTC.
    _amsterdam(starter_plan)
    only_communications(starter_plan, "monthly-service-report")
    write_record(starter_plan, "monthly-service-report", sent, period="2026-11", with_whom=["customers"], how=["email"],
                 approved_by="owner.name")

    code, document = run_check(cli, starter_plan, since="2026-11-01", until="2026-11-30", now="2026-12-01T00:00:00Z")

    item = obligation(document, "monthly-service-report", "2026-11")
    assert item["occurrence"] == "2026-11-01T00:00:00+01:00"
    assert item["due_at"] == "2026-11-06T00:00:00+01:00"
    assert [issue["delay_seconds"] for issue in item["issues"]] == ([] if late_seconds is None else [late_seconds])
    assert code == (0 if late_seconds is None else 1)


def test_monthly_report_missing_for_one_month(cli, starter_plan):
    only_communications(starter_plan, "monthly-service-report")
    for period, sent in (("2026-08", "2026-08-03T10:00:00Z"), ("2026-10", "2026-10-02T10:00:00Z")):
        write_record(starter_plan, "monthly-service-report", sent, period=period, with_whom=["customers"], how=["email"],
                     approved_by="owner.name")

    code, document = run_check(cli, starter_plan, since="2026-08-01", until="2026-10-31", now="2026-11-01T00:00:00Z")

    assert code == 1
    assert issues(document) == {("missing", "monthly-service-report", "2026-09")}
    assert [item["period"] for item in document["obligations"]] == ["2026-08", "2026-09", "2026-10"]


def test_scheduled_occurrence_pending_before_deadline(cli, starter_plan):
    only_communications(starter_plan, "monthly-service-report")

    code, document = run_check(cli, starter_plan, since="2026-11-01", until="2026-11-30", now="2026-11-03T00:00:00Z")

    assert code == 0
    assert obligation(document, "monthly-service-report", "2026-11")["status"] == "pending"


@pytest.mark.parametrize(("now", "overdue_seconds"), [("2026-10-14T12:20:00Z", None), ("2026-10-14T12:21:00Z", 60)])
def test_open_event_update_overdue(cli, incident_plan, now, overdue_seconds):
    write_event(incident_plan, "INC-OPEN", declared_at="2026-10-14T10:00:00Z")
    write_record(incident_plan, UPDATE, "2026-10-14T10:20:00Z", event="INC-OPEN")
    write_record(incident_plan, UPDATE, "2026-10-14T11:20:00Z", event="INC-OPEN")

    code, document = run_check(cli, incident_plan, now=now)

    item = obligation(document, UPDATE, "INC-OPEN")
    assert [issue["delay_seconds"] for issue in item["issues"]] == ([] if overdue_seconds is None else [overdue_seconds])
    if overdue_seconds:
        assert "still open" in item["issues"][0]["message"]
    assert code == (0 if overdue_seconds is None else 1)


@pytest.mark.parametrize(("now", "status", "code"), [("2026-10-14T10:30:00Z", "pending", 0), ("2026-10-14T10:31:00Z", "missing", 1)])
def test_open_event_first_message_pending_then_missing(cli, incident_plan, now, status, code):
    write_event(incident_plan, "INC-OPEN", declared_at="2026-10-14T10:00:00Z")

    exit_code, document = run_check(cli, incident_plan, now=now)

    assert obligation(document, UPDATE, "INC-OPEN")["status"] == status
    assert exit_code == code


def test_records_after_now_do_not_count(cli, incident_plan):
    write_event(incident_plan, "INC-1", declared_at="2026-10-14T10:00:00Z", resolved_at="2026-10-14T10:20:00Z")
    write_record(incident_plan, UPDATE, "2026-10-14T10:20:00Z", event="INC-1")

    code, document = run_check(cli, incident_plan, now="2026-10-14T10:19:00Z")

    assert obligation(document, UPDATE, "INC-1")["status"] == "pending"
    assert code == 0
