"""``commsctl history`` on real repositories: pull request merges, trailers, approval problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import git
from historyrepo import RepoBuilder, run_commsctl

from commsctl.errors import UserError
from commsctl.history import collect_history

PLAN = "plan/plan.yaml"


@pytest.fixture
def builder(git_repo: Path) -> RepoBuilder:
    builder = RepoBuilder(git_repo)
    builder.commit("Add the plan\n\nApproved-by: Bob Reviewer <bob@example.com>", {PLAN: "name: v1\n", "README": "x\n"})
    return builder


def history_json(cli, path: Path, *args: str) -> dict:
    result = cli("history", path, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def only_change(builder: RepoBuilder) -> dict:
    return collect_history(builder.repo / "plan").changes[0]


def test_github_merge_commit_recognised(builder):
    _, merge = builder.pull_request("feature", "Change v2", {PLAN: "name: v2\n"}, "Merge pull request #7 from acme/feature")

    change = only_change(builder)

    assert change.commit == merge
    assert change.pull_request.platform == "github"
    assert change.pull_request.number == 7
    assert change.pull_request.style == "merge"
    assert change.approved
    assert [item.describe() for item in change.files] == ["M plan/plan.yaml"]


def test_pull_request_merge_survives_simplification(builder):
    # The merge's plan content equals its second parent's, and the merge is the
    # only first-parent commit after the first one that touches the plan.
    builder.branch("feature")
    builder.commit("Change v2", {PLAN: "name: v2\n"})
    builder.checkout("main")
    builder.commit("Unrelated", {"README": "y\n"})
    merge = builder.merge("feature", "Merge pull request #8 from acme/feature")

    changes = collect_history(builder.repo / "plan").changes

    assert [change.commit for change in changes][0] == merge
    assert len(changes) == 2
    assert git(builder.repo, "log", "--format=%H", "--", "plan").split()[0] != merge  # the trap is real


def test_github_squash_recognised(builder):
    builder.commit("Add supplier escalation (#12)", {PLAN: "name: v2\n"})

    change = only_change(builder)

    assert (change.pull_request.platform, change.pull_request.number, change.pull_request.style) == (
        "github",
        12,
        "squash",
    )
    assert change.approved


def test_gitlab_merge_request_recognised(builder):
    builder.pull_request(
        "feature",
        "Change v2",
        {PLAN: "name: v2\n"},
        "Merge branch 'feature' into 'main'\n\nUpdate the plan\n\nSee merge request ops/comms-plan!42",
    )

    change = only_change(builder)

    assert change.pull_request.platform == "gitlab"
    assert change.pull_request.number == 42
    assert change.pull_request.project == "ops/comms-plan"
    assert change.evidence() == "GitLab merge request ops/comms-plan!42"


@pytest.mark.parametrize(
    ("message", "platform", "number"),
    [
        ("Merged in feature/escalation (pull request #3)\n\nAdd escalation", "bitbucket", 3),
        ("Merged PR 314: Add supplier escalation", "azure-devops", 314),
    ],
)
def test_other_platform_merges_recognised(builder, message, platform, number):
    builder.pull_request("feature", "Change v2", {PLAN: "name: v2\n"}, message)

    change = only_change(builder)

    assert change.pull_request.platform == platform
    assert change.pull_request.number == number


@pytest.mark.parametrize(
    ("message", "named"),
    [
        ("Merge pull request #99 from acme/fake", "GitHub pull request #99"),
        ("Merge branch 'x' into 'main'\n\nSee merge request ops/plan!5", "GitLab merge request ops/plan!5"),
        ("Merged in fake (pull request #3)", "Bitbucket pull request #3"),
        ("Merged PR 314: Fake", "Azure DevOps pull request #314"),
    ],
)
def test_merge_message_on_single_parent_commit_not_evidence(builder, cli, message, named):
    builder.commit(message, {PLAN: "name: v2\n"})

    data = history_json(cli, builder.repo / "plan")

    change = data["changes"][0]
    assert change["status"] == "unapproved"
    assert change["pull_request"] is None
    assert change["problems"] == [f"merge message on a commit that is not a merge: the message names {named}"]


def test_fake_merge_with_trailer_flagged(builder):
    builder.commit("Merge pull request #99 from acme/fake\n\nApproved-by: Bob <bob@example.com>", {PLAN: "name: v2\n"})

    change = only_change(builder)

    assert not change.approved
    assert change.problems[0].startswith("merge message on a commit that is not a merge")


def test_direct_commit_unapproved(builder, cli):
    builder.commit("Edit the plan on main", {PLAN: "name: v2\n"})

    data = history_json(cli, builder.repo / "plan")

    assert data["changes"][0]["status"] == "unapproved"
    assert data["changes"][0]["problems"] == ["no pull request merge, approval trailer or approving review"]
    assert data["changes"][1]["status"] == "approved"
    assert data["summary"] == {"changes": 2, "unapproved": 1}


def test_trailers_case_insensitive(builder):
    builder.commit(
        "Edit the plan\n\nWhy it changed.\n\nreviewed-BY: Bob Reviewer <bob@example.com>\nACKED-by: Carol <carol@example.com>",
        {PLAN: "name: v2\n"},
    )

    change = only_change(builder)

    assert change.approved
    assert [(approval.source, approval.person.email) for approval in change.approvals] == [
        ("Reviewed-by", "bob@example.com"),
        ("Acked-by", "carol@example.com"),
    ]


def test_trailer_outside_last_paragraph_ignored(builder):
    builder.commit(
        "Edit the plan\n\nReviewed-by: Bob <bob@example.com>\n\nThe last paragraph is prose, not trailers.",
        {PLAN: "name: v2\n"},
    )

    change = only_change(builder)

    assert change.approvals == []
    assert not change.approved


def test_co_author_not_an_approver(builder):
    builder.commit(
        "Edit the plan\n\nCo-authored-by: Bob Reviewer <bob@example.com>",
        {PLAN: "name: v2\n"},
    )

    change = only_change(builder)

    assert [person.email for person in change.co_authors] == ["bob@example.com"]
    assert change.approvals == []
    assert not change.approved


def test_co_author_approving_is_self_approval(builder):
    builder.commit(
        "Edit the plan\n\nCo-authored-by: Bob Reviewer <bob@example.com>\nReviewed-by: BOB@EXAMPLE.COM",
        {PLAN: "name: v2\n"},
    )

    change = only_change(builder)

    assert not change.approved
    assert change.problems[0].startswith("self-approval")


def test_author_approving_own_change_by_name(builder):
    builder.commit("Edit the plan\n\nApproved-by: alice author", {PLAN: "name: v2\n"})

    change = only_change(builder)

    assert change.problems and change.problems[0].startswith("self-approval")


def test_independent_approver_alongside_self(builder):
    builder.commit(
        "Edit\n\nApproved-by: Alice Author <alice@example.com>\nApproved-by: Bob <bob@example.com>",
        {PLAN: "name: v2\n"},
    )

    assert only_change(builder).approved


def test_rename_followed(builder, cli):
    builder.commit("Rename the plan (#4)", {PLAN: None, "plan/main.yaml": "name: v1\n"})

    data = history_json(cli, builder.repo / "plan")

    assert data["changes"][0]["files"] == [{"status": "R", "path": "plan/main.yaml", "old_path": "plan/plan.yaml"}]
    text = cli("history", builder.repo / "plan").stdout
    assert "R plan/plan.yaml → plan/main.yaml" in text


def test_path_filters_other_changes(builder):
    builder.commit("Edit readme only", {"README": "other\n"})

    assert len(collect_history(builder.repo / "plan").changes) == 1
    assert len(collect_history(builder.repo).changes) == 2
    assert len(collect_history(builder.repo / "README").changes) == 2


def test_plan_in_subfolder_of_larger_repository(git_repo, cli):
    builder = RepoBuilder(git_repo)
    builder.commit("Add service code", {"src/app.py": "print()\n"})
    builder.commit("Add plan (#1)", {"docs/comms/plan/plan.yaml": "name: v1\n"})
    builder.commit("Change code", {"src/app.py": "print(1)\n"})

    data = history_json(cli, git_repo / "docs" / "comms" / "plan")

    assert data["path"] == "docs/comms/plan"
    assert [change["subject"] for change in data["changes"]] == ["Add plan (#1)"]


def test_detached_head(builder, cli):
    first = builder.head()
    builder.commit("Change v2 (#2)", {PLAN: "name: v2\n"})
    git(builder.repo, "checkout", "-q", "--detach", first)

    data = history_json(cli, builder.repo / "plan")
    assert [change["commit"] for change in data["changes"]] == [first]

    data = history_json(cli, builder.repo / "plan", "--rev", "main")
    assert len(data["changes"]) == 2


def test_non_utf8_author_name(builder, cli):
    # Declared encoding: git re-encodes the name to UTF-8 on output.
    # Lone surrogates become the raw bytes 0xE9 and 0xFC in argv and the environment.
    env = builder.env(author="x <jose@example.com>")
    env["GIT_AUTHOR_NAME"] = "Jos\udce9 M\udcfcller"
    builder.write({PLAN: "name: v2\n"})
    git(builder.repo, "-c", "i18n.commitEncoding=ISO-8859-1", "commit", "-q", "-m", "Caf\udce9 (#5)", env=env)
    # No declared encoding: raw Latin-1 bytes in a commit object written by hand.
    builder.write({PLAN: "name: v3\n"})
    tree = git(builder.repo, "write-tree").strip()
    raw = _commit_raw_bytes(builder, tree, b"Ren\xe9 Raw <rene@example.com>", b"Raw bytes \xe9 (#6)\n")

    data = history_json(cli, builder.repo / "plan", "--rev", raw)

    assert data["changes"][1]["author"]["name"] == "José Müller"
    assert data["changes"][1]["subject"] == "Café (#5)"
    assert data["changes"][0]["author"]["name"] == "Ren\ufffd Raw"
    assert cli("history", builder.repo / "plan", "--rev", raw).exit_code == 0


def _commit_raw_bytes(builder: RepoBuilder, tree: str, author: bytes, message: bytes) -> str:
    import subprocess

    parent = builder.head()
    body = (
        b"tree " + tree.encode() + b"\nparent " + parent.encode() + b"\n"
        b"author " + author + b" 1767300000 +0000\ncommitter " + author + b" 1767300000 +0000\n\n" + message
    )
    completed = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin", "--literally"],
        cwd=builder.repo,
        input=body,
        capture_output=True,
        check=True,
    )
    return completed.stdout.decode().strip()


def test_shallow_clone_refused(builder, tmp_path, cli):
    builder.commit("Change v2 (#2)", {PLAN: "name: v2\n"})
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{builder.repo}", str(clone))

    result = run_commsctl("history", clone / "plan")

    assert result.returncode == 2
    assert "shallow clone" in result.stderr
    assert "git fetch --unshallow" in result.stderr
    assert "fetch-depth: 0" in result.stderr


def test_since_until_filter(builder, cli):
    builder.commit("Second (#2)", {PLAN: "name: v2\n"})  # 2026-01-01T03:00+01:00 = 02:00Z
    builder.commit("Third (#3)", {PLAN: "name: v3\n"})  # 03:00Z

    data = history_json(cli, builder.repo / "plan", "--since", "2026-01-01T02:00:00Z", "--until", "2026-01-01T02:30Z")
    assert [change["subject"] for change in data["changes"]] == ["Second (#2)"]

    data = history_json(cli, builder.repo / "plan", "--since", "2026-01-02")
    assert data["changes"] == []

    data = history_json(cli, builder.repo / "plan", "--since", "2026-01-01T03:30:00+01:00")
    assert [change["subject"] for change in data["changes"]] == ["Third (#3)"]


def test_invalid_since_rejected(builder, cli):
    result = run_commsctl("history", builder.repo / "plan", "--since", "last tuesday")

    assert result.returncode == 2
    assert "invalid --since value 'last tuesday'" in result.stderr


def test_unknown_revision_rejected(builder, cli):
    result = run_commsctl("history", builder.repo / "plan", "--rev", "no-such-branch")

    assert result.returncode == 2
    assert "unknown revision 'no-such-branch'" in result.stderr


def test_outside_repository_rejected(tmp_path, cli):
    result = run_commsctl("history", tmp_path)

    assert result.returncode == 2
    assert "not inside a Git repository" in result.stderr


def test_dates_are_iso_with_offset(builder, cli):
    data = history_json(cli, builder.repo / "plan")

    assert data["changes"][0]["date"] == "2026-01-01T02:00:00+01:00"


def test_csv_neutralises_formulas(builder, cli):
    builder.commit("=HYPERLINK(\"http://example.invalid\") (#9)", {PLAN: "name: v2\n"})

    result = cli("history", builder.repo / "plan", "--format", "csv")

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("commit,date,author_date,author")
    assert "'=HYPERLINK" in lines[1]
    assert ",=HYPERLINK" not in result.stdout


def test_fail_unapproved_exit_code(builder, cli):
    assert cli("history", builder.repo / "plan", "--fail-unapproved").exit_code == 0

    builder.commit("Direct edit", {PLAN: "name: v2\n"})

    assert cli("history", builder.repo / "plan", "--fail-unapproved").exit_code == 1


def test_file_in_repository_without_plan(git_repo, cli):
    builder = RepoBuilder(git_repo)
    builder.commit("Add policy (#1)", {"policies/security.md": "v1\n"})
    builder.commit("Revise policy", {"policies/security.md": "v2\n"})

    result = cli("history", git_repo / "policies" / "security.md")

    assert result.exit_code == 0
    assert "2 changes to policies/security.md" in result.stdout
    assert "1 unapproved" in result.stdout


def test_no_progress_bar_off_terminal(builder, cli):
    result = cli("history", builder.repo / "plan")

    assert "reading history" not in result.stderr
    with pytest.raises(UserError):
        collect_history(builder.repo / "plan", rev="missing")


def test_separator_bytes_in_message_kept(builder):
    builder.commit("Odd \x1e subject (#3)\n\nBody with \x1e and \x1f inside.", {PLAN: "name: v2\n"})

    changes = collect_history(builder.repo / "plan").changes

    assert len(changes) == 2
    assert changes[0].subject == "Odd \x1e subject (#3)"
    assert changes[0].pull_request.number == 3
    assert [item.path for item in changes[0].files] == [PLAN]


def test_split_records_across_chunks():
    from commsctl.history.gitlog import split_records

    first, second = b"a" * 40 + b"\x1fone\x1etwo", b"b" * 40 + b"\x1fthree"
    stream = b"\x1e" + first + b"\x1e" + second
    pieces = [stream[index : index + 7] for index in range(0, len(stream), 7)]

    assert list(split_records(iter(pieces))) == [first, second]


def test_progress_only_on_terminal(monkeypatch):
    from commsctl.progress import commit_counter

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    with commit_counter() as advance:
        assert advance is None  # pytest captures stderr, so it is no terminal

    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    with commit_counter(enabled=False) as advance:
        assert advance is None
    with commit_counter() as advance:
        assert callable(advance)
        advance()
    monkeypatch.setenv("CI", "true")
    with commit_counter() as advance:
        assert advance is None
