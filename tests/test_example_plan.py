"""The example plan is the product's showcase: it validates without findings and covers the key flows."""

from __future__ import annotations

import json

import pytest

from commsctl.validate import validate_directory
from conftest import EXAMPLE_PLAN


def test_example_plan_has_no_findings(cli):
    result = cli("validate", EXAMPLE_PLAN)
    assert result.exit_code == 0
    assert "No findings" in result.stdout


def test_example_plan_size_and_mix():
    loaded = validate_directory(EXAMPLE_PLAN).loaded
    types = [communication.type for communication in loaded.communications]
    assert len(types) >= 12
    assert "internal" in types
    assert "external" in types


def test_show_lists_every_communication(cli):
    result = cli("show", EXAMPLE_PLAN, "--format", "json")
    rows = json.loads(result.stdout)
    assert result.exit_code == 0
    assert len(rows) == len(list((EXAMPLE_PLAN / "communications").glob("*.yaml")))
    assert {"what", "when", "with_whom", "how", "owner", "approver"} <= set(rows[0])


def test_show_table_without_terminal(cli):
    result = cli("show", EXAMPLE_PLAN)
    assert result.exit_code == 0
    assert "With whom" in result.stdout
    assert "\x1b[" not in result.stdout


def test_init_writes_a_valid_plan(cli, tmp_path):
    result = cli("init", tmp_path / "new")
    assert result.exit_code == 0
    assert cli("validate", tmp_path / "new").exit_code == 0


def test_init_refuses_a_non_empty_directory(cli, tmp_path):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    result = cli("init", target)
    assert result.exit_code == 2
    assert "not empty" in result.stderr
    assert (target / "notes.txt").read_text() == "keep me"
    assert not (target / "plan.yaml").exists()


@pytest.mark.parametrize("name", ["[/] x", "Notice for [customer]", "[link=x]c[/link]", "[bold]x"])
def test_show_table_prints_names_literally(cli, starter_plan, name):
    path = starter_plan / "communications" / "maintenance-notice.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Planned maintenance notice", f"name: {json.dumps(name)}"), encoding="utf-8")

    result = cli("show", starter_plan)

    assert result.exit_code == 0, result.stderr
    assert name in result.stdout


def test_rule_table_prints_literally():
    import io

    from commsctl import explain

    stream = io.StringIO()
    explain._write_rich_table([{"id": "x", "severity": "error", "summary": "uses [/] and [customer]"}], stream)

    assert "uses [/] and [customer]" in stream.getvalue()
