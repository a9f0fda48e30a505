"""Error messages of the Git-backed commands for a missing path, a bare repository and a repository without commits."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import git
from historyrepo import run_commsctl

COMMANDS = {
    "diff": ("diff", "--plan", "."),
    "history": ("history", "."),
    "audit-pack": ("audit-pack", ".", "--out", "../pack"),
}


@pytest.mark.parametrize("command", COMMANDS)
def test_bare_repository_named(tmp_path: Path, command: str):
    bare = tmp_path / "plan.git"
    bare.mkdir()
    git(bare, "init", "-q", "--bare")

    result = run_commsctl(*COMMANDS[command], cwd=bare)

    assert result.returncode == 2
    assert "is in a bare repository" in result.stderr
    assert "run commsctl in a clone with a working tree" in result.stderr
    assert "not inside a Git repository" not in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_repository_without_commits_named(git_repo: Path, command: str):
    result = run_commsctl(*COMMANDS[command], cwd=git_repo)

    assert result.returncode == 2
    assert "has no commits yet" in result.stderr
    assert "'git add' then 'git commit'" in result.stderr
    assert "unknown revision" not in result.stderr


def test_unknown_revision_after_first_commit(git_repo: Path):
    git(git_repo, "commit", "-q", "--allow-empty", "-m", "Start")

    result = run_commsctl("history", ".", "--rev", "no-such-branch", cwd=git_repo)

    assert result.returncode == 2
    assert "unknown revision 'no-such-branch'" in result.stderr


def test_diff_missing_plan_directory_named(git_repo: Path):
    git(git_repo, "commit", "-q", "--allow-empty", "-m", "Start")

    result = run_commsctl("diff", "--plan", "nonexistent", cwd=git_repo)

    assert result.returncode == 2
    assert "path 'nonexistent' not found" in result.stderr
    assert "not inside a Git repository" not in result.stderr
