"""CODEOWNERS: who owns a file of the repository, matched the way GitHub does.

GitHub reads the first of ``.github/CODEOWNERS``, ``CODEOWNERS`` and
``docs/CODEOWNERS``. Each line is a gitignore-style pattern followed by owners
(``@user``, ``@org/team`` or an e-mail address). The last matching line wins,
and a matching line without owners leaves the file without owner. GitHub
documents that ``!`` negation, ``[ ]`` character ranges and escaped ``#`` do
not work, so here brackets and ``!`` match themselves. ``docs/*`` matches the
files directly in ``docs/`` but not those further down.

Audit packs use ``owners_for(repo_root, path)`` to list the owners of each
artifact, and ``validate`` uses ``codeowners_for_source`` for the rule
``uncovered-by-codeowners``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from commsctl.pathmatch import ancestors_and_self, glob_to_regex

# In the order in which GitHub looks for the file; the first one found is used.
CODEOWNERS_LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")


@dataclass(frozen=True, slots=True)
class OwnerRule:
    """One CODEOWNERS line: its pattern, compiled, and its owners (empty to un-own)."""

    pattern: str
    regex: re.Pattern
    owners: tuple[str, ...]
    line: int
    matches_directories: bool

    def matches(self, path: str) -> bool:
        if self.regex.fullmatch(path):
            return True
        if not self.matches_directories:
            return False
        return any(self.regex.fullmatch(directory) for directory in ancestors_and_self(path)[:-1])


@dataclass(frozen=True, slots=True)
class CodeOwners:
    """The parsed CODEOWNERS file of a repository."""

    path: str
    rules: tuple[OwnerRule, ...]

    def owners_of(self, path: str) -> list[str]:
        """Return the owners of ``path`` (POSIX, relative to the repository root), or [] when it has no owner."""
        clean = str(PurePosixPath(path.lstrip("/")))
        for entry in reversed(self.rules):
            if entry.matches(clean):
                return list(entry.owners)
        return []

    def is_covered(self, path: str) -> bool:
        return bool(self.owners_of(path))


def compile_pattern(pattern: str) -> tuple[re.Pattern, bool]:
    """Return the regex of a CODEOWNERS pattern and whether it also matches files below a matched directory.

    A pattern with a ``/`` at the start or in the middle is anchored at the
    repository root; otherwise it matches at any depth. A trailing ``/``
    matches a directory only, so every file below it.
    """
    directory_only = pattern.endswith("/")
    body = pattern.strip("/") if directory_only else pattern.lstrip("/")
    anchored = pattern.startswith("/") or "/" in body
    regex = glob_to_regex(body, character_classes=False)
    if not anchored:
        regex = f"(?:.*/)?{regex}"
    if directory_only:
        regex = f"{regex}/.*"
    # GitHub: 'docs/*' owns docs/a.md but not docs/sub/b.md, so a final lone '*' does not reach into subdirectories.
    matches_directories = not directory_only and not body.endswith("/*") and body != "*"
    return re.compile(regex, re.DOTALL), matches_directories


def parse_codeowners(text: str, path: str = "CODEOWNERS") -> CodeOwners:
    rules = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        fields = _split_fields(line)
        pattern, owners = fields[0], tuple(fields[1:])
        regex, matches_directories = compile_pattern(pattern)
        rules.append(OwnerRule(pattern, regex, owners, number, matches_directories))
    return CodeOwners(path, tuple(rules))


def _strip_comment(line: str) -> str:
    """Cut a comment: '#' at the start of the line or after whitespace."""
    for index, char in enumerate(line):
        if char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index]
    return line


def _split_fields(line: str) -> list[str]:
    """Split on whitespace, keeping '\\ ' (an escaped space) inside a pattern."""
    fields = re.split(r"(?<!\\)\s+", line)
    return [field.replace("\\ ", " ") for field in fields if field]


def find_codeowners(repo_root: Path) -> CodeOwners | None:
    """Return the repository's CODEOWNERS, read from the first location GitHub uses, or None."""
    for location in CODEOWNERS_LOCATIONS:
        candidate = repo_root / location
        if candidate.is_file():
            return parse_codeowners(candidate.read_text(encoding="utf-8", errors="replace"), location)
    return None


def owners_for(repo_root: Path | str, path: Path | str) -> list[str]:
    """Return the code owners of ``path`` in the repository at ``repo_root``.

    ``path`` is relative to the repository root, or absolute inside it. The
    result is [] when the repository has no CODEOWNERS file, when no pattern
    matches, or when the last matching pattern has no owners.
    """
    root = Path(repo_root)
    codeowners = find_codeowners(root)
    if codeowners is None:
        return []
    candidate = Path(path)
    if candidate.is_absolute():
        candidate = candidate.resolve().relative_to(root.resolve())
    return codeowners.owners_of(candidate.as_posix())


def find_repository_root(start: Path) -> Path | None:
    """Return the nearest directory at or above ``start`` that contains ``.git``, or None."""
    current = start.resolve()
    for directory in (current, *current.parents):
        if (directory / ".git").exists():
            return directory
    return None


def codeowners_for_source(source) -> tuple[CodeOwners, str] | None:
    """Return the CODEOWNERS of the repository a plan source belongs to, and the plan's path in it.

    Works for a plan directory inside a Git working tree (the file is read from
    disk) and for a plan at a Git revision (the file is read from that commit).
    Returns None outside a repository or when the repository has no CODEOWNERS.
    """
    if hasattr(source, "commit") and hasattr(source, "repo"):
        return _from_git_tree(source)

    root = getattr(source, "root", None)
    if root is None:
        return None
    repo_root = find_repository_root(Path(root))
    if repo_root is None:
        return None
    codeowners = find_codeowners(repo_root)
    if codeowners is None:
        return None
    prefix = Path(root).resolve().relative_to(repo_root).as_posix()
    return codeowners, "" if prefix == "." else prefix


def _from_git_tree(source) -> tuple[CodeOwners, str] | None:
    listing = source.repo.git.ls_tree("-z", "--full-tree", source.commit, "--", *CODEOWNERS_LOCATIONS)
    found: dict[str, str] = {}
    for entry in listing.split("\0"):
        if entry:
            meta, path = entry.split("\t", 1)
            found[path] = meta.split()[2]
    for location in CODEOWNERS_LOCATIONS:
        if location in found:
            data = source.repo.odb.stream(bytes.fromhex(found[location])).read()
            return parse_codeowners(data.decode("utf-8", errors="replace"), location), source.prefix
    return None
