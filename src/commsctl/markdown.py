"""Escaping for Markdown that shows plan text literally: pull request comments and the audit pack's index.md."""

from __future__ import annotations

import re

# Characters that Markdown (CommonMark and GitHub's extensions) may read as markup inside a line.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#|~!&])")


def escape_markdown(text: str) -> str:
    """Return ``text`` with a backslash before every character Markdown could read as markup.

    Links, images, emphasis, code spans, raw HTML and entities then show as
    the characters they were written with.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code(text: str) -> str:
    """Return ``text`` as an inline code span, which shows every character literally."""
    fence = "``" if "`" in text else "`"
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"
