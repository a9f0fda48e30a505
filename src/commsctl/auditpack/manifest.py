"""The pack's manifest.json, and ``verify-pack``: compare a pack's files with their recorded SHA-256."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from commsctl.errors import UserError

MANIFEST = "manifest.json"


def manifest_bytes(files: dict[str, bytes], metadata: dict) -> bytes:
    """Return manifest.json for ``files`` (the manifest itself excluded): metadata plus sorted digests."""
    document = {
        **metadata,
        "files": [
            {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for path, data in sorted(files.items())
        ],
    }
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


@dataclass
class Verification:
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.changed)


def read_pack(path: Path) -> dict[str, bytes]:
    """Return every file of a pack directory or .zip by its POSIX path inside the pack."""
    if path.is_dir():
        files = {}
        for item in sorted(path.rglob("*")):
            name = item.relative_to(path).as_posix()
            if item.is_symlink():
                files[name] = b"symbolic link to " + os.fsencode(os.readlink(item))  # never followed
            elif item.is_file():
                files[name] = item.read_bytes()
        return files
    if path.is_file():
        try:
            with zipfile.ZipFile(path) as archive:
                return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
        except zipfile.BadZipFile:
            raise UserError(f"{str(path)!r} is neither a pack directory nor a zip file: pass what audit-pack wrote") from None
    raise UserError(f"pack {str(path)!r} not found: pass the --out path that audit-pack wrote")


def verify_pack(path: Path) -> Verification:
    """Compare the pack's files with its manifest; raise UserError when the manifest is missing or invalid."""
    files = read_pack(path)
    raw = files.pop(MANIFEST, None)
    if raw is None:
        raise UserError(f"{path}: no {MANIFEST}: this is not an audit pack, or its manifest was removed")
    try:
        recorded = {entry["path"]: entry["sha256"] for entry in json.loads(raw)["files"]}
    except (ValueError, KeyError, TypeError) as error:
        raise UserError(f"{path}/{MANIFEST}: invalid manifest ({error}): rebuild the pack with audit-pack") from None

    result = Verification(checked=len(recorded))
    result.missing = sorted(set(recorded) - set(files))
    result.extra = sorted(set(files) - set(recorded))
    result.changed = sorted(
        name for name in set(recorded) & set(files) if hashlib.sha256(files[name]).hexdigest() != recorded[name]
    )
    return result
