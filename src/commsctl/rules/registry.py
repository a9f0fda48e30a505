"""The rule table: every check has a stable kebab-case name, a default severity and a rationale."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from commsctl.findings import Finding, Severity
from commsctl.sources import display_path


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's report of one problem: the entity at fault, the key inside it, and the message.

    With ``entity=None`` the hit points at ``line`` of ``relpath`` (plan-wide rules, and files
    that are not YAML such as templates).
    """

    entity: BaseModel | None
    subpath: tuple
    message: str
    key: bool = False
    relpath: str = "plan.yaml"
    line: int = 1
    column: int = 1


RuleCheck = Callable[["object"], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    severity: Severity
    summary: str
    check: RuleCheck | None = None


RULES: dict[str, Rule] = {}


def register(name: str, severity: Severity, summary: str, check: RuleCheck | None = None) -> Rule:
    if name in RULES:
        raise ValueError(f"rule {name!r} is registered twice")
    RULES[name] = Rule(name, severity, summary, check)
    return RULES[name]


def rule(name: str, severity: Severity, summary: str) -> Callable[[RuleCheck], RuleCheck]:
    """Register the decorated function as the check of rule ``name``."""

    def decorate(check: RuleCheck) -> RuleCheck:
        register(name, severity, summary, check)
        return check

    return decorate


def run_checks(loaded, rules: Iterable[Rule]) -> Iterator[Finding]:
    """Run each rule's check on a loaded plan and turn its hits into findings."""
    for entry in rules:
        if entry.check is None:
            continue
        for hit in entry.check(loaded):
            yield _to_finding(loaded, entry, hit)


def _to_finding(loaded, entry: Rule, hit: Hit) -> Finding:
    if hit.entity is None:
        path, line, column = display_path(loaded.source.display_root, hit.relpath), hit.line, hit.column
    else:
        path, position = loaded.locate(hit.entity, *hit.subpath, key=hit.key)
        line, column = position.line, position.column
    return Finding(path, line, column, entry.severity, entry.name, hit.message)
