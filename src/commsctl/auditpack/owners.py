"""The pack's Code owners section: who owns each plan artifact, from the CODEOWNERS file at the revision."""

from __future__ import annotations

from commsctl.codeowners import CODEOWNERS_LOCATIONS, codeowners_for_source
from commsctl.loader import COMMUNICATIONS_DIR, LIST_FILES, PLAN_FILE, TEMPLATES_DIR, YAML_SUFFIXES

NO_OWNER = "no code owner"
FILE_KINDS = {
    PLAN_FILE: "plan",
    "roles.yaml": "roles",
    "audiences.yaml": "audiences",
    "channels.yaml": "channels",
    "distribution-lists.yaml": "distribution lists",
}


def plan_artifacts(source) -> list[tuple[str, str]]:
    """Return (path inside the plan, kind) of the plan files, communications and templates at the revision."""
    artifacts = [(name, FILE_KINDS.get(name, "plan")) for name in (PLAN_FILE, *LIST_FILES) if source.exists(name)]
    artifacts += [(path, "communication") for path in source.list_files(COMMUNICATIONS_DIR) if path.endswith(YAML_SUFFIXES)]
    artifacts += [(path, "template") for path in source.list_files(TEMPLATES_DIR)]
    return artifacts


def code_owners_section(source) -> dict:
    """Return the CODEOWNERS file used and the owners of every plan artifact, read from the Git tree of the source.

    ``file`` is None when the revision has no CODEOWNERS in any of the places
    GitHub looks (``CODEOWNERS_LOCATIONS``).
    """
    found = codeowners_for_source(source)
    if found is None:
        return {"file": None, "locations": list(CODEOWNERS_LOCATIONS), "artifacts": []}

    codeowners, prefix = found
    artifacts = []
    for relpath, kind in plan_artifacts(source):
        path = f"{prefix}/{relpath}" if prefix else relpath
        owners = codeowners.owners_of(path)
        artifacts.append({"path": path, "kind": kind, "owners": ", ".join(owners) if owners else NO_OWNER})
    return {"file": codeowners.path, "locations": list(CODEOWNERS_LOCATIONS), "artifacts": artifacts}
