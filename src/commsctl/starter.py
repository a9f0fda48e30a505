"""``commsctl init``: copy the starter plan shipped in the package into a new directory."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from commsctl.errors import UserError
from commsctl.fileio import ensure_empty_directory, write_new


def _starter_files() -> dict[str, bytes]:
    root = resources.files("commsctl") / "starter"
    files: dict[str, bytes] = {}

    def walk(node, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda item: item.name):
            name = f"{prefix}{child.name}"
            if child.is_dir():
                walk(child, f"{name}/")
            elif not child.name.startswith("."):
                files[name] = child.read_bytes()

    walk(root, "")
    return files


def write_starter_plan(plan_dir: Path) -> list[Path]:
    """Write the starter plan into ``plan_dir``, which must be new or empty; return the files written."""
    ensure_empty_directory(plan_dir)
    written = []
    for relpath, data in _starter_files().items():
        target = plan_dir / relpath
        try:
            write_new(target, data)
        except FileExistsError:
            raise UserError(f"{target} already exists: choose an empty directory") from None
        written.append(target)
    return written
