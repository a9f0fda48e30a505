"""Decide whether a change that reached the branch carries approval evidence.

Evidence is a recognised pull or merge request merge, an approval trailer
(``Reviewed-by``, ``Approved-by``, ``Acked-by``), or an approving review in a
reviews export. A change is flagged unapproved when it has none, when every
approver is one of its own authors (self-approval), or when every approving
review in the export was given before the pull request's last commit (stale
approval). It is also flagged when a platform's merge message is on a commit
that is not a merge, and when a reviews export lacks its squash-merged pull
request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from commsctl.history.gitlog import FileChange, LogRecord
from commsctl.history.people import Person, is_among, parse_person
from commsctl.history.pullrequests import PullRequest, recognise_pull_request

if TYPE_CHECKING:
    from commsctl.history.reviews import ExportedPullRequest

APPROVAL_TRAILERS = {"reviewed-by": "reviewed", "approved-by": "approved", "acked-by": "acked"}
CO_AUTHOR_TRAILER = "co-authored-by"


class Approval(NamedTuple):
    """One piece of approval evidence naming a person: a trailer or a review."""

    person: Person
    source: str  # "Reviewed-by", "Approved-by", "Acked-by" or "review"
    submitted_at: datetime | None = None

    def describe(self) -> str:
        if self.source == "review":
            when = f" at {self.submitted_at.isoformat()}" if self.submitted_at else ""
            return f"review approved by {self.person.display()}{when}"
        return f"{self.source}: {self.person.display()}"

    def to_dict(self) -> dict:
        data = {"source": self.source, **self.person.to_dict()}
        if self.submitted_at:
            data["submitted_at"] = self.submitted_at.isoformat()
        return data


@dataclass(slots=True)
class Change:
    """A commit on the first-parent line that touched the path, with its approval assessment."""

    commit: str
    parents: list[str]
    date: datetime  # committer date: when the change reached the branch
    author_date: datetime
    author: Person
    co_authors: list[Person]
    subject: str
    message: str
    files: list[FileChange]
    pull_request: PullRequest | None = None
    approvals: list[Approval] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    @property
    def approved(self) -> bool:
        return not self.problems

    def authors(self) -> list[Person]:
        return [self.author, *self.co_authors]

    def evidence(self) -> str:
        parts = [self.pull_request.describe()] if self.pull_request else []
        parts.extend(approval.describe() for approval in self.approvals)
        return "; ".join(parts)


def change_from_record(record: LogRecord) -> Change:
    """Build a Change from a log record, with its pull request and trailer approvals."""
    co_authors, approvals, problems = [], [], []
    for key, value in record.trailers:
        folded = key.casefold()
        if folded == CO_AUTHOR_TRAILER:
            co_authors.append(parse_person(value))
        elif folded in APPROVAL_TRAILERS:
            approvals.append(Approval(parse_person(value), folded.capitalize()))

    is_merge = len(record.parents) > 1
    pull_request = recognise_pull_request(record.message, is_merge)
    if pull_request is not None and pull_request.style == "merge" and not is_merge:
        # Anyone can write "Merge pull request #99 from ..." on an ordinary commit.
        problems.append(f"merge message on a commit that is not a merge: the message names {pull_request.describe()}")
        pull_request = None

    return Change(
        commit=record.commit,
        parents=record.parents,
        date=datetime.fromisoformat(record.committer_date),
        author_date=datetime.fromisoformat(record.author_date),
        author=Person(name=record.author_name, email=record.author_email),
        co_authors=co_authors,
        subject=record.message.split("\n", 1)[0],
        message=record.message,
        files=record.files,
        pull_request=pull_request,
        approvals=approvals,
        problems=problems,
    )


def assess(
    change: Change,
    exported: ExportedPullRequest | None,
    last_commit_date: datetime | None,
    *,
    has_export: bool = False,
) -> None:
    """Add review approvals from the export and record every reason the change counts as unapproved.

    ``exported`` is the pull request's entry in the reviews export (None when
    there is no export or no entry), and ``has_export`` is True when an export
    was given. ``last_commit_date`` is the committer date of the pull request's
    last commit, when known.
    """
    pull_request = change.pull_request
    if has_export and exported is None and pull_request is not None and pull_request.style == "squash":
        # A squash subject "Title (#N)" is only text, so it is not evidence
        # unless the export confirms that #N was merged.
        change.problems.append(f"pull request #{pull_request.number} not found in the reviews export")

    authors = change.authors()
    if exported is not None:
        if exported.author is not None:
            authors.append(exported.author.person())
        change.approvals.extend(
            Approval(review.author.person(), "review", review.submitted_at) for review in exported.approvals()
        )

    independent = [approval for approval in change.approvals if not is_among(approval.person, authors)]

    if not change.approvals:
        if change.pull_request is None and not change.problems:
            change.problems.append("no pull request merge, approval trailer or approving review")
        elif exported is not None:
            change.problems.append(f"{change.pull_request.describe()} has no approving review in the reviews export")
        return

    if not independent:
        names = ", ".join(sorted({approval.person.display() for approval in change.approvals}))
        change.problems.append(f"self-approval: the only approver ({names}) is an author of the change")
        return

    if last_commit_date is not None and all(
        approval.source == "review" and approval.submitted_at is not None and approval.submitted_at < last_commit_date
        for approval in independent
    ):
        change.problems.append(
            f"stale approval: every approving review predates the last commit of "
            f"{change.pull_request.describe() if change.pull_request else 'the pull request'} "
            f"({last_commit_date.isoformat()})"
        )
