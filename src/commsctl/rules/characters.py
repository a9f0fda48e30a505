"""The rule on characters in plan text: control characters that terminals and mail readers act on."""

from __future__ import annotations

import re
from collections.abc import Iterator

from commsctl.findings import Severity
from commsctl.rules.registry import Hit, rule

# C0 controls except tab and newline, DEL, and the C1 controls (ESC starts terminal escape sequences).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@rule(
    "control-character",
    Severity.ERROR,
    "A control character in plan text is invisible in review, yet a terminal or mail reader may act on it, "
    "for example an escape sequence that rewrites the screen.",
)
def control_character(loaded) -> Iterator[Hit]:
    for relpath, document in sorted(loaded.documents.items()):
        if document.root is None:
            continue
        for node in _scalar_nodes(document.root):
            match = CONTROL_CHARACTERS.search(node.value)
            if match is None:
                continue
            yield Hit(
                None,
                (),
                f"{node.value!r} contains the control character U+{ord(match.group()):04X}: "
                "remove it, and write line breaks in a block scalar (|)",
                relpath=relpath,
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
            )


def _scalar_nodes(root) -> Iterator:
    """Yield every scalar node, keys included, without recursion (a plan file may nest deeply)."""
    import yaml

    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue  # an alias repeats a node that was already checked
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            yield node
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in reversed(node.value):
                stack.extend((value_node, key_node))
