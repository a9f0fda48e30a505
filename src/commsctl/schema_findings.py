"""Turn pydantic validation errors into findings that point at the YAML and name the fix."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from commsctl.findings import Finding, Severity
from commsctl.model import ID_PATTERN
from commsctl.suggest import closest
from commsctl.yamlfile import YamlDocument

UNKNOWN_KEY = "unknown-key"
MISSING_KEY = "missing-key"
INVALID_VALUE = "invalid-value"


def validation_findings(
    error: ValidationError, document: YamlDocument, model: type[BaseModel], prefix: tuple = ()
) -> list[Finding]:
    """Return one finding per pydantic error, located in ``document`` below ``prefix``."""
    findings = []
    for item in error.errors(include_url=False):
        loc = _without_union_tags(model, tuple(item["loc"]))
        path = prefix + loc
        dotted = _dotted(loc)
        kind = item["type"]

        if kind == "extra_forbidden":
            key = str(loc[-1])
            position = document.locate(path, key=True)
            message = f"unknown key {key!r}" + (f" in {_dotted(loc[:-1])}" if loc[:-1] else "")
            suggestion = _suggest(key, model, loc[:-1])
            message += f": did you mean {suggestion!r}?" if suggestion else ": remove it or check its spelling"
            findings.append(_finding(document, position, UNKNOWN_KEY, message))
            continue

        if kind == "missing":
            position = document.locate(path[:-1], key=True)
            message = f"missing required key {dotted!r}: add it"
            findings.append(_finding(document, position, MISSING_KEY, message))
            continue

        position = document.locate(path)
        message = f"invalid value {_short(item.get('input'))} for {dotted!r}: {_explain(item)}"
        findings.append(_finding(document, position, INVALID_VALUE, message))
    return findings


def root_type_finding(document: YamlDocument, expected: str) -> Finding:
    """Return the finding for a file whose top level is not a mapping (an empty file included)."""
    got = "an empty file" if document.data is None else f"a {_type_name(document.data)}"
    return _finding(
        document,
        document.locate(()),
        INVALID_VALUE,
        f"expected {expected} at the top level, got {got}",
    )


def _finding(document: YamlDocument, position, rule: str, message: str) -> Finding:
    return Finding(document.display, position.line, position.column, Severity.ERROR, rule, message)


def _dotted(loc: tuple) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__
    )


def _explain(item: dict) -> str:
    kind = item["type"]
    context = item.get("ctx") or {}
    if kind == "string_pattern_mismatch" and context.get("pattern") == ID_PATTERN:
        return "an id must be lower-case letters, digits, '.', '_' or '-', such as major-incident-update"
    if kind == "value_error":
        return str(context.get("error", item["msg"]))
    if kind == "timezone_aware":
        return "the timestamp has no time zone: add one, such as 2026-10-01T09:30:00+02:00 or ...Z"
    if kind == "literal_error":
        return f"expected {context.get('expected', item['msg'])}"
    if kind == "union_tag_invalid":
        return f"expected kind {context.get('expected_tags')}"
    message = item["msg"]
    return message[0].lower() + message[1:] if message else kind


def _suggest(key: str, model: type[BaseModel], loc: tuple) -> str | None:
    return closest(key, _fields_at(model, loc))


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Return the field names of the model(s) found by following ``loc`` from ``model``."""
    current: list[Any] = [model]
    for segment in loc:
        following: list[Any] = []
        for annotation in current:
            for candidate in _unwrap(annotation):
                if isinstance(segment, int):
                    following.extend(_item_types(candidate))
                elif isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    field = candidate.model_fields.get(segment)
                    if field is not None:
                        following.append(field.annotation)
                    else:
                        following.append(candidate)  # a union tag in the location: stay on this model
        current = following
    names: list[str] = []
    for annotation in current:
        for candidate in _unwrap(annotation):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                names.extend(candidate.model_fields)
    return names


def _without_union_tags(model: type[BaseModel], loc: tuple) -> tuple:
    """Drop the discriminator tags pydantic puts into locations (``trigger.scheduled.schedule``)."""
    kept: list = []
    current: list[Any] = [model]
    for index, segment in enumerate(loc):
        last = index == len(loc) - 1
        models = [c for annotation in current for c in _unwrap(annotation) if isinstance(c, type) and issubclass(c, BaseModel)]
        if not last and isinstance(segment, str) and models and all(segment not in m.model_fields for m in models):
            continue
        kept.append(segment)
        following: list[Any] = []
        for annotation in current:
            for candidate in _unwrap(annotation):
                if isinstance(segment, int):
                    following.extend(_item_types(candidate))
                elif isinstance(candidate, type) and issubclass(candidate, BaseModel) and segment in candidate.model_fields:
                    following.append(candidate.model_fields[segment].annotation)
        current = following
    return tuple(kept)


def _unwrap(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [inner for arg in typing.get_args(annotation) for inner in _unwrap(arg)]
    return [annotation]


def _item_types(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) in (list, tuple, set):
        return list(typing.get_args(annotation)[:1])
    return []
