"""Load execution evidence: ``events/<id>.yaml`` and ``records/**/*.yaml``, one model per file.

Called by ``load_plan``; each file is read once, and parsed through the
content-keyed cache of ``commsctl.parsecache``.
"""

from __future__ import annotations

from pathlib import PurePosixPath

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
            if not relpath.endswith(YAML_SUFFIXES) and relpath != folder:
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

    A listed file is read without the general reader's existence check, which
    costs more than the read itself at tens of thousands of files. On a read
    error the general reader tries again and turns the error into a finding.
    """
    from commsctl.loader import _read

    try:
        raw = loaded.source.read(relpath)
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
