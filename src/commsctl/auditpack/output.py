"""Write a pack atomically: a directory renamed into place, or a reproducible zip file."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from commsctl.auditpack.manifest import MANIFEST
from commsctl.errors import UserError
from commsctl.fileio import write_temporary_beside

ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=timezone.utc)  # the earliest time a zip entry can hold
FILE_MODE = 0o644


def check_target(out: Path, force: bool, *, as_zip: bool = False) -> None:
    """Raise UserError unless ``out`` is absent or may be written.

    A pack directory may go into an empty directory. An existing pack (a
    directory with a manifest.json written by commsctl, or with ``as_zip`` a zip
    file holding manifest.json) is replaced only with ``force``. Anything else
    in the way is never replaced, so that --force cannot delete a user's folder
    or file: a zip never replaces a directory, even an empty one.
    """
    if out.is_symlink() or (out.exists() and not out.is_dir() and not out.is_file()):
        raise UserError(f"{str(out)!r} exists and is not a regular file or directory: choose another --out")
    if as_zip:
        _check_zip_target(out, force)
    else:
        _check_directory_target(out, force)


def _check_directory_target(out: Path, force: bool) -> None:
    if out.is_file():
        raise UserError(f"{str(out)!r} is a file: choose a new directory for the pack, or pass --zip to write a zip file")
    if not out.is_dir() or not any(out.iterdir()):
        return
    if not force:
        raise UserError(f"{str(out)!r} is not empty: choose a new directory, or pass --force to replace an earlier pack")
    if not _is_pack_manifest(_read_or_none(out / MANIFEST)):
        raise UserError(
            f"{str(out)!r} is not empty and is not an audit pack (no {MANIFEST} written by commsctl): "
            "--force replaces only an earlier pack; choose a new directory"
        )


def _check_zip_target(out: Path, force: bool) -> None:
    if out.is_dir():
        raise UserError(f"{str(out)!r} is a directory: choose a new file name for the zip, such as audit-pack.zip")
    if not out.exists():
        return
    if not force:
        raise UserError(f"{str(out)!r} exists: choose a new path, or pass --force to replace an earlier pack")
    if not _is_pack_manifest(_zip_manifest(out)):
        raise UserError(
            f"{str(out)!r} is not an audit pack zip (no {MANIFEST} written by commsctl): "
            "--force replaces only an earlier pack; choose a new file name"
        )


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes() if path.is_file() and not path.is_symlink() else None
    except OSError:
        return None


def _zip_manifest(path: Path) -> bytes | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read(MANIFEST)
    except (zipfile.BadZipFile, KeyError, OSError):
        return None


def _is_pack_manifest(raw: bytes | None) -> bool:
    """Return True for a manifest.json that commsctl wrote: a JSON object naming commsctl as its tool."""
    if raw is None:
        return False
    try:
        document = json.loads(raw)
    except ValueError:
        return False
    return isinstance(document, dict) and isinstance(document.get("tool"), dict) and document["tool"].get("name") == "commsctl"


def write_directory(out: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into a temporary sibling of ``out`` and rename it into place.

    An interrupted run leaves ``out`` as it was. An existing ``out`` is renamed
    aside, the new pack renamed in, and the old one deleted, so ``out`` is never
    half written, though for a moment it does not exist.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        for relpath, data in sorted(files.items()):
            target = staging / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            target.chmod(FILE_MODE)
        staging.chmod(0o755)
        _swap_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def zip_bytes(files: dict[str, bytes], stamp: datetime) -> bytes:
    """Return a zip of ``files`` that depends only on their names, bytes and ``stamp``.

    Entries are sorted, stored without compression (so the bytes do not depend
    on the zlib version), dated ``stamp`` clamped to 1980 or later, and marked
    as regular files with mode 644.
    """
    import io

    moment = max(stamp.astimezone(timezone.utc), ZIP_EPOCH)
    date_time = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for relpath, data in sorted(files.items()):
            info = zipfile.ZipInfo(relpath, date_time=date_time)
            info.create_system = 3  # Unix, so that external_attr carries the mode
            info.external_attr = (0o100000 | FILE_MODE) << 16
            info.compress_type = zipfile.ZIP_STORED
            archive.writestr(info, data)
    return buffer.getvalue()


def write_zip(out: Path, data: bytes) -> None:
    """Write the zip through a temporary file in the same directory and rename it into place."""
    temporary = write_temporary_beside(out, data, FILE_MODE)
    try:
        _swap_into_place(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _swap_into_place(new: Path, out: Path) -> None:
    """Rename ``new`` to ``out``; whatever is in the way, unless a file replaced by a file, is renamed aside first."""
    if not out.exists() or (out.is_file() and new.is_file()):
        os.replace(new, out)
        return

    holder = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    aside = holder / "old"
    os.replace(out, aside)
    try:
        os.replace(new, out)
    except BaseException:
        os.replace(aside, out)
        shutil.rmtree(holder, ignore_errors=True)
        raise
    shutil.rmtree(holder, ignore_errors=True)
