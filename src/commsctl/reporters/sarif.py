"""Findings as SARIF 2.1.0, the format of GitHub code scanning and most static analysis dashboards.

Every registered rule is listed in ``tool.driver.rules`` with its summary and
default level, and each result points at its rule by id and index. Artifact URIs
are relative to the current directory (the repository root in CI) with forward
slashes, which is how code scanning matches them to files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePath
from typing import TextIO
from urllib.parse import quote

from commsctl import __version__

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"


def artifact_uri(path: str, cwd: Path | None = None) -> str:
    """Return ``path`` as a URI reference relative to ``cwd``, or a file URI when it lies outside."""
    pure = PurePath(path)
    if pure.is_absolute():
        base = (cwd or Path.cwd()).resolve()
        try:
            pure = Path(path).resolve().relative_to(base)
        except ValueError:
            return Path(path).resolve().as_uri()
    relative = os.path.normpath(str(pure)).replace(os.sep, "/")
    return quote(relative, safe="/")


def sarif_document(report, cwd: Path | None = None) -> dict:
    from commsctl.rules import RULES

    names = list(RULES)
    index = {name: position for position, name in enumerate(names)}
    rules = [
        {
            "id": entry.name,
            "name": entry.name,
            "shortDescription": {"text": entry.summary},
            "defaultConfiguration": {"level": entry.severity.value},
            "help": {"text": f"Run 'commsctl rules {entry.name}' for a failing and a fixed example."},
        }
        for entry in RULES.values()
    ]

    results = []
    for finding in report.findings:
        result = {
            "ruleId": finding.rule,
            "level": finding.severity.value,
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(finding.path, cwd)},
                        "region": {"startLine": finding.line, "startColumn": finding.column},
                    }
                }
            ],
        }
        if finding.rule in index:
            result["ruleIndex"] = index[finding.rule]
        results.append(result)

    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": {"name": "commsctl", "version": __version__, "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def write(report, stream: TextIO, *, quiet: bool = False) -> None:
    json.dump(sarif_document(report), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
