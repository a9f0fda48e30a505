"""Findings as GitHub Actions workflow commands, which the runner shows as annotations.

Each finding becomes one line,
``::error file=PATH,line=L,col=C,title=RULE::MESSAGE`` (``::warning`` for
warnings). GitHub's runner decodes ``%25``, ``%0D`` and ``%0A`` in the message,
and additionally ``%3A`` and ``%2C`` in property values, where ``:`` and ``,``
would otherwise end the value (actions/toolkit, ``command.ts``).
"""

from __future__ import annotations

from typing import TextIO

from commsctl.findings import Finding


def escape_data(value: str) -> str:
    """Escape a workflow command's message."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command's property value (file, title)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    properties = ",".join(
        [
            f"file={escape_property(finding.path)}",
            f"line={finding.line}",
            f"col={finding.column}",
            f"title={escape_property(finding.rule)}",
        ]
    )
    return f"::{finding.severity.value} {properties}::{escape_data(finding.message)}"


def write(report, stream: TextIO, *, quiet: bool = False) -> None:
    for finding in report.findings:
        stream.write(annotation(finding) + "\n")
