"""Lint settings in plan.yaml and inline suppression comments."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import git

import pytest

NOTICE = "communications/maintenance-notice.yaml"


def findings(cli, plan: Path) -> list[dict]:
    result = cli("validate", "--format", "json", plan)
    return json.loads(result.stdout)["findings"]


def rules_of(cli, plan: Path) -> list[str]:
    return sorted(finding["rule"] for finding in findings(cli, plan))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def add_lint(plan: Path, body: str) -> None:
    with (plan / "plan.yaml").open("a") as handle:
        handle.write("lint:\n" + body)


@pytest.fixture
def faulty_plan(starter_plan: Path) -> Path:
    """The starter plan with an unknown audience (error) and an unused channel (warning)."""
    edit(starter_plan / NOTICE, "with_whom: [customers]", "with_whom: [customer]")
    with (starter_plan / "channels.yaml").open("a") as handle:
        handle.write("  - id: fax\n    name: Fax\n    kind: other\n")
    return starter_plan


def test_findings_without_settings(cli, faulty_plan):
    assert rules_of(cli, faulty_plan) == ["unknown-audience", "unused-channel"]


def test_rule_off_drops_its_findings(cli, faulty_plan):
    add_lint(faulty_plan, "  rules:\n    unused-channel: off\n")
    assert rules_of(cli, faulty_plan) == ["unknown-audience"]


def test_rule_severity_raised_to_error(cli, faulty_plan):
    add_lint(faulty_plan, "  rules:\n    unused-channel: error\n")
    severities = {finding["rule"]: finding["severity"] for finding in findings(cli, faulty_plan)}
    assert severities["unused-channel"] == "error"


def test_rule_severity_lowered_changes_exit_code(cli, faulty_plan):
    add_lint(faulty_plan, "  rules:\n    unknown-audience: warning\n")
    result = cli("validate", faulty_plan)
    assert result.exit_code == 0
    assert "warning unknown-audience" in result.stdout


def test_ignore_glob_drops_file_findings(cli, faulty_plan):
    add_lint(faulty_plan, "  ignore:\n    - communications/maintenance-*.yaml\n")
    assert rules_of(cli, faulty_plan) == ["unused-channel"]


def test_ignore_folder_covers_files_inside(cli, faulty_plan):
    add_lint(faulty_plan, "  ignore: [communications]\n")
    assert rules_of(cli, faulty_plan) == ["unused-channel"]


def test_ignore_double_star(cli, faulty_plan):
    add_lint(faulty_plan, "  ignore: ['**/*-notice.yaml']\n")
    assert rules_of(cli, faulty_plan) == ["unused-channel"]


def test_ignore_does_not_match_other_files(cli, faulty_plan):
    add_lint(faulty_plan, "  ignore: [communications/other.yaml]\n")
    assert rules_of(cli, faulty_plan) == ["unknown-audience", "unused-channel"]


def test_unknown_rule_in_settings_with_suggestion(cli, faulty_plan):
    add_lint(faulty_plan, "  rules:\n    unused-chanel: off\n")
    found = [finding for finding in findings(cli, faulty_plan) if finding["rule"] == "unknown-rule"]
    assert len(found) == 1
    assert "did you mean 'unused-channel'?" in found[0]["message"]
    assert found[0]["path"].endswith("plan.yaml")
    assert found[0]["severity"] == "warning"


def test_invalid_severity_is_schema_error(cli, faulty_plan):
    add_lint(faulty_plan, "  rules:\n    unused-channel: ignore\n")
    assert "invalid-value" in rules_of(cli, faulty_plan)


def test_unreadable_file_rules_cannot_be_configured(cli, starter_plan):
    add_lint(starter_plan, "  rules:\n    missing-file: off\n  ignore: [roles.yaml]\n")
    (starter_plan / "roles.yaml").unlink()
    result = findings(cli, starter_plan)
    rules = sorted(finding["rule"] for finding in result)
    assert "missing-file" in rules
    assert any(finding["rule"] == "invalid-value" and "cannot be configured" in finding["message"] for finding in result)


def test_syntax_error_in_plan_yaml_not_suppressible(cli, starter_plan):
    (starter_plan / "plan.yaml").write_text(
        "lint:\n  rules: {yaml-syntax: off}\nname: [unclosed  # commsctl: ignore[yaml-syntax]\n"
    )
    assert "yaml-syntax" in rules_of(cli, starter_plan)


def test_inline_suppression_silences_rule_on_line(cli, faulty_plan):
    edit(faulty_plan / NOTICE, "with_whom: [customer]", "with_whom: [customer]  # commsctl: ignore[unknown-audience]")
    assert rules_of(cli, faulty_plan) == ["unused-channel"]


def test_inline_suppression_several_names(cli, faulty_plan):
    edit(
        faulty_plan / "channels.yaml",
        "  - id: fax",
        "  - id: fax  # commsctl: ignore[unused-channel, duplicate-id]",
    )
    result = findings(cli, faulty_plan)
    rules = sorted(finding["rule"] for finding in result)
    unused = [finding for finding in result if finding["rule"] == "unused-suppression"]
    assert rules == ["unknown-audience", "unused-suppression"]
    assert "'duplicate-id'" in unused[0]["message"]
    assert unused[0]["severity"] == "warning"


def test_inline_suppression_only_on_its_line(cli, faulty_plan):
    edit(faulty_plan / NOTICE, "how: [email]", "how: [email]  # commsctl: ignore[unknown-audience]")
    rules = rules_of(cli, faulty_plan)
    assert "unknown-audience" in rules
    assert "unused-suppression" in rules


def test_inline_suppression_of_other_rule_keeps_finding(cli, faulty_plan):
    edit(faulty_plan / NOTICE, "with_whom: [customer]", "with_whom: [customer]  # commsctl: ignore[unknown-channel]")
    rules = rules_of(cli, faulty_plan)
    assert rules == ["unknown-audience", "unused-channel", "unused-suppression"]


def test_bare_suppression_is_a_finding(cli, faulty_plan):
    edit(faulty_plan / NOTICE, "with_whom: [customer]", "with_whom: [customer]  # commsctl: ignore")
    result = findings(cli, faulty_plan)
    rules = sorted(finding["rule"] for finding in result)
    assert rules == ["blanket-suppression", "unknown-audience", "unused-channel"]


def test_empty_brackets_are_blanket(cli, faulty_plan):
    edit(faulty_plan / NOTICE, "with_whom: [customer]", "with_whom: [customer]  # commsctl: ignore[]")
    assert "blanket-suppression" in rules_of(cli, faulty_plan)


def test_unknown_rule_in_comment(cli, faulty_plan):
    edit(faulty_plan / NOTICE, "with_whom: [customer]", "with_whom: [customer]  # commsctl: ignore[unknown-audiense]")
    result = findings(cli, faulty_plan)
    unknown = [finding for finding in result if finding["rule"] == "unknown-rule"]
    assert len(unknown) == 1
    assert "did you mean 'unknown-audience'?" in unknown[0]["message"]
    lines = (faulty_plan / NOTICE).read_text().splitlines()
    assert lines[unknown[0]["line"] - 1].startswith("with_whom: [customer]")
    assert "unknown-audience" in [finding["rule"] for finding in result]


def test_quoted_comment_text_ignored(cli, faulty_plan):
    edit(
        faulty_plan / NOTICE,
        "with_whom: [customer]",
        "with_whom: [customer]\ndescription: 'see # commsctl: ignore[unknown-audience]'",
    )
    assert rules_of(cli, faulty_plan) == ["unknown-audience", "unused-channel"]


def test_comment_inside_block_scalar_is_content(cli, faulty_plan):
    edit(
        faulty_plan / NOTICE,
        "with_whom: [customer]",
        "description: |\n  text # commsctl: ignore\nwith_whom: [customer]",
    )
    assert rules_of(cli, faulty_plan) == ["unknown-audience", "unused-channel"]


def test_unused_suppression_can_be_turned_off(cli, faulty_plan):
    edit(faulty_plan / NOTICE, "how: [email]", "how: [email]  # commsctl: ignore[unknown-audience]")
    add_lint(faulty_plan, "  rules:\n    unused-suppression: off\n")
    assert "unused-suppression" not in rules_of(cli, faulty_plan)


def test_suppression_for_disabled_rule_is_unused(cli, faulty_plan):
    edit(faulty_plan / NOTICE, "with_whom: [customer]", "with_whom: [customer]  # commsctl: ignore[unknown-audience]")
    add_lint(faulty_plan, "  rules:\n    unknown-audience: off\n")
    assert rules_of(cli, faulty_plan) == ["unused-channel", "unused-suppression"]


def test_suppressions_in_ignored_files_not_reported(cli, faulty_plan):
    edit(faulty_plan / NOTICE, "how: [email]", "how: [email]  # commsctl: ignore")
    add_lint(faulty_plan, "  ignore: [communications/]\n")
    assert rules_of(cli, faulty_plan) == ["unused-channel"]


def test_suppression_in_plan_yaml(cli, starter_plan):
    edit(starter_plan / "plan.yaml", "owner: sms-manager", "owner: sms-managr  # commsctl: ignore[unknown-role]")
    assert rules_of(cli, starter_plan) == []


def test_settings_in_git_revision(git_repo, starter_plan):
    from commsctl.gitsource import GitTreeSource, open_repository
    from commsctl.validate import validate_source
    import shutil

    plan = git_repo / "plan"
    shutil.copytree(starter_plan, plan)
    edit(plan / NOTICE, "with_whom: [customers]", "with_whom: [customer]  # commsctl: ignore[unknown-audience]")
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-qm", "plan")
    repo = open_repository(git_repo)
    source = GitTreeSource(repo, repo.head.commit.hexsha, "plan", "plan")
    assert validate_source(source).findings == []


def test_invalid_ignore_pattern_is_reported(cli, faulty_plan):
    add_lint(faulty_plan, "  ignore: ['communications/[z-a].yaml', channels.yaml]\n")
    result = findings(cli, faulty_plan)
    invalid = [finding for finding in result if finding["rule"] == "invalid-value"]
    assert len(invalid) == 1
    assert "invalid glob pattern 'communications/[z-a].yaml'" in invalid[0]["message"]
    assert "unused-channel" not in [finding["rule"] for finding in result]
