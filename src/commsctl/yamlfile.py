"""Parse YAML into plain data with YAML 1.2 core-schema types, keeping every node's position.

PyYAML's libyaml composer builds the node tree (about 7,500 small files a second
here, against about 400 for ruamel.yaml's round-trip loader), and the tree keeps
a line and column for every key and item. PyYAML resolves plain scalars with
YAML 1.1 rules (``no`` and ``on`` become booleans, ``12:30`` a base-60 integer,
``2026-10-01`` a date), so the resolver below is replaced by the YAML 1.2 core
schema: only ``true``/``false`` are booleans, and dates and times stay strings
for the models to parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    # NOTE: without libyaml the pure-Python parser is about ten times slower.
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"

# A document that expands to more nodes than this through aliases is rejected
# (the "billion laughs" attack); real plan files have a few hundred nodes.
MAX_NODES = 200_000


_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_NULL_WORDS = frozenset(("", "~", "null", "Null", "NULL"))
_NUMBER_START = frozenset("-+.0123456789")


class _CoreSchemaLoader(_BaseLoader):
    """A loader that resolves plain scalars by the YAML 1.2 core schema.

    ``resolve`` replaces PyYAML's table-driven resolver (YAML 1.1 rules, path
    resolvers) with a direct check; libyaml calls it for every node.
    """

    # Path resolvers are not used; libyaml still calls these hooks for every node.
    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return STR
            if value in _NULL_WORDS:
                return NULL
            first = value[0]
            if first in "tTfF" and _BOOL.match(value):
                return BOOL
            if first in _NUMBER_START:
                if _INT.match(value):
                    return INT
                if _FLOAT.match(value):
                    return FLOAT
            return STR
        return SEQ if kind is yaml.SequenceNode else MAP


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column."""

    line: int
    column: int


@dataclass(slots=True)
class ParseProblem:
    """A YAML-level problem; the loader turns it into a finding of rule ``rule``."""

    rule: str
    position: Position
    message: str


@dataclass(slots=True)
class YamlDocument:
    """One parsed file: its data, its node tree for positions, and its source lines."""

    relpath: str
    display: str
    text: str
    data: object = None
    root: yaml.Node | None = None
    problems: list[ParseProblem] = field(default_factory=list)

    def locate(self, path: tuple, *, key: bool = False) -> Position:
        """Return the position of the node at ``path`` (keys and list indexes).

        Segments that do not exist are skipped, so a pydantic location with a
        union tag in it, or one that names a missing key, lands on the deepest
        node that exists. With ``key=True`` the position of the last mapping key
        is returned instead of its value's.
        """
        node = self.root
        if node is None:
            return Position(1, 1)

        found = node.start_mark
        for segment in path:
            child, key_node = _child(node, segment)
            if child is None:
                continue
            node = child
            found = key_node.start_mark if (key and key_node is not None) else child.start_mark
        return Position(found.line + 1, found.column + 1)

    def line_text(self, line: int) -> str:
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


def _child(node: yaml.Node, segment: object) -> tuple[yaml.Node | None, yaml.Node | None]:
    if isinstance(node, yaml.MappingNode) and isinstance(segment, str):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == segment:
                return value_node, key_node
    if isinstance(node, yaml.SequenceNode) and isinstance(segment, int) and 0 <= segment < len(node.value):
        return node.value[segment], None
    return None, None


def parse_yaml(raw: bytes, relpath: str, display: str) -> YamlDocument:
    """Parse one file's bytes, collecting YAML problems in ``problems`` instead of raising them."""
    document = YamlDocument(relpath=relpath, display=display, text="")

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        document.problems.append(
            ParseProblem(
                "yaml-encoding",
                _byte_position(raw, error.start),
                f"invalid UTF-8 byte 0x{raw[error.start]:02x}: save the file as UTF-8",
            )
        )
        return document

    text = text.removeprefix("\ufeff")
    document.text = text

    try:
        root = yaml.compose(text, Loader=_CoreSchemaLoader)
    except yaml.MarkedYAMLError as error:
        document.problems.append(_syntax_problem(error, text))
        return document
    except yaml.reader.ReaderError as error:
        document.problems.append(_character_problem(error, text))
        return document
    except yaml.YAMLError as error:  # pragma: no cover - the parser's other errors carry a mark
        document.problems.append(ParseProblem("yaml-syntax", Position(1, 1), str(error).splitlines()[0]))
        return document
    except RecursionError:
        document.problems.append(
            ParseProblem("yaml-syntax", Position(1, 1), "nesting is too deep to read; flatten the document")
        )
        return document

    document.root = root
    if root is not None:
        try:
            document.data = _Builder(document).build(root)
        except _TooLarge:
            # No root either, so that the loader does not also report the file as empty.
            document.data = None
            document.root = None
            document.problems.append(
                ParseProblem(
                    "yaml-syntax",
                    Position(1, 1),
                    f"the document has more than {MAX_NODES:,} values, counting each use of an alias: "
                    "split the file or remove the aliases",
                )
            )
    return document


def _character_problem(error: yaml.reader.ReaderError, text: str) -> ParseProblem:
    """Locate a character that YAML does not allow (a NUL or another control character)."""
    offset = min(max(error.position, 0), len(text))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    character = error.character if isinstance(error.character, str) else chr(error.character)
    return ParseProblem(
        "yaml-syntax",
        Position(line, column),
        f"control character U+{ord(character):04X} is not allowed in YAML: remove it or write it as an escape in a double-quoted string",
    )


def _byte_position(raw: bytes, offset: int) -> Position:
    line = raw.count(b"\n", 0, offset) + 1
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Position(line, column)


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> ParseProblem:
    mark = error.problem_mark or error.context_mark
    position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
    problem = error.problem or "invalid YAML"

    # libyaml does not name the character it rejected; a tab is by far the usual one.
    lines = text.splitlines()
    line_text = lines[position.line - 1] if 0 < position.line <= len(lines) else ""
    if "cannot start any token" in problem and line_text[position.column - 1 : position.column] == "\t":
        return ParseProblem("yaml-syntax", position, "tab character in indentation: indent with spaces")
    if "expected a single document" in str(error.context or ""):
        return ParseProblem(
            "yaml-syntax", position, "more than one YAML document ('---') in the file: keep one document per file"
        )

    message = problem
    if error.context:
        message = f"{error.context}: {problem}"
    return ParseProblem("yaml-syntax", position, f"invalid YAML, {message}")


class _Builder:
    """Turn a node tree into dicts, lists and scalars, recording duplicate keys and bad tags."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.count = 0
        self.active: set[int] = set()

    def build(self, node: yaml.Node) -> object:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge

        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)

        if id(node) in self.active:
            self._problem(node, "yaml-syntax", "recursive alias: an anchor cannot contain itself")
            return None
        if node.tag not in (SEQ, MAP):
            self._problem(node, "yaml-syntax", f"unsupported tag {node.tag!r}: remove the tag and write a plain list or mapping")
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item) for item in node.value]
            return self._mapping(node)
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode) -> dict:
        result: dict = {}
        first_seen: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, "yaml-syntax", "a mapping key must be a plain value, not a list or mapping")
                continue
            key = self._scalar(key_node)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                key = key_node.value
            if key in first_seen:
                self._problem(
                    key_node,
                    "yaml-duplicate-key",
                    f"duplicate key {key_node.value!r} (first defined on line {first_seen[key]}): "
                    "remove one of them, YAML keeps only the last",
                )
            first_seen[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> object:
        tag = node.tag
        value = node.value
        if tag == STR:
            return value
        if tag == NULL:
            return None
        if tag == BOOL:
            return value.lower() == "true"
        if tag == INT:
            return _to_int(value)
        if tag == FLOAT:
            return _to_float(value)

        self._problem(node, "yaml-syntax", f"unsupported tag {tag!r}: remove the tag and write a plain value")
        return value

    def _problem(self, node: yaml.Node, rule: str, message: str) -> None:
        mark = node.start_mark
        self.document.problems.append(ParseProblem(rule, Position(mark.line + 1, mark.column + 1), message))


class _TooLarge(Exception):
    pass


def _to_int(text: str) -> int:
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _to_float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    return float(text)
