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
    checked: int = 0  # files listed in the manifest; the manifest itself is not counted
    manifest_sha256: str = ""  # of the manifest as read from the pack
    manifest_expected: str | None = None  # the --manifest-sha256 value, lower case, when given

    @property
    def manifest_matches(self) -> bool:
        return self.manifest_expected is None or self.manifest_expected == self.manifest_sha256

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.changed) and self.manifest_matches


def parse_sha256(value: str) -> str:
    """Return a SHA-256 given as 64 hexadecimal digits, in lower case; raise UserError otherwise."""
    digest = value.strip().lower()
    if len(digest) != 64 or any(character not in "0123456789abcdef" for character in digest):
        raise UserError(
            f"--manifest-sha256 {value!r} is not a SHA-256: pass the 64 hexadecimal digits that audit-pack printed"
        )
    return digest


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


def verify_pack(path: Path, manifest_sha256: str | None = None) -> Verification:
    """Compare the pack's files with its manifest; raise UserError when the manifest is missing or invalid.

    The manifest only proves that the files match it. Someone who edits a file
    and its entry in the manifest is caught only by ``manifest_sha256``, the
    manifest's own digest as audit-pack printed it and kept somewhere else.
    """
    expected = parse_sha256(manifest_sha256) if manifest_sha256 is not None else None
    files = read_pack(path)
    raw = files.pop(MANIFEST, None)
    if raw is None:
        raise UserError(f"{path}: no {MANIFEST}: this is not an audit pack, or its manifest was removed")
    try:
        recorded = {entry["path"]: entry["sha256"] for entry in json.loads(raw)["files"]}
    except (ValueError, KeyError, TypeError) as error:
        raise UserError(f"{path}/{MANIFEST}: invalid manifest ({error}): rebuild the pack with audit-pack") from None

    result = Verification(
        checked=len(recorded), manifest_sha256=hashlib.sha256(raw).hexdigest(), manifest_expected=expected
    )
    result.missing = sorted(set(recorded) - set(files))
    result.extra = sorted(set(files) - set(recorded))
    result.changed = sorted(
        name for name in set(recorded) & set(files) if hashlib.sha256(files[name]).hexdigest() != recorded[name]
    )
    return result
