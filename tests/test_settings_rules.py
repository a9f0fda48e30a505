"""commsctl rules: the rule table, explanations, and documentation of every registered rule."""

from __future__ import annotations

import json

import yaml

from commsctl.rules import RULES
from commsctl.rules.docs import DOCS


def test_every_rule_has_documentation():
    missing = sorted(set(RULES) - set(DOCS))
    assert not missing, (
        "rules without a failing and a fixed example in src/commsctl/rules/docs.py: " + ", ".join(missing)
    )


def test_documentation_names_only_registered_rules():
    stale = sorted(set(DOCS) - set(RULES))
    assert not stale, "examples in src/commsctl/rules/docs.py for rules that are not registered: " + ", ".join(stale)


def test_examples_differ_and_are_not_empty():
    incomplete = sorted(
        name for name, doc in DOCS.items() if not doc.failing.strip() or not doc.fixed.strip() or doc.failing == doc.fixed
    )
    assert not incomplete, "rules whose failing or fixed example is empty or unchanged: " + ", ".join(incomplete)


def test_yaml_examples_parse():
    # yaml-syntax shows broken YAML on purpose; the other examples of YAML files must parse.
    broken = []
    for name, doc in DOCS.items():
        if not doc.file.endswith(".yaml") or name == "yaml-syntax":
            continue
        try:
            yaml.safe_load(doc.failing)
            yaml.safe_load(doc.fixed)
        except yaml.YAMLError as error:
            broken.append(f"{name}: {error}")
    assert not broken, "\n".join(broken)


def test_rules_list_plain(cli):
    result = cli("rules")
    lines = result.stdout.splitlines()
    assert result.exit_code == 0
    assert len(lines) == len(RULES)
    assert any(line.split()[:2] == ["unknown-audience", "error"] for line in lines)
    assert any(line.split()[:2] == ["unused-channel", "warning"] for line in lines)
    assert "\x1b[" not in result.stdout


def test_rules_list_json(cli):
    result = cli("rules", "--format", "json")
    entries = json.loads(result.stdout)
    by_id = {entry["id"]: entry for entry in entries}
    assert set(by_id) == set(RULES)
    assert by_id["unused-suppression"]["severity"] == "warning"
    assert by_id["unknown-audience"]["summary"] == RULES["unknown-audience"].summary
    assert by_id["unknown-audience"]["failing"] == DOCS["unknown-audience"].failing


def test_rules_list_table_on_terminal(monkeypatch):
    import io

    from commsctl.explain import write_rule_list

    stream = io.StringIO()
    write_rule_list(stream, as_json=False, use_table=True)
    assert "Rationale" in stream.getvalue()
    assert "unknown-audience" in stream.getvalue()


def test_rules_explain_one(cli):
    result = cli("rules", "unknown-audience")
    assert result.exit_code == 0
    assert result.stdout.startswith("unknown-audience (error)\n")
    assert "Failing example (communications/<id>.yaml):" in result.stdout
    assert "    with_whom: [customer]\n" in result.stdout
    assert "    with_whom: [customers]\n" in result.stdout
    assert "# commsctl: ignore[unknown-audience]" in result.stdout


def test_rules_explain_json(cli):
    entry = json.loads(cli("rules", "blanket-suppression", "--format", "json").stdout)
    assert entry["id"] == "blanket-suppression"
    assert "ignore[unknown-role]" in entry["fixed"]


def test_rules_unknown_name_suggests():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "commsctl", "rules", "unknown-audiense"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "did you mean 'unknown-audience'?" in result.stderr
