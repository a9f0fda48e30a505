"""Where plan files come from: a directory on disk, or (for history and audit packs) a Git tree.

The loader requests only file names and bytes from a source, so the same loading and
rules run on the working tree and on any past revision.
"""

from __future__ import annotations

import os
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
                f"plan directory {str(root)!r} not found: pass the directory that holds plan.yaml, "
                "or create one with 'commsctl init DIR'"
            )
        if not root.is_dir():
            raise PlanNotFoundError(f"{str(root)!r} is not a directory: pass the directory that holds plan.yaml")
        if not (root / "plan.yaml").exists():
            raise PlanNotFoundError(
                f"no plan.yaml in {str(root)!r}: pass the plan directory, or create a plan with 'commsctl init DIR'"
            )
        self.root = root
        self.real_root = root.resolve()
        self.display_root = display_root if display_root is not None else os.path.normpath(str(root))

    def list_files(self, folder: str) -> list[str]:
        base = self.root / folder
        if not base.is_dir():
            return []
        found = []
        for dirpath, dirnames, filenames in os.walk(base):
            rel_dir = Path(dirpath).relative_to(self.root).as_posix()
            # A directory named like a YAML file is listed, so that reading it reports the mistake.
            misnamed = [name for name in dirnames if name.endswith((".yaml", ".yml"))]
            found.extend(f"{rel_dir}/{name}" for name in misnamed)
            dirnames[:] = sorted(name for name in dirnames if not name.startswith(".") and name not in misnamed)
            found.extend(f"{rel_dir}/{name}" for name in filenames if not name.startswith("."))
        return sorted(found)

    def exists(self, relpath: str) -> bool:
        return (self.root / relpath).exists()

    def read(self, relpath: str) -> bytes:
        return (self.root / relpath).read_bytes()

    def resolve_inside(self, relpath: str) -> Path:
        """Return the real path of ``relpath``, refusing one that leaves the plan (``..``, absolute, symlink)."""
        clean = check_relative_path(relpath)
        real = (self.root / clean).resolve()
        if real != self.real_root and self.real_root not in real.parents:
            raise PlanPathError(f"path {relpath!r} resolves outside the plan directory through a symbolic link")
        return real
