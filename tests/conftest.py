"""Shared fixtures: starter plans in temporary folders, a CLI runner, and real Git repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commsctl.cli import app
from commsctl.starter import write_starter_plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PLAN = ROOT / "examples" / "plan"
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path, monkeypatch):
    """Keep each test's parse cache in its own temporary folder, never in the user's."""
    monkeypatch.setenv("COMMSCTL_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def starter_plan(tmp_path: Path) -> Path:
    """A fresh copy of the starter plan that 'commsctl init' writes (valid, no findings)."""
    plan = tmp_path / "plan"
    write_starter_plan(plan)
    return plan


@pytest.fixture
def example_plan(tmp_path: Path) -> Path:
    """A copy of examples/plan that a test may change."""
    plan = tmp_path / "example"
    shutil.copytree(EXAMPLE_PLAN, plan)
    return plan


class Cli:
    """Run commsctl in-process the way a user would, and keep stdout and stderr apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str | os.PathLike, input: str | None = None, env: dict | None = None):
        return self.runner.invoke(app, [str(arg) for arg in args], input=input, env=env, catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Test Committer",
    "GIT_COMMITTER_EMAIL": "committer@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


def git(repo: Path, *args: str, env: dict | None = None) -> str:
    """Run a real git command in ``repo`` with a fixed identity; return its standard output."""
    full_env = {**os.environ, **GIT_ENV, **(env or {})}
    completed = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env=full_env,
        check=True,
        capture_output=True,
        text=True,
    )
    return completed.stdout


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """An empty Git repository on branch main."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    return repo
