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
    assert "all 6 files listed in manifest.json match it" in result.stdout


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


def printed_manifest_sha256(output: str) -> str:
    line = next(line for line in output.splitlines() if line.startswith("manifest.json SHA-256: "))
    return line.removeprefix("manifest.json SHA-256: ")


@pytest.fixture
def pack_and_digest(git_repo: Path, cli, tmp_path: Path) -> tuple[Path, str]:
    RepoBuilder(git_repo).commit("Add the plan (#1)", PLAN_FILES)
    out = tmp_path / "pack"
    result = cli("audit-pack", git_repo / "plan", "--out", out)
    assert result.exit_code == 0, result.output
    return out, printed_manifest_sha256(result.stdout)


def test_printed_manifest_sha256_is_the_manifest_digest(pack_and_digest):
    import hashlib

    out, digest = pack_and_digest

    assert digest == hashlib.sha256((out / "manifest.json").read_bytes()).hexdigest()


def test_manifest_sha256_accepted(cli, pack_and_digest):
    out, digest = pack_and_digest

    result = cli("verify-pack", out, "--manifest-sha256", digest.upper())

    assert result.exit_code == 0, result.output
    assert "manifest.json matches its SHA-256" in result.stdout


def test_file_and_manifest_edited_together(cli, pack_and_digest):
    import hashlib
    import json

    out, digest = pack_and_digest
    (out / "index.md").write_text("tampered\n", encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if entry["path"] == "index.md":
            entry["sha256"] = hashlib.sha256(b"tampered\n").hexdigest()
            entry["size"] = len(b"tampered\n")
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    assert cli("verify-pack", out).exit_code == 0  # the manifest alone cannot tell
    result = cli("verify-pack", out, "--manifest-sha256", digest)

    assert result.exit_code == 1
    assert "changed: manifest.json" in result.stdout
    assert f"expected {digest}" in result.stdout


def test_malformed_manifest_sha256_rejected(cli, pack_and_digest):
    out, _ = pack_and_digest

    result = cli("verify-pack", out, "--manifest-sha256", "abc123")

    assert result.exit_code == 2
    assert "'abc123' is not a SHA-256" in result.stderr
