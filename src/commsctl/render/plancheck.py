"""Which of the plan's errors stop one communication from being rendered.

An error concerns a communication when it is in the communication's own file
or its template, or inside the entry of an audience, distribution list,
channel or role that the communication uses. Errors elsewhere in the plan do
not block the draft, because they cannot change its content.
"""

from __future__ import annotations

from dataclasses import dataclass

from commsctl.findings import Finding, Severity
from commsctl.loader import COMMUNICATIONS_DIR
from commsctl.sources import display_path
from commsctl.yamlfile import YamlDocument


@dataclass(frozen=True, slots=True)
class Region:
    """Lines ``first``..``last`` of the file shown as ``path``; ``last=None`` means the whole file."""

    path: str
    first: int = 1
    last: int | None = None

    def contains(self, finding: Finding) -> bool:
        if finding.path != self.path:
            return False
        return self.last is None or self.first <= finding.line <= self.last


def communication_documents(loaded, communication_id: str) -> list[YamlDocument]:
    """Return the communication files whose ``id`` is ``communication_id``, valid or not."""
    return [
        document
        for relpath, document in loaded.documents.items()
        if relpath.startswith(f"{COMMUNICATIONS_DIR}/")
        and isinstance(document.data, dict)
        and document.data.get("id") == communication_id
    ]


def concerned_errors(loaded, findings: list[Finding], communication_id: str) -> list[Finding]:
    """Return the error findings that concern the communication, in report order."""
    regions = [Region(document.display) for document in communication_documents(loaded, communication_id)]
    communication = loaded.by_id("communications").get(communication_id)
    if communication is not None:
        regions.extend(_reference_regions(loaded, communication))

    return [
        finding
        for finding in findings
        if finding.severity is Severity.ERROR and any(region.contains(finding) for region in regions)
    ]


def _reference_regions(loaded, communication) -> list[Region]:
    regions = []
    regions.extend(_template_regions(loaded, communication))

    audiences = set(communication.with_whom or [])
    lists = {
        entry.get("distribution_list")
        for entry in _entries(loaded, "audiences.yaml", "audiences")
        if entry.get("id") in audiences
    }
    roles = {communication.owner, communication.approver}
    wanted = (
        ("audiences.yaml", "audiences", audiences),
        ("distribution-lists.yaml", "distribution_lists", lists),
        ("channels.yaml", "channels", set(communication.how or [])),
        ("roles.yaml", "roles", roles),
    )
    for relpath, key, ids in wanted:
        document = loaded.documents.get(relpath)
        if document is None:
            continue
        for index, entry in enumerate(_entries(loaded, relpath, key)):
            if entry.get("id") in ids:
                regions.append(_entry_region(document, (key, index)))
    return regions


def _template_regions(loaded, communication) -> list[Region]:
    """Return the communication's template and the templates it includes, imports or extends."""
    from commsctl.templating import TemplateLoadError, plan_template_path, template_closure

    if not communication.template:
        return []
    try:
        relpath = plan_template_path(loaded, communication.template, allow_elsewhere=True)
    except TemplateLoadError:
        return []  # reported in the communication's own file by the template-* reference rules
    root = loaded.source.display_root
    return [Region(display_path(root, parsed.relpath)) for parsed in template_closure(loaded, relpath)]


def _entries(loaded, relpath: str, key: str) -> list[dict]:
    document = loaded.documents.get(relpath)
    data = document.data if document is not None else None
    entries = data.get(key) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return []
    return [entry if isinstance(entry, dict) else {} for entry in entries]


def _entry_region(document: YamlDocument, path: tuple) -> Region:
    """Return the lines from an entry's first key to its last value."""
    import yaml

    node = document.root
    for segment in path:
        if isinstance(node, yaml.MappingNode):
            node = next(value for key, value in node.value if getattr(key, "value", None) == segment)
        else:
            node = node.value[segment]

    first = node.start_mark.line + 1
    last_node = node
    while isinstance(last_node, (yaml.MappingNode, yaml.SequenceNode)) and last_node.value:
        last_item = last_node.value[-1]
        last_node = last_item[1] if isinstance(last_node, yaml.MappingNode) else last_item
    end = last_node.end_mark
    # A block scalar ends at column 0 of the line after its text.
    last = end.line if end.column == 0 and end.line > first - 1 else end.line + 1
    return Region(document.display, first, last)
