"""Did-you-mean suggestions for misspelt ids, keys and rule names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(value: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate most like ``value``, or None when none is close (difflib ratio below 0.6)."""
    matches = difflib.get_close_matches(value, sorted(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None
