"""An offline export of merged pull requests with their reviews, as ``gh pr list --json`` writes it.

Expected shape (extra keys are ignored, so the whole ``gh`` output can be used)::

    gh pr list --state merged --limit 1000 \\
        --json number,title,author,mergedAt,mergedBy,reviews,commits > reviews.json

``commits`` is optional: with it, a squash-merged pull request can be checked
for stale approval too, because its last commit is not on the branch.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from commsctl.errors import UserError
from commsctl.history.people import Person


class ExportModel(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Actor(ExportModel):
    login: str
    name: str | None = None

    def person(self) -> Person:
        return Person(name=self.name or "", login=self.login)


class Review(ExportModel):
    author: Actor | None = None
    state: Literal["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"]
    submitted_at: AwareDatetime | None = Field(default=None, alias="submittedAt")


class ExportedCommit(ExportModel):
    oid: str | None = None
    committed_date: AwareDatetime | None = Field(default=None, alias="committedDate")


class ExportedPullRequest(ExportModel):
    number: int = Field(gt=0)
    title: str | None = None
    author: Actor | None = None
    merged_at: AwareDatetime | None = Field(default=None, alias="mergedAt")
    merged_by: Actor | None = Field(default=None, alias="mergedBy")
    reviews: list[Review] = Field(default_factory=list)
    commits: list[ExportedCommit] | None = None

    def approvals(self) -> list[Review]:
        """Return each reviewer's standing approval, as the platform counts it.

        A reviewer's latest APPROVED or CHANGES_REQUESTED review is their
        verdict, a DISMISSED review withdraws it, and COMMENTED leaves it as it was.
        """
        verdicts: dict[str, Review | None] = {}
        ordered = sorted(self.reviews, key=lambda review: review.submitted_at.timestamp() if review.submitted_at else 0.0)
        for review in ordered:
            if review.author is None:
                continue
            login = review.author.login.casefold()
            if review.state in ("APPROVED", "CHANGES_REQUESTED"):
                verdicts[login] = review
            elif review.state == "DISMISSED":
                verdicts[login] = None
        return [review for review in verdicts.values() if review is not None and review.state == "APPROVED"]

    def last_commit_date(self) -> datetime | None:
        dates = [commit.committed_date for commit in self.commits or [] if commit.committed_date]
        return max(dates) if dates else None


EXPORT = TypeAdapter(list[ExportedPullRequest])


def json_path(location: tuple) -> str:
    """Return a pydantic error location as a JSON path, e.g. ``$[3].reviews[0].submittedAt``."""
    path = "$"
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def load_reviews(path: Path) -> dict[int, ExportedPullRequest]:
    """Read and validate a reviews export; return the pull requests by number.

    Raise UserError naming the file and the JSON path of the first problems.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UserError(f"cannot read reviews export {str(path)!r}: {error.strerror or error}") from None
    try:
        pull_requests = EXPORT.validate_json(data)
    except ValidationError as error:
        problems = []
        for item in error.errors()[:5]:
            if item["type"] == "json_invalid":
                problems.append(f"invalid JSON: {item['msg']}")
            else:
                problems.append(f"{json_path(item['loc'])}: {item['msg']}")
        more = f" (and {error.error_count() - 5} more)" if error.error_count() > 5 else ""
        raise UserError(
            f"{path}: invalid reviews export: {'; '.join(problems)}{more}. Expected the JSON array written by "
            "'gh pr list --state merged --json number,title,author,mergedAt,mergedBy,reviews'"
        ) from None
    return {pull_request.number: pull_request for pull_request in pull_requests}
