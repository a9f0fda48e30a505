"""Rules on review ownership: files that change what outsiders receive need a code owner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from commsctl.errors import PlanPathError
from commsctl.findings import Severity
from commsctl.rules.registry import Hit, rule

# Plan files that decide who receives messages and through which route.
_ROUTING_FILES = ("channels.yaml", "distribution-lists.yaml")


def _in_repository(prefix: str, relpath: str) -> str:
    return str(PurePosixPath(prefix) / relpath) if prefix else relpath


@rule(
    "uncovered-by-codeowners",
    Severity.WARNING,
    "Templates of external communications, channels and distribution lists need a code owner to review changes.",
)
def uncovered_by_codeowners(loaded) -> Iterator[Hit]:
    from commsctl.codeowners import codeowners_for_source
    from commsctl.sources import check_relative_path

    found = codeowners_for_source(loaded.source)
    if found is None:
        return
    codeowners, prefix = found

    for relpath in _ROUTING_FILES:
        path = _in_repository(prefix, relpath)
        if loaded.source.exists(relpath) and not codeowners.is_covered(path):
            yield Hit(
                None,
                (),
                f"{path} has no code owner in {codeowners.path}: add a line such as '/{path} @your-team'",
                relpath=relpath,
            )

    for communication in loaded.communications:
        if communication.type != "external" or not communication.template:
            continue
        try:
            template = str(check_relative_path(communication.template))
        except PlanPathError:  # reported by template-outside-plan
            continue
        path = _in_repository(prefix, template)
        if loaded.source.exists(template) and not codeowners.is_covered(path):
            yield Hit(
                communication,
                ("template",),
                f"template {path} of external communication {communication.id!r} has no code owner in "
                f"{codeowners.path}: add a line such as '/{path} @your-team'",
            )
