"""Every rule, broken on purpose: each case in tests/cases/ edits the starter plan and lists the exact findings.

A case file has:
  description: what the case breaks
  replace: {relpath: [[old, new], ...]}   text replacements in starter files (old must occur)
  files: {relpath: content}                files to add or overwrite
  raw_files: {relpath: text}               files written as Latin-1 bytes ("\xff" is the byte 0xff)
  directories: [relpath, ...]              directories to create where a file is expected
  delete: [relpath, ...]                   files to remove
  expect: ["relpath:line:col: severity rule", ...]   the complete set of findings
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from commsctl.rules import RULES

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))


def apply_case(plan: Path, case: dict) -> None:
    for relpath, replacements in (case.get("replace") or {}).items():
        target = plan / relpath
        text = target.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"{relpath} does not contain {old!r}"
            text = text.replace(old, new, 1)
        target.write_text(text, encoding="utf-8")
    for relpath, content in (case.get("files") or {}).items():
        target = plan / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    for relpath, content in (case.get("raw_files") or {}).items():
        (plan / relpath).write_bytes(content.encode("latin-1"))
    for relpath in case.get("directories") or []:
        (plan / relpath).mkdir(parents=True)
    for relpath in case.get("delete") or []:
        (plan / relpath).unlink()


@pytest.mark.parametrize("case_path", CASES, ids=[path.stem for path in CASES])
def test_rule_case(case_path: Path, starter_plan: Path, cli, monkeypatch):
    case = yaml.safe_load(case_path.read_text(encoding="utf-8"))
    apply_case(starter_plan, case)
    monkeypatch.chdir(starter_plan)

    result = cli("validate", ".", "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    got = sorted(f"{f['path']}:{f['line']}:{f['column']}: {f['severity']} {f['rule']}" for f in findings)

    assert got == sorted(case["expect"])
    has_error = any(f["severity"] == "error" for f in findings)
    assert result.exit_code == (1 if has_error else 0)


def test_every_rule_has_a_case():
    covered = set()
    for case_path in CASES:
        case = yaml.safe_load(case_path.read_text(encoding="utf-8"))
        covered.update(line.rsplit(" ", 1)[1] for line in case["expect"])
    missing = sorted(set(RULES) - covered)
    assert not missing, f"rules without a breaking case in tests/cases/: {missing}"
