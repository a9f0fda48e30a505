"""Render the pack's index.html and index.md from the templates shipped in ``commsctl/report_assets``.

Plan values are data passed to the templates, never compiled as templates, and
the environment is sandboxed with autoescape on for HTML.
"""

from __future__ import annotations

import re
from importlib import resources

from commsctl.markdown import code, escape_markdown

ASSETS = "report_assets"
HTML_TEMPLATE = "audit-pack.html.j2"
MARKDOWN_TEMPLATE = "audit-pack.md.j2"
NEWLINES = re.compile(r"\r\n|\r|\n")


def markdown_cell(value: object) -> str:
    """Return ``value`` safe inside a Markdown table cell: markup escaped, line breaks as ``<br>``."""
    text = "" if value is None else str(value)
    return NEWLINES.sub("<br>", escape_markdown(text.strip()))


def markdown_text(value: object) -> str:
    """Return ``value`` as Markdown text that shows literally, with no link, image, emphasis or HTML."""
    text = "" if value is None else str(value)
    return " ".join(escape_markdown(line) for line in NEWLINES.split(text.strip()))


def code_span(value: object) -> str:
    return code("" if value is None else " ".join(str(value).split()))


def _environment():
    from jinja2 import DictLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    folder = resources.files("commsctl") / ASSETS
    sources = {name: (folder / name).read_text(encoding="utf-8") for name in (HTML_TEMPLATE, MARKDOWN_TEMPLATE)}
    environment = SandboxedEnvironment(
        loader=DictLoader(sources),
        autoescape=lambda name: bool(name and name.endswith(".html.j2")),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["cell"] = markdown_cell
    environment.filters["mdtext"] = markdown_text
    environment.filters["code"] = code_span
    return environment


def render_reports(context: dict) -> tuple[str, str]:
    """Return (index.html, index.md) for the pack context."""
    environment = _environment()
    html = environment.get_template(HTML_TEMPLATE).render(context)
    markdown = environment.get_template(MARKDOWN_TEMPLATE).render(context)
    return html, markdown
