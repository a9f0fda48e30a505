"""Sources of plan files: a directory on disk, or (for history and audit packs) a Git tree.

The loader requests only file names and bytes from a source, so the same loading and
rules run on the working tree and on any past revision.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath
from typing import Protocol

from commsctl.errors import PlanNotFoundError, PlanPathError


class PlanSource(Protocol):
    """Read access to the files of one plan, addressed by POSIX paths relative to the plan root."""

    display_root: str

    def list_files(self, folder: str) -> list[str]:
        """Return the sorted paths of all files below ``folder`` (recursively)."""
        ...

    def exists(self, relpath: str) -> bool: ...

    def read(self, relpath: str) -> bytes:
        """Return the file's bytes; raise OSError when it cannot be read."""
        ...


# No plan file comes near this size. A larger one is reported instead of read,
# so that a stray export cannot exhaust memory.
MAX_FILE_BYTES = 4 * 1024 * 1024


class UnreadablePlanFile(OSError):
    """A plan file that commsctl will not read; the message names the reason and the fix."""


def display_path(display_root: str, relpath: str) -> str:
    """Join the plan directory as the user wrote it with a path inside the plan."""
    if display_root in ("", "."):
        return relpath
    return f"{display_root.rstrip('/')}/{relpath}"


def check_relative_path(relpath: str) -> PurePosixPath:
    """Return ``relpath`` normalised, or raise PlanPathError when it could leave the plan directory."""
    if not relpath or "\x00" in relpath:
        raise PlanPathError(f"invalid path {relpath!r}: write a path relative to the plan directory")
    path = PurePosixPath(relpath.replace("\\", "/"))
    if path.is_absolute() or (path.parts and ":" in path.parts[0]):
        raise PlanPathError(f"path {relpath!r} is absolute: write it relative to the plan directory")
    depth = 0
    for part in path.parts:
        if part == "..":
            depth -= 1
        elif part != ".":
            depth += 1
        if depth < 0:
            raise PlanPathError(f"path {relpath!r} leaves the plan directory: keep it inside the plan")
    return PurePosixPath(os.path.normpath(str(path)))


class DirectorySource:
    """Plan files in a directory of the working tree."""

    def __init__(self, root: Path, display_root: str | None = None) -> None:
        if not root.exists():
            raise PlanNotFoundError(
                f"plan directory {str(root)!r} not found: pass the directory that contains plan.yaml, "
                "or create one with 'commsctl init DIR'"
            )
        if not root.is_dir():
            raise PlanNotFoundError(f"{str(root)!r} is not a directory: pass the directory that contains plan.yaml")
        if not (root / "plan.yaml").exists():
            raise PlanNotFoundError(
                f"no plan.yaml in {str(root)!r}: pass the plan directory, or create a plan with 'commsctl init DIR'"
            )
        self.root = root
        self.real_root = root.resolve()
        self._problems: dict[str, str] = {}  # relpath -> why it is not read
        self.display_root = display_root if display_root is not None else os.path.normpath(str(root))

    def list_files(self, folder: str) -> list[str]:
        """Return the files below ``folder``, and the entries that are wrong in a way worth reporting.

        A folder that is a file, a directory named like a YAML file, a broken
        symbolic link and a link that leaves the plan are listed too. Reading
        them raises UnreadablePlanFile with the reason, so the loader reports
        them instead of skipping them silently.
        """
        base = self.root / folder
        if not os.path.lexists(base):
            return []
        problem = self._link_problem(folder) if base.is_symlink() else None
        if problem is None and not base.is_dir():
            problem = f"{folder} is a file, expected a folder of YAML files: move the file into {folder}/"
        if problem is not None:
            self._problems[folder] = problem
            return [folder]

        found: list[str] = []
        self._walk(folder, found)
        return sorted(found)

    def _walk(self, folder: str, found: list[str]) -> None:
        with os.scandir(self.root / folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                relpath = f"{folder}/{entry.name}"
                if entry.is_symlink():
                    problem = self._link_problem(relpath)
                    if problem is not None:
                        self._problems[relpath] = problem
                        found.append(relpath)
                        continue
                if entry.is_dir() and not entry.name.endswith((".yaml", ".yml")):
                    self._walk(relpath, found)
                else:
                    # A directory named like a YAML file is listed, so that reading it reports the mistake.
                    found.append(relpath)

    def _link_problem(self, relpath: str) -> str | None:
        """Return why the symbolic link at ``relpath`` is not followed, or None when it stays inside the plan."""
        target = (self.root / relpath).resolve()
        if not target.exists():
            return f"{relpath} is a broken symbolic link: point it at a file in the plan or remove it"
        if target != self.real_root and self.real_root not in target.parents:
            return f"{relpath} is a symbolic link that leaves the plan directory: copy the file into the plan instead"
        return None

    def exists(self, relpath: str) -> bool:
        return relpath in self._problems or os.path.lexists(self.root / relpath)

    def read(self, relpath: str) -> bytes:
        """Return the bytes of a regular file inside the plan; raise OSError otherwise.

        The file is opened without blocking, so that a FIFO cannot hang the run,
        and checked to be a regular file of at most MAX_FILE_BYTES before reading.
        """
        if relpath in self._problems:
            raise UnreadablePlanFile(self._problems[relpath])
        path = os.path.join(self.root, relpath)
        if os.path.islink(path):
            problem = self._link_problem(relpath)
            if problem is not None:
                raise UnreadablePlanFile(problem)

        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            status = os.fstat(descriptor)
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError(relpath)
            if not stat.S_ISREG(status.st_mode):
                raise UnreadablePlanFile(f"{relpath} is not a regular file (a device, FIFO or socket): remove it")
            if status.st_size > MAX_FILE_BYTES:
                raise UnreadablePlanFile(
                    f"{relpath} is {status.st_size / 1048576:.1f} MiB, more than the {MAX_FILE_BYTES // 1048576} MiB "
                    "limit of a plan file: split it or remove it"
                )
            chunks = []
            while chunk := os.read(descriptor, 1 << 16):
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            os.close(descriptor)

    def resolve_inside(self, relpath: str) -> Path:
        """Return the real path of ``relpath``, refusing one that leaves the plan (``..``, absolute, symlink)."""
        clean = check_relative_path(relpath)
        real = (self.root / clean).resolve()
        if real != self.real_root and self.real_root not in real.parents:
            raise PlanPathError(f"path {relpath!r} resolves outside the plan directory through a symbolic link")
        return real
