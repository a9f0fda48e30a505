"""Jinja templates of a plan: the sandboxed environment, the plan-confined loader, parsing and variables.

Both ``commsctl render`` and the template rules of ``commsctl validate`` go
through this module, so a template that validates is read and parsed exactly
the way it is rendered. jinja2 is imported inside the functions, because
importing the rules must stay cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from commsctl.errors import PlanPathError
from commsctl.loader import TEMPLATES_DIR
from commsctl.sources import PlanSource, check_relative_path, display_path

# The variables every template gets besides one per `what` element; docs/templates.md describes each.
CONTEXT_NAMES = ("communication", "plan", "audiences", "channels", "owner", "approver", "event_id", "data")

REQUIRED_BLOCKS = ("subject", "body")


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
                text = read_template(source, relpath)
            except TemplateLoadError as error:
                raise TemplateNotFound(template, str(error)) from None
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
            templates_root = resolve_inside(TEMPLATES_DIR) if under_templates else None
        except PlanPathError as error:
            raise TemplateLoadError(str(error)) from None
        if templates_root is not None and templates_root not in real.parents:
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

    return _limited_environment_class()(
        loader=template_loader(source, main_template),
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=False,
    )


# The largest string, list or number exponent that ``*`` and ``**`` may build in a template.
MAX_OPERATOR_SIZE = 1024 * 1024


def _limited_environment_class():
    """Return the immutable sandbox with ``*`` and ``**`` checked, so "x" * 10**10 fails before allocating."""
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class LimitedSandboxedEnvironment(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context, operator, left, right):
            if operator == "**" and isinstance(right, (int, float)) and abs(right) > 1000:
                raise SecurityError(f"the exponent {right} is too large (at most 1000)")
            if operator == "*":
                for sequence, count in ((left, right), (right, left)):
                    if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
                        if len(sequence) * count > MAX_OPERATOR_SIZE:
                            raise SecurityError(f"repeating a value {count} times exceeds {MAX_OPERATOR_SIZE} items")
            return super().call_binop(context, operator, left, right)

    return LimitedSandboxedEnvironment


@dataclass
class ParsedTemplate:
    """Facts the rules need from one template, computed in one pass, or the reason it could not be parsed."""

    relpath: str
    error: str | None = None
    error_line: int = 1
    # Templates named by constant include, import and extends tags, with the first line naming each.
    references: dict[str, int] = field(default_factory=dict)
    # Variables read from the context, with the first line reading each.
    variables: dict[str, int] = field(default_factory=dict)
    # Keys read as data.key or data['key'], which also count as using a `what` element.
    data_keys: set[str] = field(default_factory=set)
    blocks: set[str] = field(default_factory=set)

    @property
    def parsed(self) -> bool:
        return self.error is None


def parse_template(loaded, relpath: str) -> ParsedTemplate:
    """Parse a template of the loaded plan once per run; later calls return the cached result."""
    key = ("parsed", relpath)
    cache = _run_cache(loaded)
    if key not in cache:
        cache[key] = _parse(loaded.source, relpath)
    return cache[key]


def _run_cache(loaded) -> dict:
    """Return the cache of checked paths and parsed templates, kept on the loaded plan for one run."""
    return loaded.memo.setdefault("templates", {})


def plan_template_path(loaded, name: str, *, allow_elsewhere: bool = False) -> str:
    """Return ``checked_template_path`` for the loaded plan, checking each name once per run.

    Resolving a path costs about half a millisecond of system calls, and every
    template rule requests the same paths.
    """
    key = ("path", name, allow_elsewhere)
    cache = _run_cache(loaded)
    if key not in cache:
        try:
            cache[key] = checked_template_path(loaded.source, name, allow_elsewhere=allow_elsewhere)
        except TemplateLoadError as error:
            cache[key] = error
    result = cache[key]
    if isinstance(result, TemplateLoadError):
        raise result
    return result


def _parse(source: PlanSource, relpath: str) -> ParsedTemplate:
    from jinja2 import TemplateSyntaxError

    parsed = ParsedTemplate(relpath)
    try:
        text = read_template(source, relpath)
    except TemplateLoadError as error:
        parsed.error = str(error)
        return parsed

    environment = make_environment(source, main_template=relpath)
    try:
        ast = environment.parse(text, name=relpath)
    except TemplateSyntaxError as error:
        parsed.error = error.message or "invalid template syntax"
        parsed.error_line = error.lineno or 1
        return parsed

    _analyse(ast, parsed)
    return parsed


def _analyse(ast, parsed: ParsedTemplate) -> None:
    """Fill in references, variables, data keys and blocks with one walk over the tree."""
    from jinja2 import meta, nodes

    undeclared = meta.find_undeclared_variables(ast)
    node_types = (nodes.Name, nodes.Getattr, nodes.Getitem, nodes.Block, nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)
    for node in ast.find_all(node_types):
        if isinstance(node, nodes.Name):
            if node.ctx == "load" and node.name in undeclared:
                parsed.variables[node.name] = min(parsed.variables.get(node.name, node.lineno), node.lineno)
        elif isinstance(node, (nodes.Getattr, nodes.Getitem)):
            key = _data_key(node)
            if key is not None:
                parsed.data_keys.add(key)
        elif isinstance(node, nodes.Block):
            parsed.blocks.add(node.name)
        elif isinstance(node.template, nodes.Const) and isinstance(node.template.value, str):
            parsed.references.setdefault(node.template.value, node.lineno)

    for name in undeclared:
        parsed.variables.setdefault(name, 1)


def _data_key(node) -> str | None:
    from jinja2 import nodes

    if not (isinstance(node.node, nodes.Name) and node.node.name == "data"):
        return None
    if isinstance(node, nodes.Getattr):
        return node.attr
    if isinstance(node.arg, nodes.Const):
        return str(node.arg.value)
    return None


def template_closure(loaded, relpath: str) -> list:
    """Return the parsed template and every template it reaches through constant include, import and extends."""
    key = ("closure", relpath)
    cache = _run_cache(loaded)
    if key not in cache:
        cache[key] = _closure(loaded, relpath)
    return cache[key]


def _closure(loaded, relpath: str) -> list:
    order = [relpath]
    index = 0
    while index < len(order):
        parsed = parse_template(loaded, order[index])
        index += 1
        for name in parsed.references:
            try:
                target = plan_template_path(loaded, name)
            except TemplateLoadError:
                continue
            if target not in order:
                order.append(target)
    return [parse_template(loaded, path) for path in order]
