"""Occurrences of scheduled communications, and the period label that names each occurrence.

Schedules are wall-clock rules in the plan's time zone: a monthly report due on
the 1st at 00:00 is due at local midnight in winter and in summer alike. The
keywords map to RFC 5545 rules; RRULE strings are used as given, with any
DTSTART read as wall-clock time in the plan's zone.

A record names the occurrence it fulfils by its period: the calendar period,
in the plan's zone, that contains the occurrence. The period's form follows
the rule's frequency:

    YEARLY   2026          MONTHLY  2026-10 (quarterly: 2026-Q4)
    WEEKLY   2026-W41      DAILY    2026-10-05
    HOURLY, MINUTELY, SECONDLY      2026-10-05T09:00
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

KEYWORD_RULES = {
    "daily": "FREQ=DAILY",
    "weekly": "FREQ=WEEKLY;BYDAY=MO",
    "monthly": "FREQ=MONTHLY;BYMONTHDAY=1",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1",  # with DTSTART on 1 January: Jan, Apr, Jul, Oct
    "annually": "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1",
}

_FREQUENCY = re.compile(r"FREQ=(\w+)", re.IGNORECASE)
_GRANULARITY = {
    "YEARLY": "year",
    "MONTHLY": "month",
    "WEEKLY": "week",
    "DAILY": "day",
    "HOURLY": "minute",
    "MINUTELY": "minute",
    "SECONDLY": "minute",
}
PERIOD_EXAMPLES = {
    "year": "2026",
    "quarter": "2026-Q4",
    "month": "2026-10",
    "week": "2026-W41",
    "day": "2026-10-05",
    "minute": "2026-10-05T09:00",
}


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One due date of a scheduled communication: when it falls, its period label, and the next one."""

    at: datetime  # aware, in the plan's zone
    period: str
    next_at: datetime


def granularity(schedule: str) -> str:
    """Return the period form of a schedule: year, quarter, month, week, day or minute."""
    if schedule == "quarterly":
        return "quarter"
    text = KEYWORD_RULES.get(schedule, schedule)
    match = _FREQUENCY.search(text)
    return _GRANULARITY.get(match.group(1).upper(), "day") if match else "day"


def period_label(moment: datetime, form: str) -> str:
    """Return the label of the period of form ``form`` that contains the wall-clock time ``moment``."""
    if form == "year":
        return f"{moment.year}"
    if form == "quarter":
        return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"
    if form == "month":
        return f"{moment:%Y-%m}"
    if form == "week":
        iso = moment.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    if form == "minute":
        return f"{moment:%Y-%m-%dT%H:%M}"
    return f"{moment:%Y-%m-%d}"


def occurrences(schedule: str, zone: ZoneInfo, since: datetime, until: datetime) -> list[Occurrence]:
    """Return the occurrences of ``schedule`` at or after ``since`` and before ``until`` (aware datetimes).

    NOTE: two occurrences inside one period (FREQ=WEEKLY;BYDAY=MO,TH labelled by
    week) share a label, so one record satisfies both; give such rules a finer FREQ.
    """
    from dateutil.rrule import HOURLY, YEARLY, rrulestr

    local_since = since.astimezone(zone).replace(tzinfo=None)
    local_until = until.astimezone(zone).replace(tzinfo=None)
    text = KEYWORD_RULES.get(schedule, schedule)
    anchor = datetime(local_since.year - 1, 1, 1)
    rule = rrulestr(text, dtstart=anchor, ignoretz=True)
    if getattr(rule, "_freq", YEARLY) >= HOURLY:
        # An hourly rule counted from the start of last year would expand thousands
        # of occurrences before the period; two days back keeps the same hours.
        rule = rrulestr(text, dtstart=datetime(local_since.year, local_since.month, local_since.day) - timedelta(days=2), ignoretz=True)
    form = granularity(schedule)

    # One day of margin on each side: the naive bounds can be off by a UTC offset.
    moments = list(rule.between(local_since - timedelta(days=1), local_until + timedelta(days=1), inc=True))
    after_last = rule.after(moments[-1]) if moments else None

    found = []
    for index, moment in enumerate(moments):
        at = moment.replace(tzinfo=zone)
        if not since <= at < until:
            continue
        following = moments[index + 1] if index + 1 < len(moments) else after_last
        next_at = following.replace(tzinfo=zone) if following is not None else at + timedelta(days=366)
        found.append(Occurrence(at, period_label(moment, form), next_at))
    return found


def period_matches_form(period: str, form: str) -> bool:
    """Return True when ``period`` is written in the form ``form`` (``2026-10`` for month)."""
    patterns = {
        "year": r"\d{4}",
        "quarter": r"\d{4}-Q[1-4]",
        "month": r"\d{4}-(0[1-9]|1[0-2])",
        "week": r"\d{4}-W(0[1-9]|[1-4]\d|5[0-3])",
        "day": r"\d{4}-\d{2}-\d{2}",
        "minute": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}",
    }
    return re.fullmatch(patterns[form], period) is not None
