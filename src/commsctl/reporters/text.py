"""Human-readable findings: one ``path:line:col: severity rule message`` line each, then a summary.

On a terminal, and unless NO_COLOR is set, rich colours the severity. Otherwise
the output is plain text, so that CI logs and editors' problem matchers can parse it.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from commsctl.findings import Finding, count_by_severity


def use_colour(stream: TextIO) -> bool:
    if "NO_COLOR" in os.environ:
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def summary_line(findings: list[Finding], file_count: int) -> str:
    counts = count_by_severity(findings)
    errors, warnings = counts["error"], counts["warning"]
    files = f"{file_count} file{'s' if file_count != 1 else ''}"
    if not findings:
        return f"No findings in {files}."
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''} in {files}."


def write_text(findings: list[Finding], file_count: int, stream: TextIO | None = None, *, quiet: bool = False) -> None:
    stream = stream or sys.stdout
    if use_colour(stream):
        _write_rich(findings, file_count, stream, quiet=quiet)
        return
    for finding in findings:
        stream.write(finding.format_line() + "\n")
    if not quiet:
        stream.write(summary_line(findings, file_count) + "\n")


def _write_rich(findings: list[Finding], file_count: int, stream: TextIO, *, quiet: bool) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    styles = {"error": "bold red", "warning": "yellow"}
    for finding in findings:
        line = Text()
        line.append(f"{finding.path}:{finding.line}:{finding.column}:", style="bold")
        line.append(" ")
        line.append(finding.severity.value, style=styles[finding.severity.value])
        line.append(" ")
        line.append(finding.rule, style="cyan")
        line.append(" ")
        line.append(finding.message)
        console.print(line)
    if not quiet:
        failed = any(finding.severity.value == "error" for finding in findings)
        if failed:
            style = "bold red"
        elif findings:
            style = "yellow"
        else:
            style = "bold green"
        console.print(Text(summary_line(findings, file_count), style=style))


def write(report, stream: TextIO, *, quiet: bool = False) -> None:
    write_text(report.findings, report.file_count, stream, quiet=quiet)
