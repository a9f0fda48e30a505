"""Reporters write findings in one format each. Machine formats never pass through rich.

``REPORTERS`` maps each ``validate --format`` name to the module that writes it;
modules are imported on use, so a run pays only for the format it prints.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from commsctl.findings import Finding

# Format name -> module under commsctl.reporters with a ``write(report, stream, *, quiet)`` function.
REPORTERS: dict[str, str] = {
    "text": "commsctl.reporters.text",
    "json": "commsctl.reporters.json",
    "sarif": "commsctl.reporters.sarif",
    "junit": "commsctl.reporters.junit",
    "github": "commsctl.reporters.github",
}


@dataclass
class Report:
    """Input of every reporter: the findings, and the plan files checked.

    ``files`` also lists files that could not be read (each is a JUnit test
    case), while ``file_count`` counts the files read, as the summary line does.
    """

    findings: list[Finding]
    files: list[str] = field(default_factory=list)
    read_count: int | None = None

    @property
    def file_count(self) -> int:
        return len(self.files) if self.read_count is None else self.read_count


Writer = Callable[..., None]


def get_reporter(name: str) -> Writer:
    """Return the ``write`` function of the reporter called ``name``; raise KeyError for an unknown name."""
    return importlib.import_module(REPORTERS[name]).write
