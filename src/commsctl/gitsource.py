"""Plan files as they were at a Git revision, read without touching the working tree.

One ``git ls-tree`` lists the plan's files at the revision, and blobs are read
through GitPython's persistent ``git cat-file --batch`` process, so reading a
plan costs two git processes whatever its size.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from commsctl.errors import PlanNotFoundError, UserError


def open_repository(path: Path):
    """Return the GitPython repository whose working tree contains ``path``, or raise UserError.

    The error names the actual problem: a path that does not exist, a bare
    repository (which has no working tree), or no repository at all.
    """
    import git

    if not path.exists():
        raise UserError(f"path {str(path)!r} not found: pass an existing plan directory or a path inside a clone")
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise UserError(
            f"{str(path)!r} is not inside a Git repository: run 'git init' there, or pass a path inside a clone"
        ) from None
    if repo.bare or repo.working_tree_dir is None:
        raise UserError(
            f"{str(path)!r} is in a bare repository ({repo.git_dir}), which has no working tree: "
            "run commsctl in a clone with a working tree"
        )
    return repo


def plan_prefix(repo, plan_dir: Path) -> str:
    """Return the plan directory's path inside the repository, POSIX style ('' at the top)."""
    top = Path(repo.working_tree_dir).resolve()
    resolved = plan_dir.resolve()
    try:
        relative = resolved.relative_to(top)
    except ValueError:
        raise UserError(f"{str(plan_dir)!r} is outside the repository at {top}") from None
    return "" if str(relative) == "." else relative.as_posix()


def resolve_revision(repo, rev: str) -> str:
    """Return the full commit id of ``rev``; raise UserError naming the revision when it is unknown."""
    import git

    try:
        return repo.git.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}")
    except git.GitCommandError:
        pass
    if not repo.head.is_valid():
        raise UserError(
            f"the repository at {repo.working_tree_dir} has no commits yet, so there is no revision {rev!r}: "
            "commit the plan first ('git add' then 'git commit'), then run commsctl again"
        )
    raise UserError(f"unknown revision {rev!r}: pass a commit id, branch or tag that exists")


class GitTreeSource:
    """A PlanSource over the tree of one commit."""

    def __init__(self, repo, commit: str, prefix: str, display_root: str) -> None:
        self.repo = repo
        self.commit = commit
        self.prefix = prefix.strip("/")
        self.display_root = display_root
        self._blobs: dict[str, tuple[str, str]] = {}  # relpath -> (mode, blob id)
        self._list_tree()
        if "plan.yaml" not in self._blobs:
            raise PlanNotFoundError(
                f"no plan.yaml in {self.prefix or 'the repository root'!r} at commit {commit[:12]}: "
                "pass the plan directory, or a revision where the plan exists"
            )

    def _list_tree(self) -> None:
        arguments = ["-r", "-z", "--full-tree", self.commit]
        if self.prefix:
            arguments += ["--", f"{self.prefix}/"]
        output = self.repo.git.ls_tree(*arguments, strip_newline_in_stdout=False)
        cut = len(self.prefix) + 1 if self.prefix else 0
        for entry in output.split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            mode, kind, blob = meta.split()
            if kind == "blob":
                self._blobs[path[cut:]] = (mode, blob)

    def list_files(self, folder: str) -> list[str]:
        start = folder.rstrip("/") + "/"
        return sorted(path for path in self._blobs if path.startswith(start))

    def exists(self, relpath: str) -> bool:
        return str(PurePosixPath(relpath)) in self._blobs

    def all_files(self) -> list[str]:
        return sorted(self._blobs)

    def read(self, relpath: str) -> bytes:
        entry = self._blobs.get(str(PurePosixPath(relpath)))
        if entry is None:
            raise FileNotFoundError(relpath)
        mode, blob = entry
        if mode == "120000":
            raise OSError(f"{relpath} is a symbolic link, which is not followed")
        return self.repo.odb.stream(bytes.fromhex(blob)).read()
