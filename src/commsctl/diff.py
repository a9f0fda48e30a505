"""``commsctl diff``: what a change does to the plan, entry by entry and attribute by attribute.

Both sides are loaded and validated the way ``validate`` does it, from Git
trees (or the working tree for the head side). Entries are compared by id, so
a communication keeps its identity when its file is renamed, and the move
shows as a ``file`` change. A changed id is a removal and an addition. Findings are
compared by rule, file and message, ignoring line numbers, so moving lines
does not count as fixing or introducing a problem.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from commsctl.errors import PlanNotFoundError, UserError
from commsctl.loader import TEMPLATES_DIR, LoadedPlan

# Collection in LoadedPlan -> (singular label, plural label); report order.
COLLECTIONS = {
    "communications": ("communication", "communications"),
    "roles": ("role", "roles"),
    "audiences": ("audience", "audiences"),
    "channels": ("channel", "channels"),
    "distribution_lists": ("distribution list", "distribution lists"),
    "events": ("event", "events"),
    "control_points": ("control point", "control points"),
}
MAIN_BRANCH_CANDIDATES = ("main", "master", "origin/main", "origin/master")


@dataclass
class Change:
    """One attribute that differs: a value replaced (``old`` → ``new``) or items added to and removed from a list."""

    path: str
    old: object = None
    new: object = None
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)

    @property
    def is_list_change(self) -> bool:
        return bool(self.added or self.removed)


@dataclass
class EntryDiff:
    """An entry (communication, role, event...) that was added, removed or changed."""

    collection: str
    id: str
    status: str
    name: str | None = None
    changes: list[Change] = field(default_factory=list)
    file: str | None = None
    data: dict | None = field(default=None, repr=False)  # the whole entry as written, when added or removed


@dataclass
class FileDiff:
    path: str
    status: str
    old_path: str | None = None


@dataclass
class FindingKey:
    severity: str
    rule: str
    path: str
    message: str
    line: int


@dataclass
class Side:
    label: str
    commit: str | None


@dataclass
class PlanDiff:
    base: Side
    head: Side
    plan: list[Change] = field(default_factory=list)
    entries: list[EntryDiff] = field(default_factory=list)
    templates: list[FileDiff] = field(default_factory=list)
    introduced: list[FindingKey] = field(default_factory=list)
    fixed: list[FindingKey] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.plan or self.entries or self.templates or self.introduced or self.fixed)

    def introduced_at_or_above(self, severity: str) -> list[FindingKey]:
        """Return the introduced findings whose severity is ``severity`` or more severe ("error" > "warning")."""
        from commsctl.findings import Severity

        threshold = Severity(severity).rank
        return [finding for finding in self.introduced if Severity(finding.severity).rank >= threshold]

    def entries_of(self, collection: str, status: str | None = None) -> list[EntryDiff]:
        return [
            entry for entry in self.entries if entry.collection == collection and (status is None or entry.status == status)
        ]


# --- revisions -------------------------------------------------------------------------


def default_base(repo, head: str) -> tuple[str, str]:
    """Return (label, commit) of the merge base of ``head`` with the main branch.

    The main branch is what ``origin/HEAD`` points at, or else the first of
    main, master, origin/main and origin/master that exists.
    """
    import git

    branch = _main_branch(repo)
    try:
        commit = repo.git.merge_base(branch, head)
    except git.GitCommandError:
        raise UserError(
            f"{branch} and {head} have no common ancestor: pass the base revision, "
            "e.g. 'commsctl diff origin/main HEAD' (in CI, fetch the full history: fetch-depth: 0)"
        ) from None
    return f"merge base of {branch}", commit


def _main_branch(repo) -> str:
    import git

    try:
        reference = repo.git.symbolic_ref("--quiet", "refs/remotes/origin/HEAD")
        return reference.removeprefix("refs/remotes/")
    except git.GitCommandError:
        pass
    for candidate in MAIN_BRANCH_CANDIDATES:
        try:
            repo.git.rev_parse("--verify", "--quiet", f"{candidate}^{{commit}}")
            return candidate
        except git.GitCommandError:
            continue
    raise UserError(
        "cannot find the main branch (origin/HEAD, main, master, origin/main or origin/master): "
        "pass the base revision, e.g. 'commsctl diff v1.2.0'"
    )


def diff_revisions(
    plan_dir: Path, base: str | None = None, head: str | None = None, *, worktree: bool = False
) -> PlanDiff:
    """Compare the plan in ``plan_dir`` between two revisions (or a revision and the working tree)."""
    from commsctl.gitsource import GitTreeSource, open_repository, plan_prefix, resolve_revision
    from commsctl.sources import DirectorySource
    from commsctl.validate import validate_source

    if worktree and head is not None:
        raise UserError(f"--worktree compares with the working tree, so a HEAD revision ({head!r}) cannot be given too")

    repo = open_repository(plan_dir)
    prefix = plan_prefix(repo, plan_dir)
    display_root = str(plan_dir)
    head_revision = head or "HEAD"
    head_commit = None if worktree else resolve_revision(repo, head_revision)

    if base is None:
        base_label, base_commit = default_base(repo, resolve_revision(repo, "HEAD") if worktree else head_commit)
    else:
        base_label, base_commit = base, resolve_revision(repo, base)

    try:
        base_result = validate_source(GitTreeSource(repo, base_commit, prefix, display_root))
        base_loaded, base_findings = base_result.loaded, base_result.findings
    except PlanNotFoundError:
        base_loaded, base_findings = None, []  # the plan is new: everything in it is added

    if worktree:
        head_result = validate_source(DirectorySource(plan_dir, display_root))
        head_side = Side("working tree", None)
    else:
        head_result = validate_source(GitTreeSource(repo, head_commit, prefix, display_root))
        head_side = Side(head_revision, head_commit)

    plan_diff = compare_plans(base_loaded, head_result.loaded)
    plan_diff.base = Side(base_label, base_commit)
    plan_diff.head = head_side
    plan_diff.introduced, plan_diff.fixed = compare_findings(base_findings, head_result.findings)
    return plan_diff


# --- comparing -----------------------------------------------------------------------------


def compare_plans(base: LoadedPlan | None, head: LoadedPlan) -> PlanDiff:
    """Return the differences between two loaded plans; ``base=None`` is a plan that did not exist."""
    result = PlanDiff(Side("base", None), Side("head", None))
    result.plan = compare_values(_plan_metadata(base), _plan_metadata(head))
    for collection in COLLECTIONS:
        result.entries.extend(_compare_collection(collection, _entries(base, collection), _entries(head, collection)))
    result.templates = _compare_templates(base, head)
    return result


def _written(loaded: LoadedPlan, entity) -> dict:
    """Return an entity's data as written in YAML, so values compare as the author wrote them ("7d" stays "7d").

    Only entities that passed their schema are compared, so the data has the
    models' shape; reading it back from the parsed document is several times
    faster than serialising the models.
    """
    document, path = loaded.origin(entity)
    data = document.data
    for segment in path:
        data = data[segment]
    return dict(data)


def _plan_metadata(loaded: LoadedPlan | None) -> dict:
    if loaded is None or loaded.plan is None:
        return {}
    data = _written(loaded, loaded.plan)
    data.pop("events", None)
    data.pop("control_points", None)
    return data


def _entries(loaded: LoadedPlan | None, collection: str) -> dict[str, dict]:
    """Return id -> data of a collection, as written; the first of duplicate ids wins.

    NOTE: entries that fail their schema are not in the loaded plan, so a
    communication broken on one side shows as added or removed.
    """
    if loaded is None:
        return {}
    if collection in ("events", "control_points"):
        if loaded.plan is None:
            return {}
        plan_data = _written(loaded, loaded.plan)
        return _first_by_id(
            item for item in plan_data.get(collection) or [] if isinstance(item, dict) and isinstance(item.get("id"), str)
        )

    entries = []
    for item in getattr(loaded, collection):
        data = _written(loaded, item)
        if collection == "communications":
            data["file"] = loaded.origin(item)[0].relpath
        entries.append(data)
    return _first_by_id(entries)


def _first_by_id(items) -> dict[str, dict]:
    entries: dict[str, dict] = {}
    for data in items:
        entries.setdefault(data["id"], data)
    return entries


def _compare_collection(collection: str, old: dict[str, dict], new: dict[str, dict]) -> list[EntryDiff]:
    diffs = []
    for entry_id in sorted(old.keys() | new.keys()):
        before, after = old.get(entry_id), new.get(entry_id)
        if before is None:
            diffs.append(EntryDiff(collection, entry_id, "added", _title(after), file=after.get("file"), data=after))
        elif after is None:
            diffs.append(EntryDiff(collection, entry_id, "removed", _title(before), file=before.get("file"), data=before))
        else:
            changes = compare_values(before, after)
            if changes:
                diffs.append(EntryDiff(collection, entry_id, "changed", _title(after), changes, after.get("file")))
    return diffs


def _title(data: dict) -> str | None:
    """Return the human name of an entry: ``name``, or ``title`` for roles."""
    return data.get("name") or data.get("title")


def compare_values(old: object, new: object, path: str = "") -> list[Change]:
    """Return the attribute changes from ``old`` to ``new``, with dotted paths such as ``when.first_within``.

    Lists of plain values are compared as sets (``with_whom: + regulators``);
    lists of mappings with an ``id`` are matched by id (``what[impact].description``).
    """
    if old == new:
        return []
    if isinstance(old, dict) or isinstance(new, dict):
        if not (isinstance(old, (dict, type(None))) and isinstance(new, (dict, type(None)))):
            return [Change(path, old, new)]
        return _compare_mappings(old or {}, new or {}, path)
    if isinstance(old, list) or isinstance(new, list):
        old_list = old if isinstance(old, list) else []
        new_list = new if isinstance(new, list) else []
        if (old is not None and not isinstance(old, list)) or (new is not None and not isinstance(new, list)):
            return [Change(path, old, new)]
        if (not old_list or _is_id_list(old_list)) and (not new_list or _is_id_list(new_list)):
            return _compare_id_lists(old_list, new_list, path)
        if _is_plain_list(old_list) and _is_plain_list(new_list):
            added = [value for value in new_list if value not in old_list]
            removed = [value for value in old_list if value not in new_list]
            if added or removed:
                return [Change(path, added=added, removed=removed)]
            return [Change(path, old, new)]  # same items, new order
    return [Change(path, old, new)]


def _compare_mappings(old: dict, new: dict, path: str) -> list[Change]:
    changes = []
    keys = list(old) + [key for key in new if key not in old]
    for key in keys:
        changes.extend(compare_values(old.get(key), new.get(key), f"{path}.{key}" if path else str(key)))
    return changes


def _is_plain_list(values: list) -> bool:
    return all(not isinstance(value, (dict, list)) for value in values)


def _is_id_list(values: list) -> bool:
    return bool(values) and all(isinstance(value, dict) and isinstance(value.get("id"), str) for value in values)


def _compare_id_lists(old: list[dict], new: list[dict], path: str) -> list[Change]:
    old_by_id = {item["id"]: item for item in old}
    new_by_id = {item["id"]: item for item in new}
    changes = []
    added = [item_id for item_id in new_by_id if item_id not in old_by_id]
    removed = [item_id for item_id in old_by_id if item_id not in new_by_id]
    if added or removed:
        changes.append(Change(path, added=added, removed=removed))
    for item_id in old_by_id:
        if item_id in new_by_id:
            changes.extend(compare_values(old_by_id[item_id], new_by_id[item_id], f"{path}[{item_id}]"))
    return changes


def _compare_templates(base: LoadedPlan | None, head: LoadedPlan) -> list[FileDiff]:
    """Compare files under templates/ by content; a removed and an added file with equal content is a rename."""
    old = _template_contents(base)
    new = _template_contents(head)
    diffs = [FileDiff(path, "changed") for path in sorted(old.keys() & new.keys()) if old[path] != new[path]]

    removed = [path for path in sorted(old) if path not in new]
    added = [path for path in sorted(new) if path not in old]
    for path in list(added):
        match = next((gone for gone in removed if old[gone] == new[path]), None)
        if match is not None:
            diffs.append(FileDiff(path, "renamed", old_path=match))
            removed.remove(match)
            added.remove(path)
    diffs.extend(FileDiff(path, "added") for path in added)
    diffs.extend(FileDiff(path, "removed") for path in removed)
    return sorted(diffs, key=lambda item: item.path)


def _template_contents(loaded: LoadedPlan | None) -> dict[str, bytes]:
    if loaded is None:
        return {}
    contents = {}
    for relpath in loaded.source.list_files(TEMPLATES_DIR):
        try:
            contents[relpath] = loaded.source.read(relpath)
        except OSError:
            contents[relpath] = b""  # an unreadable template is reported by validate
    return contents


def compare_findings(base: list, head: list) -> tuple[list[FindingKey], list[FindingKey]]:
    """Return (introduced, fixed) findings, matched by rule, file and message but not line."""

    def key(finding) -> tuple:
        return (finding.rule, finding.path, finding.message)

    base_counts = Counter(key(finding) for finding in base)
    head_counts = Counter(key(finding) for finding in head)
    introduced = _surplus(head, head_counts - base_counts, key)
    fixed = _surplus(base, base_counts - head_counts, key)
    return introduced, fixed


def _surplus(findings: list, surplus: Counter, key) -> list[FindingKey]:
    result = []
    remaining = Counter(surplus)
    for finding in findings:
        if remaining[key(finding)] > 0:
            remaining[key(finding)] -= 1
            result.append(FindingKey(finding.severity.value, finding.rule, finding.path, finding.message, finding.line))
    return result
