"""A cache of parsed YAML keyed by the digest of each file's bytes, for plans with many record files.

Reading a file is cheap, parsing it is not: with libyaml, commsctl parses about
9,000 small record files a second on a 2-core development machine, so 55,000
event and record files take about six seconds to parse. The cache keeps the parsed data of every file that parsed without a
problem, keyed by the BLAKE2b digest of its bytes. Each file is still read
(to compute the digest), but a file whose bytes are unchanged is not parsed
again, so results cannot differ from an uncached run. The node tree that
gives line numbers is rebuilt only for a file that a finding points into.

The cache lives in the user's cache directory (``$COMMSCTL_CACHE_DIR``, else
``$XDG_CACHE_HOME/commsctl``, else ``~/.cache/commsctl``), one file per plan
directory, never inside the plan: a cache that a pull request could supply
would let it change what check and validate report. It is JSON, not a pickle,
so that reading it cannot run code either.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path

from commsctl import __version__
from commsctl.yamlfile import YamlDocument, parse_yaml

DIRECTORY_VARIABLE = "COMMSCTL_CACHE_DIR"
DISABLE_VARIABLE = "COMMSCTL_NO_CACHE"
# Part of the cache's identity: a new commsctl version may parse differently.
_FORMAT = f"commsctl-parse-cache/1/{__version__}"


class CachedDocument(YamlDocument):
    """A document kept without its node tree; the tree is parsed again the first time it is used.

    Positions of findings (``locate``) and the scalar spans of suppression
    comments read ``root``, so only the files that need it are parsed again.
    """

    @property
    def root(self):
        tree = self.__dict__.get("_tree", _NOT_PARSED)
        if tree is _NOT_PARSED:
            tree = parse_yaml(self.text.encode("utf-8"), self.relpath, self.display).root if self.text else None
            self.__dict__["_tree"] = tree
        return tree

    @root.setter
    def root(self, value) -> None:
        # The dataclass __init__ assigns None: keep the tree unparsed until it is read.
        if value is not None:
            self.__dict__["_tree"] = value


_NOT_PARSED = object()


class ParseCache:
    """Parsed data by file digest, loaded from and saved to one JSON file (or kept in memory only)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.stored: dict[str, object] = _load(path) if path is not None else {}
        self.used: dict[str, object] = {}
        self.hits = 0
        self.misses = 0

    @classmethod
    def for_source(cls, source) -> ParseCache:
        """Return the cache of a plan directory, or an in-memory one for other sources or when disabled."""
        root = getattr(source, "root", None)
        if not isinstance(root, Path) or os.environ.get(DISABLE_VARIABLE):
            return cls(None)
        return cls(cache_file_for(root))

    def parse(self, raw: bytes, relpath: str, display: str) -> YamlDocument:
        """Return the parsed document of ``raw``, from the cache when these exact bytes were parsed before."""
        digest = hashlib.blake2b(raw, digest_size=20).hexdigest()
        if digest in self.stored:
            self.hits += 1
            data = self.stored[digest]
            self.used[digest] = data
            text = raw.decode("utf-8").removeprefix("\ufeff")
            return CachedDocument(relpath=relpath, display=display, text=text, data=data)

        self.misses += 1
        document = parse_yaml(raw, relpath, display)
        if document.problems:
            return document
        if self.path is not None and _is_json_data(document.data):
            self.used[digest] = document.data
        # Drop the node tree: tens of thousands of them would be kept alive for nothing
        # (and rescanned by the garbage collector). A finding rebuilds the one it needs.
        return CachedDocument(relpath=relpath, display=display, text=document.text, data=document.data)

    def save(self) -> None:
        """Write the entries used in this run, dropping those of files that changed or went away.

        A cache that cannot be written (a read-only plan directory) is skipped silently:
        it only saves time.
        """
        if self.path is None or self.used.keys() == self.stored.keys():
            return
        from commsctl.fileio import write_atomic

        payload = json.dumps({"format": _FORMAT, "entries": self.used}, separators=(",", ":"), ensure_ascii=False)
        try:
            # No fsync: a cache lost in a crash only costs a slower next run, while a
            # sync right after a bulk write can wait seconds for unrelated dirty pages.
            write_atomic(self.path, payload.encode("utf-8"), sync=False)
        except OSError:
            pass


def cache_directory() -> Path:
    """Return the directory of commsctl's parse caches."""
    if os.environ.get(DIRECTORY_VARIABLE):
        return Path(os.environ[DIRECTORY_VARIABLE])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "commsctl"
    return Path.home() / ".cache" / "commsctl"


def cache_file_for(plan_root: Path) -> Path:
    """Return the cache file of one plan directory, named by a digest of its real path."""
    key = hashlib.blake2b(str(plan_root.resolve()).encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()
    return cache_directory() / f"parsed-yaml-{key}.json"


def _load(path: Path) -> dict[str, object]:
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("format") != _FORMAT:
        return {}
    entries = document.get("entries")
    return entries if isinstance(entries, dict) else {}


_PLAIN = (str, int, bool, type(None))


def _is_json_data(data: object) -> bool:
    """Return True when ``data`` survives a JSON round trip unchanged (string keys, finite numbers)."""
    pending = [data]
    while pending:
        value = pending.pop()
        kind = type(value)
        if kind in _PLAIN:
            continue
        if kind is dict:
            if not all(type(key) is str for key in value):
                return False
            pending.extend(value.values())
        elif kind is list:
            pending.extend(value)
        elif kind is float:
            if not math.isfinite(value):
                return False
        else:
            return False
    return True
