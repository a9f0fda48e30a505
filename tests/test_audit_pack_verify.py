"""``commsctl verify-pack``: a pack passes as written and fails after any change to its files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from historyrepo import RepoBuilder, run_commsctl
from test_audit_pack import PLAN_FILES


@pytest.fixture
def pack(git_repo: Path, cli, tmp_path: Path) -> Path:
    RepoBuilder(git_repo).commit("Add the plan (#1)", PLAN_FILES)
    out = tmp_path / "pack"
    assert cli("audit-pack", git_repo / "plan", "--out", out).exit_code == 0
    return out


def rezip(source: zipfile.ZipFile, target: Path, change) -> None:
    with zipfile.ZipFile(target, "w") as archive:
        for info in source.infolist():
            data = change(info.filename, source.read(info))
            if data is not None:
                archive.writestr(info.filename, data)


def test_fresh_pack_verifies(cli, pack):
    result = cli("verify-pack", pack)

    assert result.exit_code == 0
    assert "all 6 files match the manifest" in result.stdout


def test_changed_file_fails(cli, pack):
    (pack / "index.md").write_text("tampered\n", encoding="utf-8")

    result = cli("verify-pack", pack)

    assert result.exit_code == 1
    assert "changed: index.md" in result.stdout


def test_removed_file_fails(cli, pack):
    (pack / "templates" / "outage-notice.md.j2").unlink()

    result = cli("verify-pack", pack)

    assert result.exit_code == 1
    assert "missing: templates/outage-notice.md.j2" in result.stdout


def test_added_file_fails(cli, pack):
    (pack / "extra.txt").write_text("added\n", encoding="utf-8")

    result = cli("verify-pack", pack)

    assert result.exit_code == 1
    assert "extra: extra.txt" in result.stdout


def test_zip_pack_verifies_and_detects_change(git_repo, cli, tmp_path):
    RepoBuilder(git_repo).commit("Add the plan (#1)", PLAN_FILES)
    packed = tmp_path / "pack.zip"
    cli("audit-pack", git_repo / "plan", "--out", packed, "--zip")

    assert cli("verify-pack", packed).exit_code == 0

    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(packed) as source:
        rezip(source, tampered, lambda name, data: b"x" if name == "history.csv" else data)
    result = cli("verify-pack", tampered)
    assert result.exit_code == 1
    assert "changed: history.csv" in result.stdout

    removed = tmp_path / "removed.zip"
    with zipfile.ZipFile(packed) as source:
        rezip(source, removed, lambda name, data: None if name == "index.html" else data)
    result = cli("verify-pack", removed)
    assert result.exit_code == 1
    assert "missing: index.html" in result.stdout


def test_missing_manifest_rejected(pack):
    (pack / "manifest.json").unlink()

    result = run_commsctl("verify-pack", pack)

    assert result.returncode == 2
    assert "no manifest.json" in result.stderr


def test_not_a_pack_rejected(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("hello\n", encoding="utf-8")

    result = run_commsctl("verify-pack", other)

    assert result.returncode == 2
    assert "neither a pack directory nor a zip file" in result.stderr


def test_symbolic_link_reported_as_changed(cli, pack):
    (pack / "index.md").unlink()
    (pack / "index.md").symlink_to(pack / "index.html")

    result = cli("verify-pack", pack)

    assert result.exit_code == 1
    assert "changed: index.md" in result.stdout
