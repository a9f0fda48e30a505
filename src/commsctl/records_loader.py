"""Load execution evidence: ``events/<id>.yaml`` and ``records/**/*.yaml``, one model per file.

Called by ``load_plan``; each file is read once, and parsed through the
content-keyed cache of ``commsctl.parsecache``.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from commsctl.parsecache import ParseCache
from commsctl.records_model import Event, Record

EVENTS_DIR = "events"
RECORDS_DIR = "records"


def load_execution(loaded) -> None:
    """Add the plan's events and records to ``loaded``; problems become findings as for other files."""
    from commsctl.loader import YAML_SUFFIXES, _read, _validate_object

    cache = ParseCache.for_source(loaded.source)
    for folder, model, collection in ((EVENTS_DIR, Event, "events"), (RECORDS_DIR, Record, "records")):
        target = getattr(loaded, collection)
        for relpath in loaded.source.list_files(folder):
            if not relpath.endswith(YAML_SUFFIXES):
                continue
            document = _read(loaded, relpath, parse=cache.parse)
            if document is None:
                continue
            instance = _validate_object(loaded, document, model, (), collection)
            if instance is not None:
                target.append(instance)
    cache.save()


def file_stem(entity) -> str:
    """Return the file name without suffix of the file ``entity`` was read from."""
    return PurePosixPath(entity._source.relpath).stem
