"""The one record every check produces, and the counting that decides the exit code."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def rank(self) -> int:
        return 2 if self is Severity.ERROR else 1


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem at ``path:line:column`` (1-based), found by the rule ``rule``.

    ``path`` is the file as the user named it (the plan directory argument joined
    with the file's path inside the plan), so that editors and CI can open it.
    """

    path: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.message)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def format_line(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value} {self.rule} {self.message}"


def count_by_severity(findings: list[Finding]) -> dict[str, int]:
    counts = {severity.value: 0 for severity in Severity}
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts


def fails(findings: list[Finding], fail_on: Severity = Severity.ERROR) -> bool:
    """Return True when any finding is at or above ``fail_on``."""
    return any(finding.severity.rank >= fail_on.rank for finding in findings)
