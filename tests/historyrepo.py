"""Build small real Git repositories for history and audit pack tests."""

from __future__ import annotations

from pathlib import Path

from conftest import git

START = 1_767_225_600  # 2026-01-01T00:00:00Z


class RepoBuilder:
    """Make commits with fixed dates (one hour apart) so that results are reproducible."""

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self.clock = START

    def env(self, author: str = "Alice Author <alice@example.com>", committer: str | None = None) -> dict:
        self.clock += 3600
        stamp = f"@{self.clock} +0100"
        name, email = author.rstrip(">").split(" <")
        committer_name, committer_email = (committer or author).rstrip(">").split(" <")
        return {
            "GIT_AUTHOR_NAME": name,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": committer_name,
            "GIT_COMMITTER_EMAIL": committer_email,
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
        }

    def write(self, files: dict[str, str | None]) -> None:
        for relpath, content in files.items():
            target = self.repo / relpath
            if content is None:
                git(self.repo, "rm", "-q", relpath)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
            git(self.repo, "add", relpath)

    def commit(self, message: str, files: dict[str, str | None] | None = None, **identity) -> str:
        self.write(files or {})
        git(self.repo, "commit", "-q", "--allow-empty", "-m", message, env=self.env(**identity))
        return self.head()

    def head(self) -> str:
        return git(self.repo, "rev-parse", "HEAD").strip()

    def branch(self, name: str, start: str = "main") -> None:
        git(self.repo, "checkout", "-q", "-b", name, start)

    def checkout(self, name: str) -> None:
        git(self.repo, "checkout", "-q", name)

    def merge(self, branch: str, message: str, **identity) -> str:
        git(self.repo, "merge", "-q", "--no-ff", branch, "-m", message, env=self.env(**identity))
        return self.head()

    def pull_request(self, branch: str, message: str, files: dict[str, str | None], merge_message: str, **identity):
        """Commit ``files`` on a new branch off main and merge it with ``--no-ff``; return (tip, merge)."""
        self.branch(branch)
        tip = self.commit(message, files, **identity)
        self.checkout("main")
        return tip, self.merge(branch, merge_message, author="Merger Bot <merger@example.com>")


def run_commsctl(*args, cwd: Path | None = None):
    """Run the installed entry point in a new process, as a user would; return the CompletedProcess."""
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "commsctl", *map(str, args)], cwd=cwd, capture_output=True, text=True, check=False
    )
