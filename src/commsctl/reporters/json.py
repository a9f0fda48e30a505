"""Findings as one JSON document, for scripts and other tools."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from commsctl import __version__
from commsctl.findings import Finding, count_by_severity


def write_json(findings: list[Finding], file_count: int, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    document = {
        "tool": {"name": "commsctl", "version": __version__},
        "summary": {**count_by_severity(findings), "files": file_count},
        "findings": [finding.to_dict() for finding in findings],
    }
    json.dump(document, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def write(report, stream: TextIO, *, quiet: bool = False) -> None:
    write_json(report.findings, report.file_count, stream)
