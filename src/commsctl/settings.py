"""Apply a plan's ``lint`` settings and inline suppression comments to the findings of every rule.

``plan.yaml`` may hold::

    lint:
      rules: {unused-channel: off, role-without-backup: warning}
      ignore: [communications/drafts/**]

and any YAML line may end with ``# commsctl: ignore[rule-name, other-rule]``
to silence those rules' findings on that line. As in ruff, a comment must name
its rules, unknown rule names are reported with a suggestion, and a comment that
silences nothing is reported as unused.

Findings that mean a file could not be read at all (``UNSUPPRESSIBLE``) are
always reported: the settings that would silence them may be in the unreadable
file itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import yaml

from commsctl.findings import Finding, Severity
from commsctl.model import LintSettings
from commsctl.pathmatch import ancestors_and_self, glob_to_regex
from commsctl.suggest import closest
from commsctl.yamlfile import YamlDocument

UNSUPPRESSIBLE = frozenset({"missing-file", "unreadable-file", "yaml-encoding", "yaml-syntax"})

# A YAML comment starts with '#' at the start of a line or after whitespace.
_SUPPRESSION = re.compile(r"(?:^|(?<=\s))#\s*commsctl\s*:\s*ignore\b(?P<rest>.*)$")
_NAMES = re.compile(r"^\[(?P<names>[^\]]*)\]")


@dataclass
class Suppression:
    """One ``# commsctl: ignore[...]`` comment and the rule names it lists."""

    path: str
    line: int
    column: int
    names: list[str]
    used: set[str] = field(default_factory=set)


def apply_settings(loaded, findings: list[Finding]) -> list[Finding]:
    """Return ``findings`` with the plan's settings and suppressions applied, plus findings about them."""
    from commsctl.rules import RULES

    settings = _settings(loaded)
    ignored, bad_patterns = _ignore_matcher(settings.ignore)
    relpaths = _relpaths(loaded)

    def is_ignored(finding: Finding) -> bool:
        relpath = relpaths.get(finding.path) or _strip_root(loaded.source.display_root, finding.path)
        return ignored(relpath)

    meta = list(_setting_findings(loaded, settings, RULES))
    meta.extend(_bad_pattern_findings(loaded, bad_patterns))
    suppressions: dict[tuple[str, int], Suppression] = {}
    for relpath, document in loaded.documents.items():
        if ignored(relpath):
            continue
        for suppression, problems in _suppressions(document, RULES):
            if suppression is not None:
                suppressions[(suppression.path, suppression.line)] = suppression
            meta.extend(problems)

    kept = []
    for finding in findings:
        if finding.rule in UNSUPPRESSIBLE:
            kept.append(finding)
            continue
        if is_ignored(finding) or settings.rules.get(finding.rule) == "off":
            continue
        suppression = suppressions.get((finding.path, finding.line))
        if suppression is not None and finding.rule in suppression.names:
            suppression.used.add(finding.rule)
            continue
        kept.append(_with_configured_severity(finding, settings))

    meta.extend(_unused(suppressions.values(), RULES))
    for finding in meta:
        if settings.rules.get(finding.rule) != "off" and not is_ignored(finding):
            kept.append(_with_configured_severity(finding, settings))
    return kept


def _settings(loaded) -> LintSettings:
    if loaded.plan is None or loaded.plan.lint is None:
        return LintSettings()
    return loaded.plan.lint


def _with_configured_severity(finding: Finding, settings: LintSettings) -> Finding:
    level = settings.rules.get(finding.rule)
    if level in ("error", "warning") and level != finding.severity.value:
        return replace(finding, severity=Severity(level))
    return finding


def _ignore_matcher(patterns: list[str]):
    """Return a predicate on plan-relative paths, and the (index, error) of patterns that do not compile.

    The predicate is true when a pattern matches the file or a folder above it.
    """
    compiled = []
    bad = []
    for index, pattern in enumerate(patterns):
        try:
            compiled.append(re.compile(glob_to_regex(pattern.strip("/"))))
        except re.error as error:
            bad.append((index, str(error)))

    def matches(relpath: str) -> bool:
        if not compiled:
            return False  # the common case: no ignore patterns, thousands of record files
        candidates = ancestors_and_self(relpath)
        return any(regex.fullmatch(candidate) for regex in compiled for candidate in candidates)

    return matches, bad


def _bad_pattern_findings(loaded, bad_patterns) -> list[Finding]:
    if not bad_patterns:
        return []
    document, path = loaded.origin(loaded.plan)
    findings = []
    for index, error in bad_patterns:
        pattern = loaded.plan.lint.ignore[index]
        position = document.locate(path + ("lint", "ignore", index))
        message = f"invalid glob pattern {pattern!r} in lint.ignore ({error}): fix or remove it"
        findings.append(Finding(document.display, position.line, position.column, Severity.ERROR, "invalid-value", message))
    return findings


def _relpaths(loaded) -> dict[str, str]:
    return {document.display: relpath for relpath, document in loaded.documents.items()}


def _strip_root(display_root: str, path: str) -> str:
    if display_root in ("", "."):
        return path
    prefix = display_root.rstrip("/") + "/"
    return path[len(prefix) :] if path.startswith(prefix) else path


def did_you_mean(name: str, known) -> str:
    suggestion = closest(name, known)
    if suggestion:
        return f"did you mean {suggestion!r}?"
    return "run 'commsctl rules' for the list of rules"


def _setting_findings(loaded, settings: LintSettings, rules) -> list[Finding]:
    """Report unknown rule names in ``lint.rules``, and rules that cannot be configured."""
    if loaded.plan is None or loaded.plan.lint is None:
        return []
    document, path = loaded.origin(loaded.plan)
    findings = []
    for name in settings.rules:
        position = document.locate(path + ("lint", "rules", name), key=True)
        if name not in rules:
            message = f"unknown rule {name!r} in lint.rules: {did_you_mean(name, rules)}"
            findings.append(_meta(document.display, position.line, position.column, "unknown-rule", message, rules))
        elif name in UNSUPPRESSIBLE:
            message = (
                f"rule {name!r} cannot be configured: a file that cannot be read hides part of the plan "
                "from every check; remove this entry"
            )
            findings.append(Finding(document.display, position.line, position.column, Severity.ERROR, "invalid-value", message))
    return findings


def _meta(path: str, line: int, column: int, rule: str, message: str, rules) -> Finding:
    return Finding(path, line, column, rules[rule].severity, rule, message)


def _suppressions(document: YamlDocument, rules):
    """Yield each suppression comment of ``document`` with the findings its own text causes."""
    if "commsctl" not in document.text:
        return
    scalar_spans = None  # computed on the first candidate comment: walking the node tree is the costly part
    for number, text in enumerate(document.text.splitlines(), start=1):
        if "commsctl" not in text:
            continue
        match = _SUPPRESSION.search(text)
        if match is None:
            continue
        if scalar_spans is None:
            scalar_spans = _scalar_spans(document)
        if _inside_scalar(scalar_spans, number, match.start() + 1):
            continue

        column = match.start() + 1
        names_match = _NAMES.match(match.group("rest").strip())
        names = [name.strip() for name in names_match.group("names").split(",")] if names_match else []
        names = [name for name in names if name]
        if not names:
            message = (
                "suppression comment names no rule: write '# commsctl: ignore[rule-name]' "
                "with the rules to silence on this line"
            )
            yield None, [_meta(document.display, number, column, "blanket-suppression", message, rules)]
            continue

        problems = []
        for name in names:
            if name not in rules:
                message = f"unknown rule {name!r} in suppression comment: {did_you_mean(name, rules)}"
                problems.append(_meta(document.display, number, column, "unknown-rule", message, rules))
        known = [name for name in names if name in rules]
        yield Suppression(document.display, number, column, known), problems


def _unused(suppressions, rules) -> list[Finding]:
    findings = []
    for suppression in suppressions:
        for name in suppression.names:
            if name not in suppression.used:
                message = f"suppression of {name!r} matches no finding on this line: remove it from the comment"
                findings.append(
                    _meta(suppression.path, suppression.line, suppression.column, "unused-suppression", message, rules)
                )
    return findings


def _scalar_spans(document: YamlDocument) -> list[tuple[int, int, int, int]]:
    """Return (start line, start column, end line, end column) of every scalar, 1-based."""
    spans = []
    stack = [document.root] if document.root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            start, end = node.start_mark, node.end_mark
            spans.append((start.line + 1, start.column + 1, end.line + 1, end.column + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                stack.extend((key_node, value_node))
    return spans


def _inside_scalar(spans, line: int, column: int) -> bool:
    """Return True when (line, column) lies inside a scalar's text, where '#' is content, not a comment."""
    for start_line, start_column, end_line, end_column in spans:
        if (start_line, start_column) <= (line, column) < (end_line, end_column):
            return True
    return False
