"""The example CI configurations in examples/ci/: valid YAML, full history, and commands that exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "ci"


def scripts(document) -> list[str]:
    """Return every shell line of a workflow: GitHub 'run' values and GitLab 'script' items."""
    found = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "run" and isinstance(value, str):
                found.extend(value.splitlines())
            elif key in ("script", "before_script") and isinstance(value, list):
                found.extend(value)
            else:
                found.extend(scripts(value))
    elif isinstance(document, list):
        for item in document:
            found.extend(scripts(item))
    return found


def commsctl_calls(path: Path) -> list[list[str]]:
    calls = []
    for line in scripts(yaml.safe_load(path.read_text())):
        line = line.strip().removesuffix("\\")
        if line.startswith("#"):
            continue
        for command in re.split(r"\|\||&&|[;|>]", line):
            words = shlex.split(command.strip()) if command.strip() else []
            if words[:1] == ["commsctl"]:
                calls.append(words[1:])
    return calls


def test_github_workflow_fetches_full_history():
    document = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text())
    checkouts = [
        step for job in document["jobs"].values() for step in job["steps"] if step.get("uses", "").startswith("actions/checkout")
    ]
    assert checkouts
    assert all(step["with"]["fetch-depth"] == 0 for step in checkouts)


def test_gitlab_jobs_fetch_full_history():
    document = yaml.safe_load((EXAMPLES / "gitlab-ci.yml").read_text())
    assert document["variables"]["GIT_DEPTH"] == 0


def test_examples_use_validate_diff_check_and_audit_pack():
    for name in ("github-actions.yml", "gitlab-ci.yml"):
        commands = {call[0] for call in commsctl_calls(EXAMPLES / name)}
        assert {"validate", "diff", "check", "audit-pack"} <= commands, name


def test_validate_and_diff_options_exist(cli):
    for name in ("github-actions.yml", "gitlab-ci.yml"):
        for call in commsctl_calls(EXAMPLES / name):
            if call[0] not in ("validate", "diff"):
                continue
            options = [word for word in call if word.startswith("--")]
            help_text = cli(call[0], "--help").stdout
            for option in options:
                assert option in help_text, f"{name}: commsctl {call[0]} has no option {option}"


def test_github_workflow_posts_diff_comment():
    text = (EXAMPLES / "github-actions.yml").read_text()
    assert "gh pr comment" in text
    assert "--body-file plan-diff.md" in text
    assert "--format markdown" in text
