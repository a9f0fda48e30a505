from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commsctl.durations import format_delay, format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", timedelta(minutes=30)),
        ("2h", timedelta(hours=2)),
        ("5d", timedelta(days=5)),
        ("1w", timedelta(weeks=1)),
        ("45s", timedelta(seconds=45)),
        ("PT30M", timedelta(minutes=30)),
        ("P5D", timedelta(days=5)),
        ("P1DT2H", timedelta(days=1, hours=2)),
        ("PT1.5S", timedelta(seconds=1.5)),
        ("pt2h", timedelta(hours=2)),
    ],
)
def test_parse_duration(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "30", "m30", "P", "PT", "1 hour", "-5m", "P1DT"])
def test_invalid_durations(text):
    with pytest.raises(ValueError, match="invalid duration"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["P1M", "P1Y", "P1Y2M3D"])
def test_months_and_years_rejected_with_reason(text):
    with pytest.raises(ValueError, match="no fixed length"):
        parse_duration(text)


@given(st.integers(min_value=1, max_value=10**7))
def test_format_then_parse_round_trips(seconds):
    value = timedelta(seconds=seconds)
    assert parse_duration(format_duration(value)) == value


def test_format_delay():
    assert format_delay(timedelta(minutes=65)) == "1h 05m"
    assert format_delay(timedelta(days=2, hours=3)) == "2d 3h"
    assert format_delay(timedelta(seconds=45)) == "45s"
