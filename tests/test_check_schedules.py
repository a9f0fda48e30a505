"""Schedule occurrences and their period labels, in the plan's time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from commsctl.schedules import granularity, occurrences, period_matches_form

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def span(schedule: str, start: str, end: str):
    since = datetime.fromisoformat(start).replace(tzinfo=AMSTERDAM)
    until = datetime.fromisoformat(end).replace(tzinfo=AMSTERDAM)
    return occurrences(schedule, AMSTERDAM, since, until)


THREE_DAYS = ("2026-10-24T00:00", "2026-10-27T00:00")
TEN_WEEKS = ("2026-10-24T00:00", "2027-01-02T00:00")


@pytest.mark.parametrize(
    ("schedule", "window", "periods"),
    [
        ("daily", THREE_DAYS, ["2026-10-24", "2026-10-25", "2026-10-26"]),
        ("weekly", THREE_DAYS, ["2026-W44"]),
        ("monthly", TEN_WEEKS, ["2026-11", "2026-12", "2027-01"]),
        ("quarterly", TEN_WEEKS, ["2027-Q1"]),
        ("annually", TEN_WEEKS, ["2027"]),
        ("FREQ=WEEKLY;BYDAY=MO;BYHOUR=12;BYMINUTE=0", THREE_DAYS, ["2026-W44"]),
        (
            "FREQ=HOURLY;INTERVAL=12",
            THREE_DAYS,
            ["2026-10-24T00:00", "2026-10-24T12:00", "2026-10-25T00:00", "2026-10-25T12:00", "2026-10-26T00:00", "2026-10-26T12:00"],
        ),
    ],
)
def test_period_labels(schedule, window, periods):
    found = span(schedule, *window)

    assert [occurrence.period for occurrence in found] == periods
    for occurrence in found:
        assert period_matches_form(occurrence.period, granularity(schedule))


def test_occurrences_keep_wall_clock_across_daylight_saving_change():
    found = span("FREQ=DAILY;BYHOUR=9;BYMINUTE=0", "2026-10-24T00:00", "2026-10-27T00:00")

    assert [occurrence.at.strftime("%H:%M %Z") for occurrence in found] == ["09:00 CEST", "09:00 CET", "09:00 CET"]
    assert [occurrence.at.utcoffset().total_seconds() / 3600 for occurrence in found] == [2, 1, 1]


def test_quarterly_starts_in_january():
    found = span("quarterly", "2026-01-01T00:00", "2027-01-01T00:00")

    assert [occurrence.period for occurrence in found] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert [occurrence.at.month for occurrence in found] == [1, 4, 7, 10]


def test_rrule_with_dtstart_keeps_its_phase():
    found = span("DTSTART:20260105T100000\nRRULE:FREQ=WEEKLY;INTERVAL=2", "2026-10-01T00:00", "2026-11-01T00:00")

    assert [occurrence.at.day for occurrence in found] == [12, 26]
    assert found[0].at.hour == 10


def test_next_occurrence_bounds_the_due_date():
    found = span("monthly", "2026-10-01T00:00", "2026-10-02T00:00")

    assert found[0].next_at == datetime(2026, 11, 1, tzinfo=AMSTERDAM)


def test_hourly_schedule_occurrences_chain():
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from commsctl.schedules import occurrences

    found = occurrences("FREQ=HOURLY", ZoneInfo("Europe/Amsterdam"), datetime(2026, 6, 1, tzinfo=timezone.utc), datetime(2026, 6, 11, tzinfo=timezone.utc))

    assert len(found) == 240
    assert all(earlier.next_at == later.at for earlier, later in zip(found, found[1:]))


def test_schedule_finer_than_hourly_is_invalid(cli, starter_plan):
    report = starter_plan / "communications" / "monthly-service-report.yaml"
    report.write_text(report.read_text().replace("schedule: monthly", "schedule: FREQ=MINUTELY"))
    result = cli("validate", starter_plan)
    assert result.exit_code == 1
    assert "scheduled at most hourly" in result.stdout
