"""Jinja templates of a plan: the sandboxed environment, the plan-confined loader, parsing and variables.

Both ``commsctl render`` and the template rules of ``commsctl validate`` go
through this module, so a template that validates is read and parsed exactly
the way it is rendered. jinja2 is imported inside the functions, because
importing the rules must stay cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from commsctl.errors import PlanPathError
from commsctl.loader import TEMPLATES_DIR
from commsctl.sources import PlanSource, check_relative_path, display_path

# The variables every template gets besides one per `what` element; docs/templates.md describes each.
CONTEXT_NAMES = ("communication", "plan", "audiences", "channels", "owner", "approver", "event_id", "data")

REQUIRED_BLOCKS = ("subject", "body")
OPTIONAL_BLOCKS = ("html",)


class TemplateLoadError(Exception):
    """A template name that cannot be served: outside templates/, outside the plan, missing or not UTF-8."""


def template_loader(source: PlanSource, main_template: str | None = None):
    """Return a Jinja loader that serves plan-relative template paths from ``source``.

    Every name must lie under ``templates/``, except ``main_template`` (the
    communication's own template, which validate only warns about when it
    lies elsewhere in the plan). Paths with ``..``, absolute paths and
    symbolic links that resolve outside the plan or, for included
    templates, outside ``templates/`` are rejected.
    """
    from jinja2 import BaseLoader, TemplateNotFound

    class PlanTemplateLoader(BaseLoader):
        def get_source(self, environment, template):
            try:
                relpath = checked_template_path(source, template, allow_elsewhere=template == main_template)
            except TemplateLoadError as error:
                raise TemplateNotFound(template, str(error)) from None
            text = read_template(source, relpath)
            return text, display_path(source.display_root, relpath), lambda: True

    return PlanTemplateLoader()


def checked_template_path(source: PlanSource, name: str, *, allow_elsewhere: bool = False) -> str:
    """Return ``name`` normalised, or raise TemplateLoadError when it may not be read as a template."""
    try:
        clean = check_relative_path(name)
    except PlanPathError as error:
        raise TemplateLoadError(str(error)) from None

    relpath = clean.as_posix()
    under_templates = clean.parts[:1] == (TEMPLATES_DIR,)
    if not under_templates and not allow_elsewhere:
        raise TemplateLoadError(
            f"template {name!r} is not under {TEMPLATES_DIR}/: templates may only include or import "
            f"files under {TEMPLATES_DIR}/, named from the plan directory such as {TEMPLATES_DIR}/footer.md.j2"
        )

    resolve_inside = getattr(source, "resolve_inside", None)
    if resolve_inside is not None:
        try:
            real = resolve_inside(relpath)
        except PlanPathError as error:
            raise TemplateLoadError(str(error)) from None
        if under_templates:
            templates_root = resolve_inside(TEMPLATES_DIR)
            if templates_root not in real.parents:
                raise TemplateLoadError(
                    f"template {name!r} resolves outside {TEMPLATES_DIR}/ through a symbolic link: "
                    "replace the link with the file itself"
                )

    if not source.exists(relpath):
        raise TemplateLoadError(f"template {name!r} not found in the plan: create it or fix the name")
    return relpath


def read_template(source: PlanSource, relpath: str) -> str:
    """Return the text of a template; raise TemplateLoadError when it cannot be read as UTF-8."""
    try:
        raw = source.read(relpath)
    except OSError as error:
        raise TemplateLoadError(f"cannot read template {relpath!r}: {error.strerror or error}") from None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise TemplateLoadError(
            f"template {relpath!r} is not UTF-8 (invalid byte 0x{raw[error.start]:02x}): save it as UTF-8"
        ) from None


def make_environment(source: PlanSource, *, main_template: str | None = None, autoescape: bool = False):
    """Return the sandboxed, strict environment that renders the plan's templates.

    The immutable sandbox also rejects calls that change lists and dicts, so a
    template cannot alter the context it was given. ``autoescape`` is chosen
    per environment, because Jinja fixes escaping when it compiles a template:
    the html block is rendered from a second, escaping environment.
    """
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(
        loader=template_loader(source, main_template),
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=False,
    )


@dataclass
class ParsedTemplate:
    """A template's abstract syntax tree, or the reason it has none."""

    relpath: str
    ast: object | None = None
    error_line: int = 1
    error: str | None = None
    # Templates named by constant include, import and extends tags.
    references: list[str] = field(default_factory=list)


def parse_template(loaded, relpath: str) -> ParsedTemplate:
    """Parse a template of the loaded plan once per run; later calls return the cached result."""
    cache = loaded.template_cache
    if relpath not in cache:
        cache[relpath] = _parse(loaded.source, relpath)
    return cache[relpath]


def _parse(source: PlanSource, relpath: str) -> ParsedTemplate:
    from jinja2 import TemplateSyntaxError, meta

    parsed = ParsedTemplate(relpath)
    try:
        text = read_template(source, relpath)
    except TemplateLoadError as error:
        parsed.error = str(error)
        return parsed

    environment = make_environment(source, main_template=relpath)
    try:
        parsed.ast = environment.parse(text, name=relpath)
    except TemplateSyntaxError as error:
        parsed.error = error.message or "invalid template syntax"
        parsed.error_line = error.lineno or 1
        return parsed

    parsed.references = [name for name in meta.find_referenced_templates(parsed.ast) if name is not None]
    return parsed


def reference_lines(ast, names: Iterable[str]) -> dict[str, int]:
    """Return the first line on which each template name of ``names`` is included, imported or extended."""
    from jinja2 import nodes

    wanted = set(names)
    lines: dict[str, int] = {}
    for node in ast.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        target = node.template
        if isinstance(target, nodes.Const) and target.value in wanted:
            lines.setdefault(target.value, node.lineno)
    return lines


def undeclared_variables(ast) -> dict[str, int]:
    """Return each variable the template reads from its context, with the first line that reads it."""
    from jinja2 import meta, nodes

    names = meta.find_undeclared_variables(ast)
    lines: dict[str, int] = {}
    for node in ast.find_all(nodes.Name):
        if node.ctx == "load" and node.name in names:
            lines[node.name] = min(lines.get(node.name, node.lineno), node.lineno)
    for name in names:
        lines.setdefault(name, 1)
    return lines


def data_keys(ast) -> set[str]:
    """Return the keys read as ``data.key`` or ``data['key']``, which also count as using an element."""
    from jinja2 import nodes

    keys: set[str] = set()
    for node in ast.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name == "data":
            keys.add(node.attr)
    for node in ast.find_all(nodes.Getitem):
        if isinstance(node.node, nodes.Name) and node.node.name == "data" and isinstance(node.arg, nodes.Const):
            keys.add(str(node.arg.value))
    return keys


def block_names(ast) -> set[str]:
    from jinja2 import nodes

    return {node.name for node in ast.find_all(nodes.Block)}


def template_closure(loaded, relpath: str) -> list:
    """Return the parsed template and every template it reaches through constant include, import and extends."""
    order = [relpath]
    index = 0
    while index < len(order):
        parsed = parse_template(loaded, order[index])
        index += 1
        for name in parsed.references:
            try:
                target = checked_template_path(loaded.source, name)
            except TemplateLoadError:
                continue
            if target not in order:
                order.append(target)
    return [parse_template(loaded, path) for path in order]
