"""The values a draft is rendered from: a --data file (YAML or JSON) overlaid with --set options."""

from __future__ import annotations

import json
from pathlib import Path

from commsctl.errors import UserError

DATA_SUFFIXES = (".yaml", ".yml", ".json")


def parse_settings(settings: list[str]) -> dict[str, str]:
    """Return ``--set key=value`` options as a dict; later options win. Values stay strings."""
    values: dict[str, str] = {}
    for setting in settings:
        key, separator, value = setting.partition("=")
        key = key.strip()
        if not separator or not key:
            raise UserError(f"invalid --set {setting!r}: write it as --set key=value, for example --set service=Hosting")
        if _has_surrogates(setting):
            raise UserError(
                f"invalid --set {setting.encode('utf-8', 'backslashreplace').decode('utf-8')!r}: "
                "the value is not valid UTF-8; pass the text in UTF-8"
            )
        values[key] = value
    return values


def _has_surrogates(text: str) -> bool:
    """Return True when ``text`` contains surrogates, which represent argument bytes that were not valid UTF-8."""
    return any(0xD800 <= ord(character) <= 0xDFFF for character in text)


def read_data_file(path: Path) -> dict[str, object]:
    """Return the mapping in a YAML or JSON file, keeping its types; raise UserError naming file:line."""
    if path.suffix.lower() not in DATA_SUFFIXES:
        raise UserError(f"--data {str(path)!r}: unsupported file type, use a .yaml, .yml or .json file")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"--data file {str(path)!r} not found: check the path") from None
    except OSError as error:
        raise UserError(f"cannot read --data file {str(path)!r}: {error.strerror or error}") from None

    try:
        data = _parse_json(path, raw) if path.suffix.lower() == ".json" else _parse_yaml(path, raw)
    except RecursionError:
        raise UserError(f"{path}: the data is nested too deeply to read: flatten it to a few levels") from None
    if not isinstance(data, dict):
        raise UserError(f"{path}:1: the data file must contain a mapping of names to values, such as 'service: Hosting'")
    return {str(key): value for key, value in data.items()}


def _parse_yaml(path: Path, raw: bytes) -> object:
    from commsctl.yamlfile import parse_yaml

    document = parse_yaml(raw, path.name, str(path))
    if document.problems:
        lines = [f"{path}:{problem.position.line}: {problem.message}" for problem in document.problems]
        raise UserError("invalid --data file:\n  " + "\n  ".join(lines))
    return document.data


def _parse_json(path: Path, raw: bytes) -> object:
    try:
        return json.loads(raw.decode("utf-8-sig"), object_pairs_hook=lambda pairs: _unique_object(path, pairs))
    except UnicodeDecodeError as error:
        raise UserError(f"{path}: invalid UTF-8 byte 0x{raw[error.start]:02x}: save the file as UTF-8") from None
    except json.JSONDecodeError as error:
        raise UserError(f"{path}:{error.lineno}: invalid JSON, {error.msg}") from None


def _unique_object(path: Path, pairs: list[tuple[str, object]]) -> dict[str, object]:
    """Return a JSON object as a dict; raise UserError on a repeated key, which json would silently keep once."""
    data: dict[str, object] = {}
    for key, value in pairs:
        if key in data:
            raise UserError(f"{path}: duplicate key {key!r} in a JSON object: keep one of them")
        data[key] = value
    return data


def merge_values(data: dict[str, object], settings: dict[str, str]) -> dict[str, object]:
    """Return the --data values overlaid with the --set values."""
    return {**data, **settings}


def is_missing(value: object) -> bool:
    """Return True for a value that does not supply a required element: absent, null or blank text."""
    return value is None or (isinstance(value, str) and not value.strip())
