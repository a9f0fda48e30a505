"""Durations as plan authors write them: ``30m``, ``2h``, ``5d``, ``1w`` or ISO 8601 (``PT30M``)."""

from __future__ import annotations

import re
from datetime import timedelta

_SHORT = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_SHORT_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}

# ISO 8601 durations without years and months: those have no fixed length, so a
# timing rule written with them could not be checked against a timestamp.
_ISO = re.compile(
    r"^P(?!$)(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)

DURATION_PATTERN = r"^(\d+\s*[smhdw]|P(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?)$"
DURATION_HELP = "a duration such as 30m, 2h, 5d, 1w or ISO 8601 PT30M, P5D"


def parse_duration(text: str) -> timedelta:
    """Parse a short (``30m``) or ISO 8601 (``PT30M``) duration.

    Raises ValueError naming the value and the accepted forms. ISO 8601 years
    and months are rejected because their length depends on the calendar.
    """
    match = _SHORT.match(text)
    if match:
        amount, unit = match.groups()
        return timedelta(**{_SHORT_UNITS[unit]: int(amount)})

    match = _ISO.match(text.strip().upper())
    if match and any(match.groupdict().values()):
        parts = {key: float(value) for key, value in match.groupdict().items() if value}
        return timedelta(**parts)

    date_part = text.strip().upper().split("T")[0]
    if date_part.startswith("P") and ("Y" in date_part or "M" in date_part):
        raise ValueError(
            f"invalid duration {text!r}: years and months have no fixed length; "
            "write days or weeks instead, for example P30D or 4w"
        )
    raise ValueError(f"invalid duration {text!r}: expected {DURATION_HELP}")


def format_duration(value: timedelta) -> str:
    """Format a duration in the largest short unit that divides it exactly (``90m``, ``2h``, ``5d``)."""
    seconds = int(value.total_seconds())
    if seconds == 0:
        return "0m"
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def format_delay(value: timedelta) -> str:
    """Format a measured delay for people: ``1h 05m``, ``2d 3h``, ``45s``."""
    total = int(abs(value.total_seconds()))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m" if not seconds else f"{minutes}m {seconds:02d}s"
    return f"{seconds}s"
