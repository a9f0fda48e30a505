"""``commsctl init``: copy the starter plan shipped in the package into a new directory."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from commsctl.errors import UserError
from commsctl.fileio import ensure_empty_directory, write_new


SCHEMA_DIR = ".schema"

# Plan file -> JSON Schema file under SCHEMA_DIR; communications/*.yaml use COMMUNICATION_SCHEMA.
SCHEMA_OF_FILE = {
    "plan.yaml": "plan.schema.json",
    "roles.yaml": "roles.schema.json",
    "audiences.yaml": "audiences.schema.json",
    "channels.yaml": "channels.schema.json",
    "distribution-lists.yaml": "distribution-lists.schema.json",
}
COMMUNICATION_SCHEMA = "communication.schema.json"


def schema_for(relpath: str) -> str | None:
    """Return the schema file name of a plan file, or None for files without one (templates)."""
    if relpath in SCHEMA_OF_FILE:
        return SCHEMA_OF_FILE[relpath]
    if relpath.startswith("communications/") and relpath.endswith((".yaml", ".yml")):
        return COMMUNICATION_SCHEMA
    if relpath.startswith("events/") and relpath.endswith((".yaml", ".yml")):
        return "event.schema.json"
    if relpath.startswith("records/") and relpath.endswith((".yaml", ".yml")):
        return "record.schema.json"
    return None


def with_schema_modeline(relpath: str, data: bytes) -> bytes:
    """Prefix a YAML file with ``# yaml-language-server: $schema=...``, relative to the file's folder."""
    schema = schema_for(relpath)
    if schema is None:
        return data
    depth = relpath.count("/")
    target = "../" * depth + f"{SCHEMA_DIR}/{schema}"
    return f"# yaml-language-server: $schema={target}\n".encode() + data


def _with_editor_support(files: dict[str, bytes]) -> dict[str, bytes]:
    from commsctl.schema_export import render_schema, schema_documents

    result = {f"{SCHEMA_DIR}/{name}": render_schema(document).encode("utf-8") for name, document in schema_documents().items()}
    for relpath, data in files.items():
        result[relpath] = with_schema_modeline(relpath, data)
    return result


def _starter_files() -> dict[str, bytes]:
    root = resources.files("commsctl") / "starter"
    files: dict[str, bytes] = {}

    def walk(node, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda item: item.name):
            name = f"{prefix}{child.name}"
            if child.is_dir():
                walk(child, f"{name}/")
            elif not child.name.startswith("."):
                files[name] = child.read_bytes()

    walk(root, "")
    return files


def write_starter_plan(plan_dir: Path, *, editor_support: bool = False) -> list[Path]:
    """Write the starter plan into ``plan_dir``, which must be new or empty; return the files written.

    With ``editor_support`` (as ``commsctl init`` does), the plan's JSON Schema
    files go to ``.schema/`` and every YAML file starts with a
    ``yaml-language-server`` modeline pointing at its schema, so editors complete
    and check keys without any network access. Without it, the files are the
    starter files exactly, as the tests' line numbers expect.
    """
    ensure_empty_directory(plan_dir)
    files = _starter_files()
    if editor_support:
        files = _with_editor_support(files)

    written = []
    for relpath, data in files.items():
        target = plan_dir / relpath
        try:
            write_new(target, data)
        except FileExistsError:
            raise UserError(f"{target} already exists: choose an empty directory") from None
        except OSError as error:
            raise UserError(
                f"cannot create the starter plan in {str(plan_dir)!r}: {error.strerror or error} "
                f"({error.filename or target}); choose a directory you can write to"
            ) from None
        written.append(target)
    return written
