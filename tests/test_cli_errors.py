"""Bad input reaches the user as a message and a documented exit code, never as a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run_commsctl(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "commsctl", *map(str, args)], capture_output=True, text=True, cwd=cwd
    )


def test_missing_plan_directory(cli, tmp_path):
    result = cli("validate", tmp_path / "absent")
    assert result.exit_code == 2
    assert "plan directory" in result.stderr
    assert "not found" in result.stderr
    assert "commsctl init" in result.stderr


def test_plan_path_is_a_file(cli, starter_plan):
    result = cli("validate", starter_plan / "plan.yaml")
    assert result.exit_code == 2
    assert "is not a directory" in result.stderr


def test_directory_without_plan_yaml(cli, tmp_path):
    result = cli("validate", tmp_path)
    assert result.exit_code == 2
    assert "no plan.yaml" in result.stderr


def test_unknown_option_is_usage_error(cli, starter_plan):
    result = cli("validate", starter_plan, "--format", "xml")
    assert result.exit_code == 2


def test_malformed_plan_yaml_is_a_finding(cli, starter_plan):
    (starter_plan / "plan.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    result = cli("validate", starter_plan)
    assert result.exit_code == 1
    assert f"{starter_plan}/plan.yaml:2:1: error yaml-syntax" in result.stdout


def test_binary_plan_yaml_is_a_finding(cli, starter_plan):
    (starter_plan / "plan.yaml").write_bytes(bytes(range(256)))
    result = cli("validate", starter_plan, "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    assert result.exit_code == 1
    assert [f["rule"] for f in findings if f["path"].endswith("plan.yaml")] == ["yaml-encoding"]


def test_empty_plan_yaml(cli, starter_plan):
    (starter_plan / "plan.yaml").write_text("", encoding="utf-8")
    result = cli("validate", starter_plan)
    assert result.exit_code == 1
    assert "expected a mapping at the top level, got an empty file" in result.stdout


def test_list_file_that_is_a_directory(cli, starter_plan):
    (starter_plan / "roles.yaml").unlink()
    (starter_plan / "roles.yaml").mkdir()
    result = cli("validate", starter_plan)
    assert result.exit_code == 1
    assert "roles.yaml:1:1: error unreadable-file" in result.stdout


def test_list_file_with_wrong_shape(cli, starter_plan):
    (starter_plan / "roles.yaml").write_text("roles: {id: x}\nextra: 1\n", encoding="utf-8")
    result = cli("validate", starter_plan)
    assert "roles.yaml:1:8: error invalid-value" in result.stdout
    assert "roles.yaml:2:1: error unknown-key" in result.stdout


def test_alias_bomb_is_rejected(cli, starter_plan):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 8):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 10)}]")
    (starter_plan / "communications" / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("validate", starter_plan)
    assert result.exit_code == 1
    assert "more than 200,000 values" in result.stdout
    assert "got an empty file" not in result.stdout


def test_no_traceback_in_a_real_process(tmp_path):
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "plan.yaml").write_bytes(b"\xff\x00garbage")
    result = run_commsctl("validate", plan)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "yaml-encoding" in result.stdout


def test_missing_directory_in_a_real_process(tmp_path):
    result = run_commsctl("validate", tmp_path / "nope")
    assert result.returncode == 2
    assert result.stderr.startswith("error: plan directory")
    assert "Traceback" not in result.stderr


def test_version_fast_path_in_a_real_process():
    result = run_commsctl("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("commsctl ")


def test_quiet_drops_the_summary(cli, starter_plan):
    result = cli("validate", starter_plan, "--quiet")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_fail_on_warning(cli, starter_plan):
    roles = starter_plan / "roles.yaml"
    roles.write_text(roles.read_text() + "  - id: spare\n    title: Spare\n    members: [a]\n    backups: [b]\n")
    assert cli("validate", starter_plan).exit_code == 0
    assert cli("validate", starter_plan, "--fail-on", "warning").exit_code == 1


def test_text_output_has_no_colour_without_a_terminal(cli, starter_plan):
    (starter_plan / "roles.yaml").write_text("roles: []\n")
    result = cli("validate", starter_plan)
    assert "\x1b[" not in result.stdout


def test_template_symlink_leaving_the_plan(cli, starter_plan, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("not for templates")
    template = starter_plan / "templates" / "maintenance-notice.md.j2"
    template.unlink()
    template.symlink_to(outside)
    result = cli("validate", starter_plan)
    assert result.exit_code == 1
    assert "communications/maintenance-notice.yaml:24:11: error template-outside-plan" in result.stdout


def test_communications_folder_missing(cli, starter_plan):
    import shutil

    shutil.rmtree(starter_plan / "communications")
    result = cli("validate", starter_plan)
    assert result.exit_code == 1
    assert "communications:1:1: error missing-file" in result.stdout


def test_communications_folder_is_a_file(cli, starter_plan):
    import shutil

    shutil.rmtree(starter_plan / "communications")
    (starter_plan / "communications").write_text("id: x\n")
    result = cli("validate", starter_plan)
    assert result.exit_code == 1
    assert "communications:1:1: error unreadable-file communications is a file" in result.stdout


def test_records_folder_is_a_file(cli, starter_plan):
    (starter_plan / "records").write_text("x\n")
    result = cli("validate", starter_plan)
    assert result.exit_code == 1
    assert "records:1:1: error unreadable-file records is a file" in result.stdout


def test_broken_symlink_in_communications(cli, starter_plan):
    (starter_plan / "communications" / "gone.yaml").symlink_to(starter_plan / "nowhere.yaml")
    result = cli("validate", starter_plan)
    assert result.exit_code == 1
    assert "communications/gone.yaml:1:1: error unreadable-file" in result.stdout
    assert "broken symbolic link" in result.stdout


def test_symlink_leaving_the_plan_is_not_read(cli, starter_plan, tmp_path):
    outside = tmp_path / "outside-roles.yaml"
    outside.write_text((starter_plan / "roles.yaml").read_text())
    (starter_plan / "roles.yaml").unlink()
    (starter_plan / "roles.yaml").symlink_to(outside)
    result = cli("validate", starter_plan)
    assert result.exit_code == 1
    assert "roles.yaml:1:1: error unreadable-file roles.yaml is a symbolic link that leaves the plan" in result.stdout


def test_symlinked_records_folder_leaving_the_plan(cli, starter_plan, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (starter_plan / "records").symlink_to(tmp_path / "elsewhere")
    result = cli("validate", starter_plan)
    assert "records:1:1: error unreadable-file" in result.stdout


def test_device_file_is_not_read(cli, starter_plan):
    (starter_plan / "communications" / "zero.yaml").symlink_to("/dev/zero")
    result = cli("validate", starter_plan)
    assert result.exit_code == 1
    assert "communications/zero.yaml:1:1: error unreadable-file" in result.stdout


def test_fifo_does_not_hang(cli, starter_plan):
    import os

    os.mkfifo(starter_plan / "communications" / "pipe.yaml")
    result = cli("validate", starter_plan)
    assert result.exit_code == 1
    assert "pipe.yaml:1:1: error unreadable-file communications/pipe.yaml is not a regular file" in result.stdout


def test_oversized_file_is_not_read(cli, starter_plan):
    big = starter_plan / "communications" / "big.yaml"
    big.write_text("description: " + "x" * (5 * 1024 * 1024) + "\n")
    result = cli("validate", starter_plan)
    assert result.exit_code == 1
    assert "more than the 4 MiB limit" in result.stdout


def test_init_under_a_file_is_an_error(tmp_path):
    (tmp_path / "file").write_text("x\n", encoding="utf-8")

    result = run_commsctl("init", tmp_path / "file" / "plan")

    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot create the starter plan in")
    assert "Traceback" not in result.stderr


def test_init_on_non_empty_directory_offers_no_force(cli, tmp_path):
    (tmp_path / "notes.txt").write_text("x\n", encoding="utf-8")

    result = cli("init", tmp_path)

    assert result.exit_code == 2
    assert "is not empty: choose a new or empty directory" in result.stderr
    assert "--force" not in result.stderr


def test_init_on_dangling_symlink(cli, tmp_path):
    link = tmp_path / "plan"
    link.symlink_to(tmp_path / "missing")

    result = cli("init", link)

    assert result.exit_code == 2
    assert "symbolic link to a missing target" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_schema_out_is_a_file(tmp_path):
    out = tmp_path / "schema"
    out.write_text("mine\n", encoding="utf-8")

    result = run_commsctl("schema", "--out", out)

    assert result.returncode == 2
    assert "exists and is not a directory" in result.stderr
    assert out.read_text(encoding="utf-8") == "mine\n"


def test_schema_out_under_a_file(tmp_path):
    (tmp_path / "file").write_text("mine\n", encoding="utf-8")

    result = run_commsctl("schema", "--out", tmp_path / "file" / "schema")

    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot write")
    assert "Traceback" not in result.stderr


def test_deeply_nested_data_is_an_error(starter_plan, tmp_path):
    data = tmp_path / "deep.json"
    data.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")

    result = run_commsctl("render", "major-incident-update", "--plan", starter_plan, "--data", data)

    assert result.returncode == 2
    assert "nested too deeply" in result.stderr
    assert "Traceback" not in result.stderr


def test_set_value_not_utf8_is_an_error(starter_plan):
    result = subprocess.run(
        [sys.executable, "-m", "commsctl", "render", "major-incident-update", "--plan", str(starter_plan),
         b"--set", b"service=Web\x85", "--set", "impact=x", "--set", "next_update=y"],
        capture_output=True,
    )
    stderr = result.stderr.decode("utf-8", "replace")

    assert result.returncode == 2
    assert "is not valid UTF-8" in stderr
    assert "internal error" not in stderr
    assert result.stdout == b""


def test_data_json_duplicate_key_rejected(cli, starter_plan, tmp_path):
    data = tmp_path / "values.json"
    data.write_text('{"service": "A", "impact": "x", "next_update": "y", "service": "B"}', encoding="utf-8")

    result = cli("render", "major-incident-update", "--plan", starter_plan, "--data", data)

    assert result.exit_code == 2
    assert "duplicate key 'service'" in result.stderr


def test_broken_communication_file_causes_no_follow_on_findings(cli, example_plan):
    target = example_plan / "communications" / "major-incident-customer-update.yaml"
    target.write_text("id: [unclosed\n")
    result = cli("validate", example_plan)
    assert result.exit_code == 1
    assert "yaml-syntax" in result.stdout
    assert "record-unknown-communication" not in result.stdout
