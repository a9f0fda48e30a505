"""JSON Schema files generated from the models, one per plan file kind."""

from __future__ import annotations

import json
from pathlib import Path

from commsctl.errors import UserError
from commsctl.fileio import write_atomic


def schema_documents() -> dict[str, dict]:
    """Return file name -> JSON Schema document, in a stable order."""
    from commsctl import model, records_model

    kinds = {
        "plan.schema.json": (model.Plan, "plan.yaml"),
        "roles.schema.json": (model.RolesFile, "roles.yaml"),
        "audiences.schema.json": (model.AudiencesFile, "audiences.yaml"),
        "channels.schema.json": (model.ChannelsFile, "channels.yaml"),
        "distribution-lists.schema.json": (model.DistributionListsFile, "distribution-lists.yaml"),
        "communication.schema.json": (model.Communication, "communications/<id>.yaml"),
        "event.schema.json": (records_model.Event, "events/<id>.yaml"),
        "record.schema.json": (records_model.Record, "records/<yyyy>/<name>.yaml"),
    }
    documents = {}
    for filename, (cls, describes) in kinds.items():
        schema = cls.model_json_schema()
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"commsctl/{filename}",
            "title": f"commsctl {describes}",
            **{key: value for key, value in schema.items() if key != "title"},
        }
        documents[filename] = schema
    return documents


def render_schema(document: dict) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(out: Path, *, force: bool = False) -> list[Path]:
    """Write every schema into ``out``; raise UserError naming a file that commsctl did not generate, unless ``force``.

    Nothing is written when any file is refused.
    """
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {str(out)!r} exists and is not a directory: choose a directory for the schema files")
    documents = schema_documents()
    if not force:
        for filename in documents:
            _check_replaceable(out / filename)

    written = []
    for filename, document in documents.items():
        path = out / filename
        try:
            write_atomic(path, render_schema(document).encode("utf-8"))
        except OSError as error:
            raise UserError(f"cannot write {path}: {error.strerror or error}; choose another --out directory") from None
        written.append(path)
    return written


def _check_replaceable(path: Path) -> None:
    """Raise UserError unless ``path`` is absent or is a JSON Schema that commsctl generated."""
    if not path.exists() and not path.is_symlink():
        return
    if path.is_file() and not path.is_symlink() and _is_generated_schema(path):
        return
    raise UserError(
        f"{path} exists and is not a schema written by commsctl (its $id does not start with 'commsctl/'): "
        "choose another --out directory, or pass --force to replace it"
    )


def _is_generated_schema(path: Path) -> bool:
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(document, dict) and str(document.get("$id", "")).startswith("commsctl/")


def check_schemas(out: Path) -> list[str]:
    """Return the names of schema files in ``out`` that are missing or differ from the models."""
    if not out.is_dir():
        raise UserError(f"--out directory {str(out)!r} not found: run 'commsctl schema --out {out}' to create it")
    stale = []
    for filename, document in schema_documents().items():
        path = out / filename
        if not path.is_file() or path.read_bytes() != render_schema(document).encode("utf-8"):
            stale.append(filename)
    return stale
