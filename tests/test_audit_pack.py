"""``commsctl audit-pack`` and ``verify-pack`` on real repositories."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
from conftest import git
from historyrepo import RepoBuilder, run_commsctl

from commsctl.auditpack import PackOptions, pack_files

GOLDEN = Path(__file__).parent / "golden" / "audit-pack-index.md"

PLAN_FILES = {
    "plan/plan.yaml": """\
name: Small | plan
purpose: Keep customers informed.
owner: lead
version_policy: Every change is a reviewed pull request.
review:
  cadence: annually
scope: >-
  Messages to customers about outages.
timezone: UTC
events:
  - id: outage
    name: Outage
    category: incident
control_points:
  - id: external-approval
    description: Every external message is approved.
    applies_to:
      type: external
""",
    "plan/roles.yaml": """\
roles:
  - id: lead
    title: Service lead
    members: [a.lead]
    backups: [b.backup]
  - id: approver
    title: Approver
    members: [c.approver]
    backups: [d.deputy]
""",
    "plan/audiences.yaml": """\
audiences:
  - id: customers
    name: Customers
    type: external
    distribution_list: customer-contacts
""",
    "plan/channels.yaml": """\
channels:
  - id: email
    name: E-mail
    kind: email
""",
    "plan/distribution-lists.yaml": """\
distribution_lists:
  - id: customer-contacts
    name: Customer contacts
    address: contacts@example.com
    owner: lead
    change_process: "Requested by ticket,\\napproved by the owner."
""",
    "plan/communications/outage-notice.yaml": """\
id: outage-notice
name: Outage notice
type: external
trigger:
  kind: event
  event: outage
what:
  - id: service
    description: "=Affected service | name"
when:
  description: Within 30 minutes.
  first_within: 30m
with_whom: [customers]
how: [email]
owner: lead
approver: approver
evidence:
  location: Mail log
  retention: 3 years
template: templates/outage-notice.md.j2
""",
    "plan/templates/outage-notice.md.j2": "{% block subject %}Outage: {{ service }}{% endblock %}\n"
    "{% block body %}{{ service }} is down.{% endblock %}\n",
}


@pytest.fixture
def plan_repo(git_repo: Path) -> RepoBuilder:
    """A fixed repository: the plan added directly, changed by PR #2, then edited on main without approval."""
    builder = RepoBuilder(git_repo)
    builder.commit("Add the plan\n\nReviewed-by: Carol Approver <carol@example.com>", PLAN_FILES)
    builder.pull_request(
        "retention",
        "Keep mail logs longer",
        {"plan/communications/outage-notice.yaml": PLAN_FILES["plan/communications/outage-notice.yaml"].replace("3 years", "5 years")},
        "Merge pull request #2 from acme/retention",
    )
    builder.commit("Fix the template wording", {"plan/templates/outage-notice.md.j2": "{% block subject %}Outage{% endblock %}\n"})
    builder.commit("Change unrelated code", {"src/app.py": "print()\n"})
    return builder


def build(cli, plan_repo: RepoBuilder, out: Path, *args: str):
    return cli("audit-pack", plan_repo.repo / "plan", "--out", out, *args)


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_pack_contains_expected_files(cli, plan_repo, tmp_path):
    result = build(cli, plan_repo, tmp_path / "pack")

    assert result.exit_code == 0, result.output
    assert sorted(tree_bytes(tmp_path / "pack")) == [
        "history.csv",
        "implementation.csv",
        "index.html",
        "index.md",
        "inventory.csv",
        "manifest.json",
        "templates/outage-notice.md.j2",
    ]
    assert "6 files and manifest.json; 3 changes, 1 unapproved" in result.stdout


def test_index_md_golden(cli, plan_repo, tmp_path):
    build(cli, plan_repo, tmp_path / "pack")
    produced = (tmp_path / "pack" / "index.md").read_text(encoding="utf-8")

    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(produced, encoding="utf-8")
    assert produced == GOLDEN.read_text(encoding="utf-8")


def test_two_runs_identical_directory(cli, plan_repo, tmp_path):
    build(cli, plan_repo, tmp_path / "first")
    build(cli, plan_repo, tmp_path / "second")

    assert tree_bytes(tmp_path / "first") == tree_bytes(tmp_path / "second")


def test_two_runs_identical_zip(cli, plan_repo, tmp_path):
    build(cli, plan_repo, tmp_path / "first.zip", "--zip")
    build(cli, plan_repo, tmp_path / "second.zip", "--zip")

    assert (tmp_path / "first.zip").read_bytes() == (tmp_path / "second.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "first.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 5, 0, 0)}  # the last commit, in UTC
        assert {info.external_attr >> 16 for info in archive.infolist()} == {0o100644}


def test_zip_date_clamped_to_1980(git_repo, cli, tmp_path):
    builder = RepoBuilder(git_repo)
    builder.clock = 0  # 1970
    builder.commit("Add the plan (#1)", PLAN_FILES)

    cli("audit-pack", git_repo / "plan", "--out", tmp_path / "old.zip", "--zip")

    with zipfile.ZipFile(tmp_path / "old.zip") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_pack_reads_revision_not_working_tree(cli, plan_repo, tmp_path):
    (plan_repo.repo / "plan" / "plan.yaml").write_text("name: [broken\n", encoding="utf-8")
    (plan_repo.repo / "plan" / "templates" / "uncommitted.md.j2").write_text("new\n", encoding="utf-8")

    build(cli, plan_repo, tmp_path / "pack")

    assert not (tmp_path / "pack" / "templates" / "uncommitted.md.j2").exists()
    assert "# Audit pack: Small \\| plan" in (tmp_path / "pack" / "index.md").read_text(encoding="utf-8")


def test_pack_at_older_revision(cli, plan_repo, tmp_path):
    first = git(plan_repo.repo, "rev-list", "--max-parents=0", "HEAD").strip()

    build(cli, plan_repo, tmp_path / "pack", "--rev", first)

    manifest = json.loads((tmp_path / "pack" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["commit"] == first
    assert (tmp_path / "pack" / "history.csv").read_bytes().count(b"\r\n") == 2  # header + 1 change
    template = (tmp_path / "pack" / "templates" / "outage-notice.md.j2").read_bytes()
    assert template == PLAN_FILES["plan/templates/outage-notice.md.j2"].encode()


def test_manifest_lists_sorted_digests(cli, plan_repo, tmp_path):
    import hashlib

    build(cli, plan_repo, tmp_path / "pack")
    manifest = json.loads((tmp_path / "pack" / "manifest.json").read_text(encoding="utf-8"))

    assert manifest["plan"] == "plan"
    assert manifest["tool"]["name"] == "commsctl"
    paths = [entry["path"] for entry in manifest["files"]]
    assert paths == sorted(paths)
    assert "manifest.json" not in paths
    for entry in manifest["files"]:
        assert entry["sha256"] == hashlib.sha256((tmp_path / "pack" / entry["path"]).read_bytes()).hexdigest()


def test_html_self_contained_and_escaped(cli, plan_repo, tmp_path):
    build(cli, plan_repo, tmp_path / "pack")
    html = (tmp_path / "pack" / "index.html").read_text(encoding="utf-8")

    assert "<script" not in html.lower()
    assert "http://" not in html and "https://" not in html
    assert "<link" not in html.lower()
    assert "@media print" in html
    for heading in ("Scope and purpose", "Roles and backups", "Communication inventory", "Control points"):
        assert heading in html
    for heading in ("Distribution lists", "Change history", "Unapproved changes", "Validation findings"):
        assert heading in html
    assert "Fix the template wording" in html
    assert '<h2 id="implementation">Implementation</h2>' in html
    assert '<h2 id="code-owners">Code owners</h2>' in html


def test_html_escapes_plan_values(git_repo, cli, tmp_path):
    builder = RepoBuilder(git_repo)
    files = dict(PLAN_FILES)
    files["plan/plan.yaml"] = files["plan/plan.yaml"].replace("Small | plan", "<script>alert(1)</script>")
    builder.commit("Add the plan <b>bold</b> (#1)", files)

    cli("audit-pack", git_repo / "plan", "--out", tmp_path / "pack")
    html = (tmp_path / "pack" / "index.html").read_text(encoding="utf-8")
    markdown = (tmp_path / "pack" / "index.md").read_text(encoding="utf-8")

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html
    assert "<script>" not in markdown


def test_markdown_shows_links_and_images_literally(git_repo, cli, tmp_path):
    name = "![t](http://evil.example/t.png) [c](javascript:alert(1)) *x* `y`"
    builder = RepoBuilder(git_repo)
    files = dict(PLAN_FILES)
    files["plan/communications/outage-notice.yaml"] = files["plan/communications/outage-notice.yaml"].replace(
        "name: Outage notice", f"name: '{name}'"
    )
    builder.commit("Add the plan", files)

    cli("audit-pack", git_repo / "plan", "--out", tmp_path / "pack")
    markdown = (tmp_path / "pack" / "index.md").read_text(encoding="utf-8")

    assert "](http" not in markdown
    assert "](javascript" not in markdown
    assert r"\!\[t\]\(http://evil.example/t.png\) \[c\]\(javascript:alert\(1\)\) \*x\* \`y\`" in markdown


def test_markdown_cells_escape_pipes_and_newlines(cli, plan_repo, tmp_path):
    build(cli, plan_repo, tmp_path / "pack")
    markdown = (tmp_path / "pack" / "index.md").read_text(encoding="utf-8")

    assert "| =Affected service \\| name |" in markdown
    assert "Requested by ticket,<br>approved by the owner." in markdown
    for line in markdown.splitlines():
        if line.startswith("| customer-contacts"):
            assert line.count(" | ") == 4


def test_inventory_csv_neutralises_formulas(cli, plan_repo, tmp_path):
    build(cli, plan_repo, tmp_path / "pack")
    inventory = (tmp_path / "pack" / "inventory.csv").read_text(encoding="utf-8")

    assert inventory.startswith("ID,Name,Type,Trigger,What,When,With whom,How,Owner,Approver,Evidence,Template")
    assert "'=Affected service | name" in inventory
    assert ",=Affected" not in inventory


def test_existing_output_refused_without_force(cli, plan_repo, tmp_path):
    out = tmp_path / "pack"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")

    result = run_commsctl("audit-pack", plan_repo.repo / "plan", "--out", out)

    assert result.returncode == 2
    assert "is not empty" in result.stderr and "--force" in result.stderr
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_force_replaces_earlier_pack(cli, plan_repo, tmp_path):
    out = tmp_path / "pack"
    assert build(cli, plan_repo, out).exit_code == 0
    (out / "notes.txt").write_text("old\n", encoding="utf-8")

    result = build(cli, plan_repo, out, "--force")

    assert result.exit_code == 0
    assert not (out / "notes.txt").exists()
    assert (out / "manifest.json").exists()
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_force_keeps_directory_that_is_no_pack(cli, plan_repo, tmp_path):
    out = tmp_path / "documents"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    (out / "manifest.json").write_text('{"files": []}\n', encoding="utf-8")

    result = build(cli, plan_repo, out, "--force")

    assert result.exit_code == 2
    assert "is not an audit pack" in result.stderr
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_existing_zip_refused_without_force(cli, plan_repo, tmp_path):
    out = tmp_path / "pack.zip"
    assert build(cli, plan_repo, out, "--zip").exit_code == 0
    earlier = out.read_bytes()

    result = build(cli, plan_repo, out, "--zip")

    assert result.exit_code == 2
    assert "exists" in result.stderr and "--force" in result.stderr
    assert out.read_bytes() == earlier
    assert build(cli, plan_repo, out, "--zip", "--force").exit_code == 0
    assert zipfile.is_zipfile(out)


def test_force_keeps_file_that_is_no_pack_zip(cli, plan_repo, tmp_path):
    out = tmp_path / "report.zip"
    out.write_bytes(b"old")

    result = build(cli, plan_repo, out, "--zip", "--force")

    assert result.exit_code == 2
    assert "is not an audit pack zip" in result.stderr
    assert out.read_bytes() == b"old"


@pytest.mark.parametrize("force", [(), ("--force",)])
def test_zip_never_replaces_directory(cli, plan_repo, tmp_path, force):
    out = tmp_path / "empty"
    out.mkdir()

    result = build(cli, plan_repo, out, "--zip", *force)

    assert result.exit_code == 2
    assert "is a directory" in result.stderr
    assert out.is_dir()


def test_directory_pack_never_replaces_file(cli, plan_repo, tmp_path):
    out = tmp_path / "notes.txt"
    out.write_text("mine\n", encoding="utf-8")

    result = build(cli, plan_repo, out, "--force")

    assert result.exit_code == 2
    assert "is a file" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("target", ["plan/pack", "plan/templates/pack.zip"])
def test_output_inside_plan_rejected(plan_repo, target):
    out = plan_repo.repo / target
    zip_option = ["--zip"] if target.endswith(".zip") else []

    result = run_commsctl("audit-pack", plan_repo.repo / "plan", "--out", out, *zip_option)

    assert result.returncode == 2
    assert "inside the plan directory" in result.stderr
    assert not out.exists()


def test_failed_build_leaves_no_partial_pack(plan_repo, tmp_path, monkeypatch):
    from commsctl.auditpack import build_audit_pack, output

    def fail(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(output.Path, "chmod", fail)

    with pytest.raises(KeyboardInterrupt):
        build_audit_pack(plan_repo.repo / "plan", tmp_path / "pack", PackOptions())

    assert not (tmp_path / "pack").exists()
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []


def test_shallow_clone_refused(plan_repo, tmp_path):
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{plan_repo.repo}", str(clone))

    result = run_commsctl("audit-pack", clone / "plan", "--out", tmp_path / "pack")

    assert result.returncode == 2
    assert "shallow clone" in result.stderr
    assert not (tmp_path / "pack").exists()


def test_no_plan_at_revision_rejected(plan_repo, tmp_path):
    result = run_commsctl("audit-pack", plan_repo.repo / "src", "--out", tmp_path / "pack")

    assert result.returncode == 2
    assert "no plan.yaml in 'src'" in result.stderr


@pytest.mark.parametrize("target", ["plan", ".", ".git", ".git/pack"])
def test_output_over_plan_or_repository_rejected(plan_repo, target):
    out = plan_repo.repo / target

    result = run_commsctl("audit-pack", plan_repo.repo / "plan", "--out", out, "--force")

    assert result.returncode == 2
    assert "choose a folder such as build/audit-pack" in result.stderr
    assert (plan_repo.repo / "plan" / "plan.yaml").exists()
    assert (plan_repo.repo / ".git" / "HEAD").exists()


def test_parent_of_repository_rejected(plan_repo):
    result = run_commsctl("audit-pack", plan_repo.repo / "plan", "--out", plan_repo.repo.parent, "--force")

    assert result.returncode == 2
    assert plan_repo.repo.exists()


def test_invalid_plan_still_packed_with_findings(git_repo, cli, tmp_path):
    files = dict(PLAN_FILES)
    files["plan/plan.yaml"] = "name: [unclosed\n"
    RepoBuilder(git_repo).commit("Add a broken plan (#1)", files)

    result = cli("audit-pack", git_repo / "plan", "--out", tmp_path / "pack")

    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "pack" / "index.md").read_text(encoding="utf-8")
    assert "# Audit pack: communication plan" in markdown
    assert "plan.yaml could not be read at this revision" in markdown
    assert "| plan/plan.yaml |" in markdown
