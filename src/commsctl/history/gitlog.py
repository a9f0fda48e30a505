"""One ``git log`` pass over the first-parent line, parsed as it streams.

The walk follows first parents only and shows each merge's diff against its
first parent. Without ``--first-parent``, a path-limited ``git log`` simplifies
history and hides a merge whose content under the path equals one parent's,
which is exactly what a pull-request merge of an up-to-date branch looks like.
With ``--first-parent``, git compares each commit with its first parent only,
so every change that reached the branch under the path is listed.
"""

from __future__ import annotations

import os
import queue
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from commsctl.errors import UserError

RECORD = "\x1e"
FIELD = "\x1f"
TRAILER_SEPARATOR = "\x1d"

# Fields in order; the message (%B) comes last because it may span lines.
# %(trailers) is git's own trailer parser: the last paragraph, continuation
# lines unfolded, keys as written (compared case-insensitively by the caller).
LOG_FORMAT = (
    "%x1e%H%x1f%P%x1f%aI%x1f%cI%x1f%an%x1f%ae"
    "%x1f%(trailers:only,unfold,separator=%x1d)%x1f%B%x1f"
)
FIELD_COUNT = 8
MINIMUM_GIT = (2, 31)  # --diff-merges=first-parent
CHUNK = 1 << 20
RECORD_START = re.compile(rb"[0-9a-f]{40}(?:[0-9a-f]{24})?\x1f")  # a SHA-1 or SHA-256 commit id


class FileChange(NamedTuple):
    """One entry of ``--name-status``: A, M, D, T, R (with the old path) or C."""

    status: str
    path: str
    old_path: str | None = None

    def describe(self) -> str:
        if self.old_path is not None:
            return f"{self.status} {self.old_path} → {self.path}"
        return f"{self.status} {self.path}"


@dataclass(slots=True)
class LogRecord:
    commit: str
    parents: list[str]
    author_date: str
    committer_date: str
    author_name: str
    author_email: str
    trailers: list[tuple[str, str]]
    message: str
    files: list[FileChange] = field(default_factory=list)


def log_arguments(rev: str, pathspec: str | None) -> list[str]:
    """Return the arguments of the one ``git log`` call (also used by the benchmark's baseline)."""
    arguments = [
        "--first-parent",
        "--diff-merges=first-parent",
        "-M",
        "--name-status",
        "-z",
        "--no-color",
        "--no-show-signature",
        f"--format={LOG_FORMAT}",
        rev,
        "--",
    ]
    if pathspec:
        arguments.append(pathspec)
    return arguments


def check_git_version(repo) -> None:
    """Raise UserError when git is too old for ``--diff-merges=first-parent``."""
    version = tuple(repo.git.version_info[:2])
    if version < MINIMUM_GIT:
        raise UserError(
            f"git {'.'.join(map(str, version))} is too old for history: install git "
            f"{'.'.join(map(str, MINIMUM_GIT))} or newer"
        )


def iter_log(repo, rev: str, pathspec: str | None, on_record: Callable[[], None] | None = None) -> Iterator[LogRecord]:
    """Yield the commits of ``rev``'s first-parent line that touch ``pathspec``, newest first.

    The output is decoded as UTF-8 with replacement characters: git re-encodes
    messages and names that declare an encoding, and bytes that declare none
    and are not UTF-8 must not stop the walk.
    """
    import git

    process = repo.git.log(*log_arguments(rev, pathspec), as_process=True)
    try:
        for raw in split_records(_drain(process.proc.stdout)):
            yield parse_record(raw.decode("utf-8", errors="replace"))
            if on_record:
                on_record()
        process.wait()
    except git.GitCommandError as error:
        detail = (error.stderr or "").strip().removeprefix("stderr:").strip(" '\n")
        raise UserError(f"git log failed for {rev!r}: {detail or error}") from None


def split_records(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Yield the records of the log output, each without its leading separator.

    A separator byte inside a message or a file name is kept as text: only one
    followed by a commit id and a field separator starts a record.
    """
    separator = RECORD.encode()
    pending = b""
    current: bytes | None = None
    for chunk in chunks:
        pending += chunk
        *complete, pending = pending.split(separator)
        for piece in complete:
            if RECORD_START.match(piece):
                if current is not None:
                    yield current
                current = piece
            elif current is not None:
                current += separator + piece
    if pending and RECORD_START.match(pending):
        if current is not None:
            yield current
        current = pending
    elif pending and current is not None:
        current += separator + pending
    if current is not None:
        yield current


def _drain(stream) -> Iterator[bytes]:
    """Yield the bytes of ``stream`` as a reader thread receives them.

    The thread keeps the pipe empty, so git does not wait for the parser and,
    when a second CPU is free, the walk and the parsing run at the same time.
    """
    chunks: queue.SimpleQueue = queue.SimpleQueue()
    descriptor = stream.fileno()

    def pump() -> None:
        try:
            while data := os.read(descriptor, CHUNK):
                chunks.put(data)
        finally:
            chunks.put(None)

    reader = threading.Thread(target=pump, name="git-log-reader", daemon=True)
    reader.start()
    while (chunk := chunks.get()) is not None:
        yield chunk
    reader.join()


def parse_record(text: str) -> LogRecord:
    """Parse one record of LOG_FORMAT followed by its NUL-separated ``--name-status`` entries."""
    header = text.split(FIELD, FIELD_COUNT - 1)
    if len(header) < FIELD_COUNT:
        raise UserError(f"unexpected git log output near {text[:60]!r}: is git {MINIMUM_GIT} or newer installed?")
    commit, parents, author_date, committer_date, author_name, author_email, trailers, rest = header

    message, _, status_part = rest.partition(FIELD + "\0")
    return LogRecord(
        commit=commit,
        parents=parents.split(),
        author_date=author_date,
        committer_date=committer_date,
        author_name=author_name,
        author_email=author_email,
        trailers=parse_trailers(trailers),
        message=message.strip("\n"),
        files=parse_name_status(status_part),
    )


def parse_trailers(text: str) -> list[tuple[str, str]]:
    if not text:
        return []
    trailers = []
    for line in text.split(TRAILER_SEPARATOR):
        key, separator, value = line.partition(":")
        if separator and key.strip() and value.strip():
            trailers.append((key.strip(), value.strip()))
    return trailers


def parse_name_status(text: str) -> list[FileChange]:
    """Parse ``-z --name-status`` output: ``STATUS\\0PATH\\0`` or, for R and C, ``STATUS\\0OLD\\0NEW\\0``."""
    tokens = iter(text.split("\0"))
    files = []
    for token in tokens:
        status = token.strip()
        if not status:
            continue
        if status[0] in "RC":
            old_path, path = next(tokens, None), next(tokens, None)
            if path is None:
                break
            files.append(FileChange(status[0], path, old_path))
        else:
            path = next(tokens, None)
            if path is None:
                break
            files.append(FileChange(status[0], path))
    return files
