"""Timestamps given on the command line, and how they are shown.

Evidence must be unambiguous, so a time without a zone is rejected rather than
guessed. Durations are added in UTC: elapsed time, never wall-clock time, so a
daylight-saving change does not move a deadline.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo

from commsctl.errors import UserError


def parse_timestamp(text: str, option: str) -> datetime:
    """Parse an ISO 8601 time with a zone; raise UserError naming ``option``, the value and the fix."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            f"invalid {option} {text!r}: write an ISO 8601 time with a zone, such as 2026-10-14T09:32:00+02:00"
        ) from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise UserError(
            f"{option} {text!r} has no time zone: add one, such as {text.strip()}Z (UTC) "
            f"or {text.strip()}+02:00"
        )
    return value


def parse_bound(text: str, option: str, zone: tzinfo, *, end: bool) -> datetime:
    """Parse ``--since``/``--until``: a date (a whole day in the plan's zone) or a time with a zone.

    A date as the end bound includes that whole day: the bound is the next midnight.
    """
    stripped = text.strip()
    try:
        day = date.fromisoformat(stripped)
    except ValueError:
        return parse_timestamp(stripped, option)
    if len(stripped) != 10:  # date.fromisoformat also takes 20261014 and 2026-W42-3
        return parse_timestamp(stripped, option)
    if end:
        day += timedelta(days=1)
    return datetime.combine(day, time(0, 0), tzinfo=zone)


def after(moment: datetime, duration: timedelta) -> datetime:
    """Return ``moment`` plus elapsed ``duration`` (in UTC, so a daylight-saving change cannot shift it)."""
    return moment.astimezone(timezone.utc) + duration


def show(moment: datetime | None, zone: tzinfo) -> str:
    """Format a time for people, in the plan's zone: ``2026-10-14 11:32 CEST``."""
    if moment is None:
        return "-"
    local = moment.astimezone(zone)
    text = f"{local:%Y-%m-%d %H:%M}"
    if local.second:
        text += f":{local.second:02d}"
    return f"{text} {local.tzname()}"


def iso(moment: datetime | None, zone: tzinfo) -> str | None:
    """Format a time for machines: ISO 8601 with the plan zone's offset."""
    return None if moment is None else moment.astimezone(zone).isoformat()
