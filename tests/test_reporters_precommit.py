"""The pre-commit hook of this repository, run with 'pre-commit try-repo' from a clean plan repository.

The hook environment is built from this checkout, which needs the package
index for the dependencies, so the first run takes some seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from commsctl.starter import write_starter_plan
from conftest import GIT_ENV, git

ROOT = Path(__file__).resolve().parent.parent


def test_hook_definition():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(hook for hook in hooks if hook["id"] == "commsctl-validate")
    assert hook["language"] == "python"
    assert hook["entry"] == "commsctl validate"
    assert hook["pass_filenames"] is False


def test_hook_files_pattern():
    import re

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    pattern = re.compile(next(hook for hook in hooks if hook["id"] == "commsctl-validate")["files"])
    for path in ("plan.yaml", "plan/communications/a.yaml", "plan/templates/a.md.j2", "x/channels.yml", ".github/CODEOWNERS"):
        assert pattern.search(path), path
    for path in ("README.md", "src/app.py"):
        assert not pattern.search(path), path


def pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    executable = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    # HOME stays as it is, so that pip builds the hook environment from its usual cache.
    identity = {key: value for key, value in GIT_ENV.items() if key != "HOME"}
    env = {**os.environ, **identity, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=600)


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="try-repo needs this project as a Git checkout")
@pytest.mark.skipif(
    shutil.which("pre-commit", path=str(Path(sys.executable).parent)) is None and shutil.which("pre-commit") is None,
    reason="pre-commit is not installed (it is in the 'test' extra)",
)
def test_try_repo_from_clean_repository(git_repo, tmp_path):
    """Build the hook from this checkout and run it on a plan with one error.

    One run only: try-repo clones into a new folder each time, so every run
    builds a new environment (about 30 seconds with a warm pip cache).
    """
    write_starter_plan(tmp_path / "plan")
    shutil.copytree(tmp_path / "plan", git_repo, dirs_exist_ok=True)
    notice = git_repo / "communications" / "maintenance-notice.yaml"
    notice.write_text(notice.read_text().replace("with_whom: [customers]", "with_whom: [customer]"))
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-qm", "Add the plan")

    result = pre_commit("try-repo", str(ROOT), "commsctl-validate", "--all-files", cwd=git_repo, home=tmp_path / "home")

    assert result.returncode == 1, result.stdout + result.stderr
    assert "commsctl validate" in result.stdout
    assert "Failed" in result.stdout
    assert "error unknown-audience unknown audience 'customer'" in result.stdout
    assert "1 error, 0 warnings in 9 files." in result.stdout
