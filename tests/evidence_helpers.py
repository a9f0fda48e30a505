"""Helpers for tests of execution evidence: write event and record files, run 'check' as JSON."""

from __future__ import annotations

import json
from itertools import count
from pathlib import Path

_serial = count(1)


def write_event(plan: Path, event_id: str, event: str = "major-incident-declared", **timestamps: str) -> Path:
    lines = [f"id: {event_id}", f"event: {event}", f'title: "Event {event_id}"']
    lines += [f"{key}: {value}" for key, value in timestamps.items()]
    path = plan / "events" / f"{event_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_record(plan: Path, communication: str, sent_at: str, *, event: str | None = None, period: str | None = None,
                 with_whom=("customers",), how=("status-page", "email"), sent_by: str = "desk.lead",
                 approved_by: str | None = "desk.lead", approved_at: str | None = "same", name: str | None = None,
                 **extra: str) -> Path:
    lines = [f"communication: {communication}"]
    if event is not None:
        lines.append(f"event: {event}")
    if period is not None:
        lines.append(f"period: '{period}'")
    lines += [f"sent_at: {sent_at}", f"sent_by: {sent_by}", f"with_whom: [{', '.join(with_whom)}]", f"how: [{', '.join(how)}]"]
    if approved_by is not None:
        lines.append(f"approved_by: {approved_by}")
    if approved_at is not None:
        lines.append(f"approved_at: {sent_at if approved_at == 'same' else approved_at}")
    lines += [f"{key}: {value}" for key, value in extra.items()]
    path = plan / "records" / "2026" / (name or f"record-{next(_serial):05d}.yaml")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_check(cli, plan: Path, *, since: str = "2026-01-01", until: str = "2026-12-31", now: str = "2027-01-01T00:00:00Z"):
    """Run 'check --format json'; return (exit code, parsed document)."""
    result = cli("check", plan, "--since", since, "--until", until, "--now", now, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def issues(document: dict, *kinds: str) -> set[tuple[str, str, str]]:
    """Return (kind, communication, event or period) of every issue, limited to ``kinds`` when given."""
    found = set()
    for obligation in document["obligations"]:
        occasion = obligation["event"] or obligation["period"]
        for issue in obligation["issues"]:
            if not kinds or issue["kind"] in kinds:
                found.add((issue["kind"], obligation["communication"], occasion))
    return found


def obligation(document: dict, communication: str, occasion: str) -> dict:
    for item in document["obligations"]:
        if item["communication"] == communication and occasion in (item["event"], item["period"]):
            return item
    raise AssertionError(f"no obligation {communication} [{occasion}] in {[o['communication'] for o in document['obligations']]}")


def only_communications(plan: Path, *keep: str) -> None:
    """Remove every communication file but ``keep``, so that a test checks only the obligations it sets up."""
    for path in (plan / "communications").glob("*.yaml"):
        if path.stem not in keep:
            path.unlink()


def run_commsctl(*args, env: dict | None = None):
    """Run commsctl's console entry point in-process, so that error messages and exit codes are the real ones.

    Returns an object with ``returncode``, ``stdout`` and ``stderr`` like subprocess.run.
    """
    import contextlib
    import io
    import os
    import subprocess
    import sys
    from unittest import mock

    from commsctl.__main__ import main

    stdout, stderr = io.StringIO(), io.StringIO()
    argv = ["commsctl", *[str(arg) for arg in args]]
    code = 0
    with mock.patch.object(sys, "argv", argv), mock.patch.dict(os.environ, env or {}), \
            contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            main()
        except SystemExit as exit_:
            if exit_.code is None:
                code = 0
            elif isinstance(exit_.code, int):
                code = exit_.code
            else:
                code = 1
    return subprocess.CompletedProcess(argv, code, stdout.getvalue(), stderr.getvalue())
