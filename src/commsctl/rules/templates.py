"""Rules on the Jinja templates: they parse, stay under templates/, and use exactly the documented variables.

Each template is parsed once per run (``commsctl.templating.parse_template``
caches its analysis on the loaded plan). Templates whose path is already reported
by the reference rules (outside the plan, missing) are skipped here.
"""

from __future__ import annotations

from collections.abc import Iterator

from commsctl.findings import Severity
from commsctl.rules.registry import Hit, rule
from commsctl.templating import (
    CONTEXT_NAMES,
    REQUIRED_BLOCKS,
    TemplateLoadError,
    parse_template,
    plan_template_path,
    template_closure,
)


@rule("template-syntax", Severity.ERROR, "A template that Jinja cannot parse, or that lacks a subject or body block, cannot be rendered.")
def template_syntax(loaded) -> Iterator[Hit]:
    seen: set[str] = set()
    checked_blocks: set[str] = set()
    for _, relpath in _main_templates(loaded):
        for parsed in template_closure(loaded, relpath):
            if parsed.relpath in seen:
                continue
            seen.add(parsed.relpath)
            if parsed.error is not None:
                yield Hit(None, (), f"invalid template: {parsed.error}", relpath=parsed.relpath, line=parsed.error_line)

        main = parse_template(loaded, relpath)
        if not main.parsed or relpath in checked_blocks:
            continue
        checked_blocks.add(relpath)
        for block in REQUIRED_BLOCKS:
            if block not in main.blocks:
                yield Hit(
                    None,
                    (),
                    f"template has no '{block}' block: add {{% block {block} %}}...{{% endblock %}}",
                    relpath=relpath,
                )


@rule("template-include", Severity.ERROR, "Templates may include, import or extend only existing files under templates/, so a plan cannot read other files.")
def template_include(loaded) -> Iterator[Hit]:
    seen: set[str] = set()
    for _, relpath in _main_templates(loaded):
        for parsed in template_closure(loaded, relpath):
            if parsed.relpath in seen or not parsed.parsed:
                continue
            seen.add(parsed.relpath)
            for name, line in parsed.references.items():
                try:
                    plan_template_path(loaded, name)
                except TemplateLoadError as error:
                    yield Hit(None, (), str(error), relpath=parsed.relpath, line=line)


@rule("template-unused-element", Severity.WARNING, "A content element the template never uses is missing from every message drafted from it.")
def template_unused_element(loaded) -> Iterator[Hit]:
    for communication, relpath in _main_templates(loaded):
        parsed_templates = template_closure(loaded, relpath)
        if not all(parsed.parsed for parsed in parsed_templates):
            continue

        used: set[str] = set()
        for parsed in parsed_templates:
            used |= set(parsed.variables) | parsed.data_keys
        for index, element in enumerate(communication.what or []):
            if element.id not in used:
                yield Hit(
                    communication,
                    ("what", index, "id"),
                    f"content element {element.id!r} is never used by {relpath}: "
                    f"add {{{{ {element.id} }}}} to the template or remove the element",
                )


@rule("template-unknown-variable", Severity.ERROR, "A variable that is neither a content element nor part of the template context stops every render.")
def template_unknown_variable(loaded) -> Iterator[Hit]:
    from jinja2.defaults import DEFAULT_NAMESPACE

    for communication, relpath in _main_templates(loaded):
        if not communication.what:
            continue  # without `what`, missing-what is the finding, not every variable the template reads

        known = {element.id for element in communication.what or []} | set(CONTEXT_NAMES) | set(DEFAULT_NAMESPACE)
        for parsed in template_closure(loaded, relpath):
            for name, line in sorted(parsed.variables.items()):
                if name not in known:
                    yield Hit(
                        None,
                        (),
                        f"unknown variable {name!r} for communication {communication.id!r}: add it to 'what' "
                        f"in the communication, or use one of the context variables "
                        f"({', '.join(CONTEXT_NAMES)}), or data.{name} for an optional value",
                        relpath=parsed.relpath,
                        line=line,
                    )


def _main_templates(loaded) -> list[tuple]:
    """Return (communication, readable template path) pairs; bad paths are the reference rules' findings."""
    pairs = []
    for communication in loaded.communications:
        if not communication.template:
            continue
        try:
            pairs.append((communication, plan_template_path(loaded, communication.template, allow_elsewhere=True)))
        except TemplateLoadError:
            continue
    return pairs
