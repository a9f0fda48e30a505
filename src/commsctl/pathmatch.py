"""Glob patterns for paths with ``/`` separators: ``*`` and ``?`` stay inside one segment, ``**`` crosses them.

Used by the ``lint.ignore`` setting and by CODEOWNERS matching, which add their
own anchoring rules on top.
"""

from __future__ import annotations

import re


def glob_to_regex(pattern: str, *, character_classes: bool = True) -> str:
    """Translate a glob into a regular expression body (no anchors).

    ``**/`` matches zero or more directories, a trailing ``/**`` everything
    inside a directory, ``*`` any run of characters except ``/``, ``?`` one
    such character, and ``[...]`` a character class unless
    ``character_classes`` is false. Other characters match themselves, and a
    backslash escapes the next character.
    """
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            parts.append(".*")
            index += 2
            continue
        if char == "*":
            parts.append("[^/]*")
        elif char == "?":
            parts.append("[^/]")
        elif char == "[" and character_classes:
            end = pattern.find("]", index + 2)
            if end == -1:
                parts.append(re.escape(char))
            else:
                body = pattern[index + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                parts.append(f"[{body.replace(chr(92), chr(92) * 2)}]")
                index = end
        elif char == "\\" and index + 1 < len(pattern):
            index += 1
            parts.append(re.escape(pattern[index]))
        else:
            parts.append(re.escape(char))
        index += 1
    return "".join(parts)


def ancestors_and_self(path: str) -> list[str]:
    """Return ``a``, ``a/b``, ``a/b/c`` for ``a/b/c``: the path and every directory above it."""
    segments = path.split("/")
    return ["/".join(segments[: count + 1]) for count in range(len(segments))]
