"""Load a plan: read each file once, parse it, validate it against the models.

Problems with a single file (bad YAML, a schema error) become findings and never
stop the load, so one run reports everything. A list entry or a communication
that fails its schema is left out of the loaded plan, but its id is remembered
so that references to it are not reported a second time as unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from pydantic import BaseModel, ValidationError

from commsctl.collector import collector_paused
from commsctl.findings import Finding, Severity
from commsctl.model import (
    Audience,
    Channel,
    Communication,
    DistributionList,
    Plan,
    PlanModel,
    Role,
)
from commsctl.schema_findings import UNKNOWN_KEY, root_type_finding, validation_findings
from commsctl.sources import PlanSource, UnreadablePlanFile, display_path
from commsctl.yamlfile import Position, YamlDocument, parse_yaml

PLAN_FILE = "plan.yaml"
COMMUNICATIONS_DIR = "communications"
TEMPLATES_DIR = "templates"
YAML_SUFFIXES = (".yaml", ".yml")

# File name -> (top-level key, model of one entry, collection name in LoadedPlan).
LIST_FILES: dict[str, tuple[str, type[PlanModel], str]] = {
    "roles.yaml": ("roles", Role, "roles"),
    "audiences.yaml": ("audiences", Audience, "audiences"),
    "channels.yaml": ("channels", Channel, "channels"),
    "distribution-lists.yaml": ("distribution_lists", DistributionList, "distribution_lists"),
}


@dataclass
class LoadedPlan:
    """Everything read from one plan, valid parts as models, problems as findings."""

    source: PlanSource
    plan: Plan | None = None
    roles: list[Role] = field(default_factory=list)
    audiences: list[Audience] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    distribution_lists: list[DistributionList] = field(default_factory=list)
    communications: list[Communication] = field(default_factory=list)
    # Execution evidence (events/ and records/), models from commsctl.records_model.
    events: list = field(default_factory=list)
    records: list = field(default_factory=list)
    documents: dict[str, YamlDocument] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # Ids of entries that exist but failed their schema, by collection name.
    invalid_ids: dict[str, set[str]] = field(default_factory=dict)
    # id(entity) -> (document, path of the entity inside it); see origin().
    origins: dict[int, tuple[YamlDocument, tuple]] = field(default_factory=dict)
    # Results that several rules share, computed once per load (see rules.references).
    memo: dict[str, object] = field(default_factory=dict)

    def origin(self, entity: BaseModel) -> tuple[YamlDocument, tuple]:
        """Return the document an entity was read from and its path inside that document."""
        return self.origins[id(entity)]

    def locate(self, entity: BaseModel, *subpath: object, key: bool = False) -> tuple[str, Position]:
        """Return (display path, position) of ``entity`` or of a key or item inside it."""
        document, path = self.origins[id(entity)]
        return document.display, document.locate(path + subpath, key=key)

    def by_id(self, collection: str) -> dict[str, PlanModel]:
        """Return the entries of a collection by id; the first of duplicate ids wins."""
        index: dict[str, PlanModel] = {}
        for item in getattr(self, collection):
            index.setdefault(item.id, item)
        return index

    def known_ids(self, collection: str) -> set[str]:
        """Return valid and schema-invalid ids, for reference checks."""
        return {item.id for item in getattr(self, collection)} | self.invalid_ids.get(collection, set())

    def file_count(self) -> int:
        return len(self.documents)


def load_plan(source: PlanSource, *, execution: bool = True) -> LoadedPlan:
    """Read, parse and validate every plan file of ``source``.

    With ``execution=False`` the events/ and records/ folders are not read.
    """
    with collector_paused():
        return _load(source, execution)


def _load(source: PlanSource, execution: bool) -> LoadedPlan:
    loaded = LoadedPlan(source=source)

    plan_document = _read(loaded, PLAN_FILE)
    if plan_document is not None:
        loaded.plan = _validate_object(loaded, plan_document, Plan, (), "plan")

    for filename, (key, model, collection) in LIST_FILES.items():
        document = _read(loaded, filename, required=True)
        if document is not None:
            _load_list_file(loaded, document, key, model, collection)

    listed = source.list_files(COMMUNICATIONS_DIR)
    if not listed:
        loaded.findings.append(
            Finding(
                display_path(source.display_root, COMMUNICATIONS_DIR),
                1,
                1,
                Severity.ERROR,
                "missing-file",
                f"no {COMMUNICATIONS_DIR}/ folder with communications: add one YAML file per communication, "
                f"such as {COMMUNICATIONS_DIR}/major-incident-update.yaml",
            )
        )
    for relpath in listed:
        if not relpath.endswith(YAML_SUFFIXES) and relpath != COMMUNICATIONS_DIR:
            continue
        document = _read(loaded, relpath)
        communication = None
        if document is not None:
            communication = _validate_object(loaded, document, Communication, (), "communications")
        if communication is not None:
            loaded.communications.append(communication)
        else:
            # A file that failed to parse still names its communication, so that records
            # and control points that refer to it are not reported a second time.
            loaded.invalid_ids.setdefault("communications", set()).add(PurePosixPath(relpath).stem)

    if execution:
        from commsctl.records_loader import load_execution

        load_execution(loaded)
    return loaded


def _read(loaded: LoadedPlan, relpath: str, *, required: bool = False, parse=parse_yaml) -> YamlDocument | None:
    source = loaded.source
    shown = display_path(source.display_root, relpath)

    if not source.exists(relpath):
        if required or relpath == PLAN_FILE:
            loaded.findings.append(
                Finding(
                    shown,
                    1,
                    1,
                    Severity.ERROR,
                    "missing-file",
                    f"{relpath} not found: create it (see 'commsctl init' for a starter plan)",
                )
            )
        return None

    try:
        raw = source.read(relpath)
    except IsADirectoryError:
        reason = "is a directory, expected a YAML file: rename or remove the directory"
        loaded.findings.append(Finding(shown, 1, 1, Severity.ERROR, "unreadable-file", f"{relpath} {reason}"))
        return None
    except UnreadablePlanFile as error:
        loaded.findings.append(Finding(shown, 1, 1, Severity.ERROR, "unreadable-file", str(error)))
        return None
    except OSError as error:
        reason = error.strerror or str(error)
        loaded.findings.append(
            Finding(
                shown,
                1,
                1,
                Severity.ERROR,
                "unreadable-file",
                f"cannot read {relpath}: {reason}; check the file's permissions",
            )
        )
        return None

    document = parse(raw, relpath, shown)
    loaded.documents[relpath] = document
    for problem in document.problems:
        loaded.findings.append(
            Finding(shown, problem.position.line, problem.position.column, Severity.ERROR, problem.rule, problem.message)
        )
    if any(problem.rule in ("yaml-syntax", "yaml-encoding") for problem in document.problems) and document.root is None:
        return None
    return document


def _validate_object(
    loaded: LoadedPlan, document: YamlDocument, model: type[PlanModel], prefix: tuple, collection: str
) -> PlanModel | None:
    data = document.data
    if prefix == () and not isinstance(data, dict):
        loaded.findings.append(root_type_finding(document, "a mapping"))
        return None

    try:
        instance = model.model_validate(_at(data, prefix))
    except ValidationError as error:
        loaded.findings.extend(validation_findings(error, document, model, prefix))
        _remember_invalid_id(loaded, collection, _at(data, prefix))
        return None

    loaded.origins[id(instance)] = (document, prefix)
    return instance


def _load_list_file(
    loaded: LoadedPlan, document: YamlDocument, key: str, model: type[PlanModel], collection: str
) -> None:
    data = document.data
    if not isinstance(data, dict):
        loaded.findings.append(root_type_finding(document, f"a mapping with a '{key}' list"))
        return

    for other in data:
        if other != key:
            message = f"unknown key {other!r}: {document.relpath} contains only a '{key}' list"
            _report(loaded, document, (other,), UNKNOWN_KEY, message, key=True)

    entries = data.get(key)
    if entries is None:
        _report(loaded, document, (), "missing-key", f"missing required key {key!r}: add a '{key}:' list")
        return
    if not isinstance(entries, list):
        message = f"'{key}' must be a list of entries, each starting with '- id: ...'"
        _report(loaded, document, (key,), "invalid-value", message)
        return

    target = getattr(loaded, collection)
    for index in range(len(entries)):
        instance = _validate_object(loaded, document, model, (key, index), collection)
        if instance is not None:
            target.append(instance)


def _report(loaded: LoadedPlan, document: YamlDocument, path: tuple, rule: str, message: str, *, key: bool = False) -> None:
    position = document.locate(path, key=key)
    loaded.findings.append(Finding(document.display, position.line, position.column, Severity.ERROR, rule, message))


def _at(data: object, prefix: tuple) -> object:
    for segment in prefix:
        data = data[segment]  # type: ignore[index]
    return data


def _remember_invalid_id(loaded: LoadedPlan, collection: str, data: object) -> None:
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        loaded.invalid_ids.setdefault(collection, set()).add(data["id"])


def communication_stem(loaded: LoadedPlan, communication: Communication) -> str:
    """Return the file stem of the communication's source file."""
    document, _ = loaded.origin(communication)
    return PurePosixPath(document.relpath).stem
