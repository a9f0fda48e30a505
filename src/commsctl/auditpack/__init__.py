"""``commsctl audit-pack``: the plan, its history with approvals, and its findings at one revision.

The pack is built from Git objects, never from the working tree, and depends
only on the revision and the options: dates come from the commit, files and
zip entries are sorted, so the same input gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from commsctl import __version__
from commsctl.auditpack.manifest import MANIFEST, manifest_bytes
from commsctl.csvsafe import csv_text
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
    file_count: int
    change_count: int
    unapproved_count: int
    finding_count: int


def pack_files(plan_dir: Path, options: PackOptions) -> tuple[dict[str, bytes], dict]:
    """Return the pack's files by path (manifest.json included) and the report context."""
    from commsctl.auditpack.content import gather
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


def build_audit_pack(plan_dir: Path, out: Path, options: PackOptions, *, as_zip: bool = False, force: bool = False):
    """Build the pack and write it to ``out`` (a directory, or a zip file with ``as_zip``); return a summary."""
    from commsctl.auditpack.output import check_target, write_directory, write_zip, zip_bytes

    check_target(out, force)
    files, context = pack_files(plan_dir, options)
    if as_zip:
        write_zip(out, zip_bytes(files, datetime.fromisoformat(context["pack"]["commit_date"])))
    else:
        write_directory(out, files)
    return BuiltPack(
        out=out,
        commit=context["pack"]["commit"],
        file_count=len(files),
        change_count=len(context["changes"]),
        unapproved_count=len(context["unapproved"]),
        finding_count=len(context["findings"]),
    )
