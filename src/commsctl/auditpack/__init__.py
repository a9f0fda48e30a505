"""``commsctl audit-pack``: the plan, its history with approvals, and its findings at one revision.

The pack is built from Git objects, never from the working tree, and depends
only on the revision and the options: dates come from the commit, files and
zip entries are sorted, so the same input gives the same bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from commsctl import __version__
from commsctl.auditpack.manifest import MANIFEST, manifest_bytes
from commsctl.csvsafe import csv_text
from commsctl.errors import UserError
from commsctl.inventory import COLUMNS

__all__ = ["PackOptions", "build_audit_pack", "pack_files"]


@dataclass(frozen=True)
class PackOptions:
    rev: str = "HEAD"
    since: datetime | None = None
    until: datetime | None = None
    reviews: Path | None = None


@dataclass
class BuiltPack:
    out: Path
    commit: str
    file_count: int  # files listed in manifest.json; the manifest itself is not counted
    manifest_sha256: str
    change_count: int
    unapproved_count: int
    finding_count: int


def pack_files(plan_dir: Path, options: PackOptions) -> tuple[dict[str, bytes], dict]:
    """Return the pack's files by path (manifest.json included) and the report context."""
    from commsctl.auditpack.content import gather
    from commsctl.auditpack.implementation import implementation_csv
    from commsctl.auditpack.render import render_reports
    from commsctl.gitsource import resolve_revision
    from commsctl.history import check_not_shallow, open_repository_for, repository_path
    from commsctl.history.output import history_csv

    repo = open_repository_for(plan_dir)
    check_not_shallow(repo)
    prefix = repository_path(repo, plan_dir)
    commit = resolve_revision(repo, options.rev)
    content = gather(
        repo, prefix, commit, rev=options.rev, since=options.since, until=options.until, reviews=options.reviews
    )

    html, markdown = render_reports(content.context)
    files = {
        "index.html": html.encode("utf-8"),
        "index.md": markdown.encode("utf-8"),
        "inventory.csv": inventory_csv(content.inventory).encode("utf-8"),
        "history.csv": history_csv(content.history).encode("utf-8"),
        "implementation.csv": implementation_csv(content.implementation).encode("utf-8"),
    }
    for relpath, data in content.templates.items():
        files[relpath] = data  # relpath starts with templates/

    metadata = {
        "plan": prefix or ".",
        "commit": commit,
        "commit_date": content.commit_date.isoformat(),
        "tool": {"name": "commsctl", "version": __version__},
    }
    files[MANIFEST] = manifest_bytes(files, metadata)
    return files, content.context


def inventory_csv(rows: list[dict[str, str]]) -> str:
    return csv_text([label for _, label in COLUMNS], ([row[key] for key, _ in COLUMNS] for row in rows))


def check_out_location(out: Path, plan_dir: Path) -> None:
    """Raise UserError when writing ``out`` could replace the plan, the repository or its Git data."""
    from commsctl.history import open_repository_for

    repo = open_repository_for(plan_dir)
    target = out.resolve()
    protected = {
        "the plan directory": plan_dir.resolve(),
        "the repository": Path(repo.working_tree_dir).resolve(),
        "the Git directory": Path(repo.git_dir).resolve(),
    }
    for label, path in protected.items():
        if target == path or target in path.parents:
            raise UserError(f"--out {str(out)!r} would replace {label} at {path}: choose a folder such as build/audit-pack")
    if Path(repo.git_dir).resolve() in target.parents:
        raise UserError(f"--out {str(out)!r} is inside the Git directory: choose a folder such as build/audit-pack")
    if plan_dir.resolve() in target.parents:
        raise UserError(
            f"--out {str(out)!r} is inside the plan directory, where the pack would mix with plan files: "
            "choose a folder outside the plan, such as build/audit-pack"
        )


def build_audit_pack(plan_dir: Path, out: Path, options: PackOptions, *, as_zip: bool = False, force: bool = False):
    """Build the pack and write it to ``out`` (a directory, or a zip file with ``as_zip``); return a summary."""
    from commsctl.auditpack.output import check_target, write_directory, write_zip, zip_bytes

    check_out_location(out, plan_dir)
    check_target(out, force, as_zip=as_zip)
    files, context = pack_files(plan_dir, options)
    if as_zip:
        write_zip(out, zip_bytes(files, datetime.fromisoformat(context["pack"]["commit_date"])))
    else:
        write_directory(out, files)
    return BuiltPack(
        out=out,
        commit=context["pack"]["commit"],
        file_count=len(files) - 1,
        manifest_sha256=hashlib.sha256(files[MANIFEST]).hexdigest(),
        change_count=len(context["changes"]),
        unapproved_count=len(context["unapproved"]),
        finding_count=len(context["findings"]),
    )
