"""CODEOWNERS matching as GitHub does it, owners_for, and the uncovered-by-codeowners rule."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from commsctl.codeowners import owners_for, parse_codeowners
from conftest import git

GITHUB_EXAMPLE = """\
# Order matters: the last matching pattern takes precedence.
*       @global-owner1 @global-owner2
*.js    @js-owner #This is an inline comment.
*.go docs@example.com
*.txt @octo-org/octocats
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
"""


@pytest.mark.parametrize(
    ("path", "owners"),
    [
        ("README.md", ["@global-owner1", "@global-owner2"]),
        ("src/app.js", ["@js-owner"]),
        ("main.go", ["docs@example.com"]),
        ("notes/a.txt", ["@octo-org/octocats"]),
        ("build/logs/today.log", ["@octocat"]),
        ("docs/getting-started.md", ["@doctocat"]),
        ("scripts/run.sh", ["@doctocat", "@octocat"]),
        ("deep/down/logs/x.md", ["@octocat"]),
        ("apps/web/index.html", ["@octocat"]),
        ("apps/github/index.html", []),
        ("apps/github", []),
    ],
)
def test_github_documentation_example(path, owners):
    assert parse_codeowners(GITHUB_EXAMPLE).owners_of(path) == owners


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("docs/*", "docs/a.md", True),
        ("docs/*", "docs/sub/b.md", False),
        ("docs/*", "x/docs/a.md", False),
        ("apps/", "apps/a", True),
        ("apps/", "x/apps/a", True),
        ("apps/", "apps", False),
        ("/apps/", "x/apps/a", False),
        ("*.yaml", "plan/channels.yaml", True),
        ("/plan/*.yaml", "plan/communications/a.yaml", False),
        ("plan/**/*.yaml", "plan/communications/a.yaml", True),
        ("plan/**/*.yaml", "plan/a.yaml", True),
        ("plan/templates", "plan/templates/a.md.j2", True),
        ("plan/templates", "other/plan/templates/a.md.j2", False),
        ("templates", "plan/templates/a.md.j2", True),
        ("/plan/channels.yaml", "plan/channels.yaml", True),
        ("plan/channel?.yaml", "plan/channels.yaml", True),
        ("docs/**", "docs/a/b/c.md", True),
        ("*", "any/deep/file", True),
    ],
)
def test_pattern_matching(pattern, path, expected):
    codeowners = parse_codeowners(f"{pattern} @team\n")
    assert codeowners.is_covered(path) is expected


def test_last_match_wins():
    codeowners = parse_codeowners("plan/ @a\nplan/templates/ @b\n")
    assert codeowners.owners_of("plan/templates/x.md.j2") == ["@b"]
    assert codeowners.owners_of("plan/plan.yaml") == ["@a"]


def test_pattern_without_owners_unowns():
    codeowners = parse_codeowners("* @all\n/plan/drafts/\n")
    assert codeowners.owners_of("plan/drafts/a.yaml") == []
    assert codeowners.owners_of("plan/a.yaml") == ["@all"]


def test_escaped_space_and_comment():
    codeowners = parse_codeowners("my\\ file.md @b # comment\n")
    assert codeowners.owners_of("my file.md") == ["@b"]


def test_brackets_and_negation_are_literal():
    codeowners = parse_codeowners("* @all\n[ab].md @brackets\n!keep.md @negated\n")
    assert codeowners.owners_of("a.md") == ["@all"]
    assert codeowners.owners_of("[ab].md") == ["@brackets"]
    assert codeowners.owners_of("keep.md") == ["@all"]


def test_owners_for_reads_github_location_first(tmp_path):
    (tmp_path / ".github").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / ".github" / "CODEOWNERS").write_text("* @from-github-dir\n")
    (tmp_path / "CODEOWNERS").write_text("* @from-root\n")
    (tmp_path / "docs" / "CODEOWNERS").write_text("* @from-docs\n")
    assert owners_for(tmp_path, "plan/plan.yaml") == ["@from-github-dir"]
    (tmp_path / ".github" / "CODEOWNERS").unlink()
    assert owners_for(tmp_path, "plan/plan.yaml") == ["@from-root"]
    (tmp_path / "CODEOWNERS").unlink()
    assert owners_for(tmp_path, "plan/plan.yaml") == ["@from-docs"]


def test_owners_for_absolute_path(tmp_path):
    (tmp_path / "CODEOWNERS").write_text("/plan/ @team\n")
    assert owners_for(tmp_path, tmp_path / "plan" / "roles.yaml") == ["@team"]


def test_owners_for_without_codeowners(tmp_path):
    assert owners_for(tmp_path, "plan/plan.yaml") == []


# --- the rule -------------------------------------------------------------------


@pytest.fixture
def repo_with_plan(git_repo: Path, starter_plan: Path) -> Path:
    shutil.copytree(starter_plan, git_repo / "plan")
    return git_repo


def uncovered(cli, plan: Path) -> list[dict]:
    result = cli("validate", "--format", "json", plan)
    return [finding for finding in json.loads(result.stdout)["findings"] if finding["rule"] == "uncovered-by-codeowners"]


def test_no_codeowners_no_findings(cli, repo_with_plan):
    assert uncovered(cli, repo_with_plan / "plan") == []


def test_uncovered_files_reported(cli, repo_with_plan):
    (repo_with_plan / "CODEOWNERS").write_text("/plan/communications/ @ops\n")
    found = uncovered(cli, repo_with_plan / "plan")
    messages = " ".join(finding["message"] for finding in found)
    paths = sorted(finding["path"].rsplit("/", 2)[-1] for finding in found)

    assert all(finding["severity"] == "warning" for finding in found)
    assert "plan/channels.yaml has no code owner in CODEOWNERS" in messages
    assert "plan/distribution-lists.yaml" in messages
    assert "plan/templates/maintenance-notice.md.j2" in messages
    assert "plan/templates/major-incident-update.md.j2" in messages
    assert paths.count("channels.yaml") == 1


def test_internal_templates_not_reported(cli, repo_with_plan):
    (repo_with_plan / "CODEOWNERS").write_text("/plan/communications/ @ops\n")
    internal = [
        path.stem
        for path in (repo_with_plan / "plan" / "communications").glob("*.yaml")
        if "type: internal" in path.read_text()
    ]
    messages = " ".join(finding["message"] for finding in uncovered(cli, repo_with_plan / "plan"))
    assert internal
    for name in internal:
        assert f"templates/{name}.md.j2" not in messages


def test_covered_plan_is_clean(cli, repo_with_plan):
    (repo_with_plan / ".github").mkdir()
    (repo_with_plan / ".github" / "CODEOWNERS").write_text("/plan/ @ops\n")
    assert uncovered(cli, repo_with_plan / "plan") == []


def test_unowning_pattern_uncovers(cli, repo_with_plan):
    (repo_with_plan / "CODEOWNERS").write_text("/plan/ @ops\n/plan/channels.yaml\n")
    found = uncovered(cli, repo_with_plan / "plan")
    assert [finding["path"].rsplit("/", 1)[-1] for finding in found] == ["channels.yaml"]


def test_rule_at_git_revision(repo_with_plan):
    from commsctl.gitsource import GitTreeSource, open_repository
    from commsctl.validate import validate_source

    (repo_with_plan / "docs").mkdir()
    (repo_with_plan / "docs" / "CODEOWNERS").write_text("/plan/templates/ @comms\n")
    git(repo_with_plan, "add", "-A")
    git(repo_with_plan, "commit", "-qm", "plan")
    (repo_with_plan / "docs" / "CODEOWNERS").write_text("* @everyone\n")

    repo = open_repository(repo_with_plan)
    source = GitTreeSource(repo, repo.head.commit.hexsha, "plan", "plan")
    rules = [finding.path for finding in validate_source(source).findings if finding.rule == "uncovered-by-codeowners"]
    assert rules == ["plan/channels.yaml", "plan/distribution-lists.yaml"]


def test_rule_can_be_turned_off(cli, repo_with_plan):
    (repo_with_plan / "CODEOWNERS").write_text("/nothing/ @ops\n")
    with (repo_with_plan / "plan" / "plan.yaml").open("a") as handle:
        handle.write("lint:\n  rules:\n    uncovered-by-codeowners: off\n")
    assert uncovered(cli, repo_with_plan / "plan") == []


def test_reversed_range_is_literal():
    codeowners = parse_codeowners("* @all\n[z-a].md @literal\n")
    assert codeowners.owners_of("a.md") == ["@all"]
    assert codeowners.owners_of("[z-a].md") == ["@literal"]
