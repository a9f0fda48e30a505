"""Counted nouns for summary lines: "1 change", "2 changes"."""

from __future__ import annotations


def count_noun(count: int, singular: str, plural: str | None = None) -> str:
    """Return ``count`` with the singular or plural noun; the plural defaults to ``singular + "s"``."""
    noun = singular if count == 1 else (plural or f"{singular}s")
    return f"{count} {noun}"
