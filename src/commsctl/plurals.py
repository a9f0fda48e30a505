"""Counted nouns for messages: "1 change", "2 changes"."""

from __future__ import annotations


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """Return ``count`` and ``noun``, in the plural unless ``count`` is 1; ``plural_form`` defaults to noun + "s"."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {plural_form or noun + 's'}"
