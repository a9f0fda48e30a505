"""The version history of a plan, or of any file or folder of a repository, with approval evidence.

``collect_history`` walks the first-parent line of a revision once with
``git log`` and assesses each change for approval evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from commsctl.collector import collector_paused
from commsctl.errors import UserError
from commsctl.history.approval import Change, assess, change_from_record
from commsctl.history.gitlog import check_git_version, iter_log

if TYPE_CHECKING:
    from commsctl.history.reviews import ExportedPullRequest

__all__ = ["Change", "HistoryResult", "collect_history", "history_of_repository"]


@dataclass
class HistoryResult:
    """The changes to ``path`` on the first-parent line of ``commit``, newest first."""

    path: str  # inside the repository, POSIX style, '' for the whole repository
    revision: str
    commit: str
    changes: list[Change]

    @property
    def unapproved(self) -> list[Change]:
        return [change for change in self.changes if not change.approved]


def check_not_shallow(repo) -> None:
    """Raise UserError (exit 2) in a shallow clone, whose history ends at a cut that looks like a first commit."""
    if repo.git.rev_parse("--is-shallow-repository").strip() == "true":
        raise UserError(
            "the repository is a shallow clone, so its history is incomplete: run 'git fetch --unshallow', "
            "or in CI check out with full history (for GitHub Actions, 'fetch-depth: 0' on actions/checkout)"
        )


def repository_path(repo, path: Path) -> str:
    """Return ``path`` relative to the repository's top, POSIX style ('' for the top itself)."""
    from commsctl.gitsource import plan_prefix

    return plan_prefix(repo, path)


def open_repository_for(path: Path):
    """Open the repository holding ``path``, which may no longer exist in the working tree."""
    from commsctl.gitsource import open_repository

    existing = path.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return open_repository(existing)


def collect_history(
    path: Path,
    *,
    rev: str = "HEAD",
    since: datetime | None = None,
    until: datetime | None = None,
    reviews: Path | None = None,
    on_commit: Callable[[], None] | None = None,
) -> HistoryResult:
    """Return the changes to ``path`` (a file or folder in a Git working tree) as of ``rev``."""
    repo = open_repository_for(path)
    return history_of_repository(
        repo, repository_path(repo, path), rev=rev, since=since, until=until, reviews=reviews, on_commit=on_commit
    )


def history_of_repository(
    repo,
    inside: str,
    *,
    rev: str = "HEAD",
    since: datetime | None = None,
    until: datetime | None = None,
    reviews: Path | None = None,
    on_commit: Callable[[], None] | None = None,
) -> HistoryResult:
    """Return the changes under ``inside`` (a repository path, '' for all) on ``rev``'s first-parent line."""
    from commsctl.gitsource import resolve_revision

    check_not_shallow(repo)
    check_git_version(repo)
    exported = None
    if reviews is not None:
        from commsctl.history.reviews import load_reviews  # pydantic is imported only when needed

        exported = load_reviews(reviews)
    commit = resolve_revision(repo, rev)

    pathspec = f":(top,literal){inside}" if inside else None
    changes = []
    # Pausing the collector saved roughly a third of the parsing time in
    # bench_history.py (an estimate from a few noisy runs).
    with collector_paused():
        for record in iter_log(repo, commit, pathspec, on_commit):
            change = change_from_record(record)
            if (since is None or change.date >= since) and (until is None or change.date <= until):
                changes.append(change)

    _assess_all(repo, changes, exported)
    return HistoryResult(path=inside, revision=rev, commit=commit, changes=changes)


def _assess_all(repo, changes: list[Change], export: dict[int, ExportedPullRequest] | None) -> None:
    exported = export or {}
    matched = {
        change.commit: exported.get(change.pull_request.number) if change.pull_request else None for change in changes
    }
    merged_tips = {
        change.parents[1]
        for change in changes
        if change.is_merge and matched[change.commit] is not None and matched[change.commit].reviews
    }
    tip_dates = committer_dates(repo, sorted(merged_tips))

    for change in changes:
        pull_request = matched[change.commit]
        last_commit = None
        if pull_request is not None:
            last_commit = tip_dates.get(change.parents[1]) if change.is_merge else pull_request.last_commit_date()
        assess(change, pull_request, last_commit, has_export=export is not None)


def committer_dates(repo, commits: list[str]) -> dict[str, datetime]:
    """Return the committer date of each commit, read by one ``git log --no-walk`` over all of them.

    The first-parent walk never visits a merge's second parent, the last commit
    of the merged pull request, so its date needs this second, short read. It
    runs only for merges that the reviews export has reviews for.
    """
    import tempfile

    if not commits:
        return {}
    with tempfile.TemporaryFile() as listing:
        listing.write("".join(f"{commit}\n" for commit in commits).encode())
        listing.seek(0)
        output = repo.git.log("--no-walk=unsorted", "--format=%H %cI", "--stdin", istream=listing)

    dates = {}
    for line in output.splitlines():
        commit, _, stamp = line.partition(" ")
        dates[commit] = datetime.fromisoformat(stamp)
    return dates

