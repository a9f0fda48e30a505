"""``--since`` and ``--until`` values: a date or an ISO 8601 timestamp, always compared as aware times."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from commsctl.errors import UserError


def parse_bound(value: str, option: str) -> datetime:
    """Parse a date (00:00 UTC that day) or an ISO 8601 timestamp (UTC when it names no offset)."""
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), tzinfo=timezone.utc)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise UserError(
            f"invalid {option} value {value!r}: write a date such as 2026-01-31 or a timestamp such as "
            "2026-01-31T09:00:00+01:00"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
