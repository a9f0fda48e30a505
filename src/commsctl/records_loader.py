"""Load execution evidence: ``events/<id>.yaml`` and ``records/**/*.yaml``, one model per file.

Called by ``load_plan``; each file is read once, and parsed through the
content-keyed cache of ``commsctl.parsecache``.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from commsctl.parsecache import ParseCache
from commsctl.records_model import Event, Record
from commsctl.sources import display_path

EVENTS_DIR = "events"
RECORDS_DIR = "records"


def load_execution(loaded) -> None:
    """Add the plan's events and records to ``loaded``; problems become findings as for other files."""
    from commsctl.loader import YAML_SUFFIXES, _validate_object

    cache = ParseCache.for_source(loaded.source)
    for folder, model, collection in ((EVENTS_DIR, Event, "events"), (RECORDS_DIR, Record, "records")):
        target = getattr(loaded, collection)
        for relpath in loaded.source.list_files(folder):
            if not relpath.endswith(YAML_SUFFIXES):
                continue
            document = _read_listed(loaded, relpath, cache)
            if document is None:
                continue
            instance = _validate_object(loaded, document, model, (), collection)
            if instance is not None:
                target.append(instance)
    cache.save()


def _read_listed(loaded, relpath: str, cache: ParseCache):
    """Read and parse a file that ``list_files`` just returned.

    A plan directory's files are opened directly, without the existence check
    and path objects of the general reader, which cost more than the read
    itself at tens of thousands of files. Any read error goes to the general
    reader, which turns it into a finding.
    """
    from commsctl.loader import _read

    root = getattr(loaded.source, "root", None)
    if not isinstance(root, Path):
        return _read(loaded, relpath, parse=cache.parse)
    try:
        raw = _read_bytes(os.path.join(root, relpath))
    except OSError:
        return _read(loaded, relpath, parse=cache.parse)
    document = cache.parse(raw, relpath, display_path(loaded.source.display_root, relpath))
    loaded.documents[relpath] = document
    if document.problems:
        _add_problems(loaded, document)
        unreadable = any(problem.rule in ("yaml-syntax", "yaml-encoding") for problem in document.problems)
        if unreadable and document.root is None:
            return None
    return document


def _read_bytes(path: str) -> bytes:
    """Return the bytes of ``path`` through plain file descriptors, without a buffered file object."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(descriptor, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _add_problems(loaded, document) -> None:
    from commsctl.findings import Finding, Severity

    for problem in document.problems:
        loaded.findings.append(
            Finding(document.display, problem.position.line, problem.position.column, Severity.ERROR, problem.rule, problem.message)
        )


def file_stem(loaded, entity) -> str:
    """Return the file name without suffix of the file ``entity`` was read from."""
    document, _ = loaded.origin(entity)
    return PurePosixPath(document.relpath).stem
