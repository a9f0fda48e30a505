"""The committed JSON Schema files match the models, and the example plan satisfies them."""

from __future__ import annotations

import json

import jsonschema
import pytest

from commsctl.yamlfile import parse_yaml
from conftest import EXAMPLE_PLAN, ROOT

SCHEMA_DIR = ROOT / "schema"

FILE_KINDS = {
    "plan.yaml": "plan.schema.json",
    "roles.yaml": "roles.schema.json",
    "audiences.yaml": "audiences.schema.json",
    "channels.yaml": "channels.schema.json",
    "distribution-lists.yaml": "distribution-lists.schema.json",
}


def test_committed_schema_matches_models(cli):
    result = cli("schema", "--check", "--out", SCHEMA_DIR)
    assert result.exit_code == 0, result.stderr


def test_schema_check_detects_drift(cli, tmp_path):
    cli("schema", "--out", tmp_path)
    (tmp_path / "roles.schema.json").write_text("{}\n")
    result = cli("schema", "--check", "--out", tmp_path)
    assert result.exit_code == 1
    assert "roles.schema.json" in result.stderr


def example_files():
    pairs = [(name, schema) for name, schema in FILE_KINDS.items()]
    pairs += [
        (f"communications/{path.name}", "communication.schema.json")
        for path in sorted((EXAMPLE_PLAN / "communications").glob("*.yaml"))
    ]
    return pairs


@pytest.mark.parametrize(("relpath", "schema_name"), example_files())
def test_example_file_satisfies_schema(relpath, schema_name):
    schema = json.loads((SCHEMA_DIR / schema_name).read_text(encoding="utf-8"))
    document = parse_yaml((EXAMPLE_PLAN / relpath).read_bytes(), relpath, relpath)
    jsonschema.validate(document.data, schema)


def test_schema_rejects_unknown_key():
    schema = json.loads((SCHEMA_DIR / "roles.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"roles": [{"id": "a", "title": "A", "members": ["x"], "colour": "red"}]}, schema)
