"""Writing files without losing what is there: atomic replacement and exclusive creation."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from commsctl.errors import UserError


def default_file_mode() -> int:
    """Return the mode that open() gives a new file: 0o666 less the process umask.

    The umask can only be read by setting it, so it is set and restored at once.
    """
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_temporary_beside(path: Path, data: bytes, mode: int | None = None, *, sync: bool = True) -> Path:
    """Write ``data`` to a new, synced temporary file in ``path``'s directory and return its path.

    The file gets ``mode``, or by default the mode of any new file under the
    umask, not the 0o600 that mkstemp uses. The caller renames or links it into
    place, and removes it on failure.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temporary, default_file_mode() if mode is None else mode)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename.

    A reader sees the old content or the new, never a half-written file. With
    ``sync=False`` the data is not forced to disk first, which suits caches: after
    a crash the file may be empty, but never half old and half new.
    """
    temporary = write_temporary_beside(path, data, sync=sync)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``; raise FileExistsError if it exists (even if created a moment ago).

    The content goes to a temporary file first and is linked into place, so the
    new file appears complete or not at all.
    """
    temporary = write_temporary_beside(path, data)
    try:
        os.link(temporary, path)  # fails with FileExistsError instead of replacing
    finally:
        temporary.unlink(missing_ok=True)


def ensure_empty_directory(path: Path, *, force: bool = False, offers_force: bool = False) -> None:
    """Raise UserError when ``path`` is a file, or a non-empty directory and ``force`` is off.

    ``offers_force`` tells whether the calling command has a --force option,
    so that the message suggests it only where it exists.
    """
    if path.is_symlink() and not path.exists():
        raise UserError(f"{str(path)!r} is a symbolic link to a missing target: remove the link or choose another path")
    if path.exists() and not path.is_dir():
        raise UserError(f"{str(path)!r} exists and is not a directory: choose another path")
    if path.is_dir() and any(path.iterdir()) and not force:
        hint = "choose a new directory, or pass --force to replace it" if offers_force else "choose a new or empty directory"
        raise UserError(f"{str(path)!r} is not empty: {hint}")
