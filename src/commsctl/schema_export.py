"""JSON Schema files generated from the models, one per plan file kind."""

from __future__ import annotations

import json
from pathlib import Path

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


def write_schemas(out: Path) -> list[Path]:
    written = []
    for filename, document in schema_documents().items():
        path = out / filename
        write_atomic(path, render_schema(document).encode("utf-8"))
        written.append(path)
    return written


def check_schemas(out: Path) -> list[str]:
    """Return the names of schema files in ``out`` that are missing or differ from the models."""
    stale = []
    for filename, document in schema_documents().items():
        path = out / filename
        if not path.is_file() or path.read_text(encoding="utf-8") != render_schema(document):
            stale.append(filename)
    return stale
