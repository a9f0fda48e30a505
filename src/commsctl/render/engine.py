"""Render the subject, body and html blocks of a communication's template in the Jinja sandbox.

Each block is rendered on its own from ``template.blocks`` with a new context,
so text outside the blocks is never output. Jinja decides escaping when it
compiles a template, so the html block comes from a second environment with
autoescaping on. Subject and body are plain text and are not escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from commsctl.errors import EXIT_FINDINGS, UserError
from commsctl.sources import PlanSource, display_path
from commsctl.templating import REQUIRED_BLOCKS, make_environment

_UNDEFINED_NAME = re.compile(r"^'([^']+)' is undefined$")

# Maximum number of characters one block may output. A real message is a few kilobytes;
# the limit stops a template whose loops would fill the memory.
MAX_BLOCK_CHARACTERS = 1024 * 1024


class TemplateRenderError(UserError):
    """A failure to load or render the plan's template, which is a plan problem (exit code 1)."""

    exit_code = EXIT_FINDINGS


@dataclass(frozen=True, slots=True)
class RenderedBlocks:
    subject: str
    body: str
    html: str | None


def render_blocks(source: PlanSource, relpath: str, context: dict, *, with_html: bool) -> RenderedBlocks:
    """Render the template's blocks; ``html`` is None unless requested and present."""
    template = _load(source, relpath, autoescape=False)
    for block in REQUIRED_BLOCKS:
        if block not in template.blocks:
            raise TemplateRenderError(
                f"{display_path(source.display_root, relpath)}:1: template has no '{block}' block: "
                f"add {{% block {block} %}}...{{% endblock %}}"
            )

    subject = _render_block(template, "subject", context).strip()
    body = _render_block(template, "body", context).strip("\n").rstrip() + "\n"
    html = None
    if with_html and "html" in template.blocks:
        escaping = _load(source, relpath, autoescape=True)
        html = _render_block(escaping, "html", context).strip("\n")
    return RenderedBlocks(subject, body, html)


def _load(source: PlanSource, relpath: str, *, autoescape: bool):
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    environment = make_environment(source, main_template=relpath, autoescape=autoescape)
    try:
        return environment.get_template(relpath)
    except TemplateNotFound as error:
        raise TemplateRenderError(error.message or f"template {relpath!r} not found") from None
    except TemplateSyntaxError as error:
        where = error.filename or display_path(source.display_root, relpath)
        raise TemplateRenderError(f"{where}:{error.lineno}: invalid template: {error.message}") from None


def _render_block(template, block: str, context: dict) -> str:
    from jinja2 import TemplateSyntaxError

    try:
        return _collect(template.blocks[block](template.new_context(context)), template, block)
    except TemplateRenderError:
        raise
    except Exception as error:  # noqa: BLE001 - sorted by _failure_reason; unknown ones are re-raised
        reason = _failure_reason(error)
        location = _template_location(error)
        if isinstance(error, TemplateSyntaxError) and error.filename:
            # An included template failed to parse: point at its own line, not at the include.
            location = (error.filename, error.lineno)
        if reason is None and location is None:
            raise
    where, line = location or (template.filename, 1)
    raise TemplateRenderError(f"{where}:{line}: {reason or 'template failed'} (in the '{block}' block)") from None


def _collect(chunks, template, block: str) -> str:
    """Join the block's output as Jinja generates it; stop once it exceeds MAX_BLOCK_CHARACTERS."""
    # NOTE: a {% set %} block builds its captured text before yielding any of it, so only range() bounds it.
    parts = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_BLOCK_CHARACTERS:
            raise TemplateRenderError(
                f"{template.filename}:1: the '{block}' block outputs more than {MAX_BLOCK_CHARACTERS} characters, "
                "the limit for one block: check the template's loops"
            )
        parts.append(chunk)
    return "".join(parts)


def _failure_reason(error: Exception) -> str | None:
    """Return the message for a failure raised by template code, or None for an unexpected one."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(error, UndefinedError):
        return _undefined_reason(error)
    if isinstance(error, SecurityError):
        # The sandbox raises this for unsafe attributes such as __class__, before any is read.
        return f"rejected by the template sandbox: {error}"
    if isinstance(error, TemplateSyntaxError):
        return f"invalid template: {error.message}"
    if isinstance(error, TemplateNotFound):
        return error.message or f"template {error.name!r} not found"
    if _template_location(error) is not None:
        return f"template failed: {type(error).__name__}: {error}"
    return None


def _undefined_reason(error: Exception) -> str:
    match = _UNDEFINED_NAME.match(str(error))
    if match:
        return f"undefined variable {match.group(1)!r}"
    return f"undefined value: {error}"


def _template_location(error: BaseException) -> tuple[str, int] | None:
    """Return (template file, line) of the innermost template frame in the error's traceback."""
    location = None
    traceback = error.__traceback__
    while traceback is not None:
        template = traceback.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:
            location = (template.filename, template.get_corresponding_lineno(traceback.tb_lineno))
        traceback = traceback.tb_next
    return location
