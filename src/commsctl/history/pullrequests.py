"""Recognise the commit messages that hosting platforms write when they merge a pull or merge request."""

from __future__ import annotations

import re
from dataclasses import dataclass

GITHUB_MERGE = re.compile(r"^Merge pull request #(?P<number>\d+) from (?P<source>\S+)")
GITHUB_SQUASH = re.compile(r"\(#(?P<number>\d+)\)\s*$")
GITLAB = re.compile(r"^See merge request (?P<project>\S+?)!(?P<number>\d+)\s*$", re.MULTILINE)
BITBUCKET = re.compile(r"^Merged in (?P<source>\S+) \(pull request #(?P<number>\d+)\)")
AZURE = re.compile(r"^Merged PR (?P<number>\d+):")

PLATFORM_NAMES = {
    "github": "GitHub pull request",
    "gitlab": "GitLab merge request",
    "bitbucket": "Bitbucket pull request",
    "azure-devops": "Azure DevOps pull request",
}


@dataclass(frozen=True, slots=True)
class PullRequest:
    """A pull or merge request that brought a change to the branch."""

    platform: str
    number: int
    # "merge": a merge message (GitHub "Merge pull request", GitLab "See merge
    # request", Bitbucket "Merged in", Azure "Merged PR"), which is evidence only
    # on a commit with two or more parents. "squash": a subject ending in
    # "(#N)" on a single-parent commit, which is plain text anyone can write.
    style: str
    project: str = ""

    def describe(self) -> str:
        reference = f"{self.project}!{self.number}" if self.platform == "gitlab" and self.project else f"#{self.number}"
        return f"{PLATFORM_NAMES[self.platform]} {reference}"

    def to_dict(self) -> dict:
        data = {"platform": self.platform, "number": self.number, "style": self.style}
        if self.project:
            data["project"] = self.project
        return data


def recognise_pull_request(message: str, is_merge: bool) -> PullRequest | None:
    """Return the pull request named by a platform's merge message, or None.

    A merge message gets style "merge" even on a single-parent commit, so the
    caller can flag it: only a merge commit carries it as evidence. A subject
    ending in ``(#N)`` gets "squash" on a single-parent commit.

    GitLab's trailer line is searched in the whole message because GitLab puts
    it after the title and description of a ``Merge branch 'x' into 'main'``
    commit. The other platforms write their marker in the subject line.
    """
    subject = message.split("\n", 1)[0].strip()
    if "#" not in subject and "Merged PR " not in subject and "See merge request " not in message:
        return None  # most commits: no marker of any platform, so skip the patterns

    if match := GITHUB_MERGE.match(subject):
        return PullRequest("github", int(match["number"]), "merge")
    if match := GITLAB.search(message):
        return PullRequest("gitlab", int(match["number"]), "merge", match["project"])
    if match := BITBUCKET.match(subject):
        return PullRequest("bitbucket", int(match["number"]), "merge")
    if match := AZURE.match(subject):
        return PullRequest("azure-devops", int(match["number"]), "merge")
    if match := GITHUB_SQUASH.search(subject):
        return PullRequest("github", int(match["number"]), "merge" if is_merge else "squash")
    return None
