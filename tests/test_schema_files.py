"""The committed JSON Schema files: in step with the models, and valid for the example plan."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from commsctl.starter import SCHEMA_DIR, schema_for
from commsctl.yamlfile import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema"
EXAMPLE_PLAN = ROOT / "examples" / "plan"


def plan_files(plan: Path) -> list[Path]:
    """Return every file of ``plan`` that has a schema (templates and sample data have none)."""
    return sorted(path for path in plan.rglob("*.yaml") if schema_for(path.relative_to(plan).as_posix()))


def test_committed_schema_matches_models(cli):
    result = cli("schema", "--check", "--out", SCHEMA)
    assert result.exit_code == 0, f"schema/ is stale, run 'commsctl schema --out schema':\n{result.stderr}"


def test_schema_check_detects_drift(cli, tmp_path):
    cli("schema", "--out", tmp_path)
    stale = tmp_path / "roles.schema.json"
    stale.write_text(stale.read_text().replace('"roles"', '"people"'))
    result = cli("schema", "--check", "--out", tmp_path)
    assert result.exit_code == 1
    assert "roles.schema.json: differs from the models" in result.stderr


def example_documents() -> dict:
    from commsctl.loader import load_plan
    from commsctl.sources import DirectorySource

    return load_plan(DirectorySource(EXAMPLE_PLAN)).documents


EXAMPLE_DOCUMENTS = example_documents()


@pytest.mark.parametrize("relpath", sorted(EXAMPLE_DOCUMENTS))
def test_example_plan_file_valid_against_schema(relpath):
    document = EXAMPLE_DOCUMENTS[relpath]
    schema = json.loads((SCHEMA / schema_for(relpath)).read_text(encoding="utf-8"))
    assert document.problems == []
    jsonschema.validate(document.data, schema, cls=jsonschema.Draft202012Validator)


def test_loader_reads_every_example_file():
    assert sorted(EXAMPLE_DOCUMENTS) == sorted(path.relative_to(EXAMPLE_PLAN).as_posix() for path in plan_files(EXAMPLE_PLAN))


def test_example_plan_has_files_to_check():
    names = {path.name for path in plan_files(EXAMPLE_PLAN)}
    assert {"plan.yaml", "roles.yaml", "audiences.yaml", "channels.yaml", "distribution-lists.yaml"} <= names
    assert len(names) > 5


def test_schema_rejects_unknown_key():
    schema = json.loads((SCHEMA / "communication.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "a", "name": "A", "type": "internal", "trigger": {"kind": "scheduled", "schedule": "daily"}, "aprover": "x"}, schema)


def test_init_writes_schema_and_modelines(cli, tmp_path):
    plan = tmp_path / "plan"
    cli("init", plan)
    yaml_files = sorted(plan.rglob("*.yaml"))

    assert sorted(path.name for path in (plan / SCHEMA_DIR).iterdir()) == sorted(path.name for path in SCHEMA.glob("*.json"))
    for name in (plan / SCHEMA_DIR).iterdir():
        assert name.read_text() == (SCHEMA / name.name).read_text()
    assert yaml_files
    for path in yaml_files:
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{path}: modeline points at missing {target}"
        assert "://" not in first


def test_init_modeline_schema_validates_file(cli, tmp_path):
    plan = tmp_path / "plan"
    cli("init", plan)
    for path in plan_files(plan):
        first = path.read_text().splitlines()[0]
        schema = json.loads((path.parent / first.split("$schema=", 1)[1]).read_text())
        relpath = path.relative_to(plan).as_posix()
        jsonschema.validate(parse_yaml(path.read_bytes(), relpath, relpath).data, schema, cls=jsonschema.Draft202012Validator)


def test_init_plan_validates_clean(cli, tmp_path):
    plan = tmp_path / "plan"
    cli("init", plan)
    result = cli("validate", plan)
    assert result.exit_code == 0
    assert "No findings in 9 files." in result.stdout


def test_schema_keeps_files_it_did_not_write(cli, tmp_path):
    mine = tmp_path / "roles.schema.json"
    mine.write_text('{"$id": "https://example.com/roles.json"}\n', encoding="utf-8")

    result = cli("schema", "--out", tmp_path)

    assert result.exit_code == 2
    assert "roles.schema.json exists and is not a schema written by commsctl" in result.stderr
    assert mine.read_text(encoding="utf-8") == '{"$id": "https://example.com/roles.json"}\n'
    assert not (tmp_path / "plan.schema.json").exists()


def test_schema_force_replaces_other_files(cli, tmp_path):
    mine = tmp_path / "roles.schema.json"
    mine.write_text("not json\n", encoding="utf-8")

    result = cli("schema", "--out", tmp_path, "--force")

    assert result.exit_code == 0, result.stderr
    assert json.loads(mine.read_text(encoding="utf-8"))["$id"] == "commsctl/roles.schema.json"


def test_schema_replaces_generated_files(cli, tmp_path):
    assert cli("schema", "--out", tmp_path).exit_code == 0
    (tmp_path / "roles.schema.json").write_text('{"$id": "commsctl/roles.schema.json"}\n', encoding="utf-8")

    result = cli("schema", "--out", tmp_path)

    assert result.exit_code == 0, result.stderr
    assert cli("schema", "--check", "--out", tmp_path).exit_code == 0


def test_schema_check_missing_directory(cli, tmp_path):
    result = cli("schema", "--check", "--out", tmp_path / "missing")

    assert result.exit_code == 2
    assert "not found" in result.stderr
