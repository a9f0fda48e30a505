"""Time 'commsctl check' and 'commsctl validate' on a plan with 5,000 events and 50,000 records.

The plan is the example plan plus generated evidence, written to benchmarks/out/
(ignored by Git). Each command runs three times in a new process: cold (no parse
cache), warm (cache filled by the previous run), and with the cache disabled.
Usage: python benchmarks/bench_check.py [--events N] [--reuse]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "plan"
OUT = ROOT / "benchmarks" / "out" / "check-plan"

# Per event type: (communication, audiences, channels, approver, minutes after declared_at of each record),
# and the minutes after declared_at of resolved_at. Each event gets ten records, nearly all on time, so the
# benchmark measures a plan in good order. The executive briefing is left out: one obligation per major
# incident is missing.
TEN_RECORDS = {
    "major-incident-declared": (
        [
            ("major-incident-on-call-page", ["on-call-engineers"], ["on-call-sms"], None, [3]),
            ("major-incident-internal-escalation", ["operations-staff", "service-owners"], ["ops-chat", "email", "incident-bridge"],
             None, [10, 35, 60, 85, 110]),
            ("major-incident-customer-update", ["affected-customers"], ["status-page", "customer-mass-email"], "t.nguyen", [20, 75]),
            ("major-incident-resolved-notice", ["affected-customers"], ["status-page", "customer-mass-email"], "t.nguyen", [125]),
            ("post-incident-summary", ["affected-customers", "customer-service-managers"], ["email", "customer-portal"],
             "y.tanaka", [1440]),
        ],
        120,
    ),
    "supplier-outage": (
        [("supplier-outage-coordination", ["suppliers"], ["incident-bridge", "email", "itsm-ticket"], "r.janssen",
          [20 + 110 * number for number in range(10)])],
        20 + 110 * 9 + 10,
    ),
}


def generate(events: int) -> Path:
    shutil.rmtree(OUT, ignore_errors=True)
    shutil.copytree(EXAMPLE, OUT, ignore=shutil.ignore_patterns("events", "records"))
    (OUT / "events").mkdir()
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    types = list(TEN_RECORDS)
    for index in range(events):
        event_type = types[index % len(types)]
        communications, resolved_after = TEN_RECORDS[event_type]
        declared = start + timedelta(minutes=97 * index)
        event_id = f"EV-{index:06d}"
        (OUT / "events" / f"{event_id}.yaml").write_text(
            f"id: {event_id}\nevent: {event_type}\ntitle: \"Generated event {index}\"\n"
            f"declared_at: {declared.isoformat()}\nresolved_at: {(declared + timedelta(minutes=resolved_after)).isoformat()}\n"
            f"link: https://itsm.example.com/{event_id}\n",
            encoding="utf-8",
        )
        folder = OUT / "records" / f"{declared:%Y}" / f"{declared:%m}"
        folder.mkdir(parents=True, exist_ok=True)
        number = 0
        for communication, audiences, channels, approver, offsets in communications:
            for offset in offsets:
                sent = declared + timedelta(minutes=offset)
                approval = f"approved_by: {approver}\napproved_at: '{sent.isoformat()}'\n" if approver else ""
                (folder / f"{event_id}-{number:02d}.yaml").write_text(
                    f"# Generated record.\ncommunication: {communication}\nevent: {event_id}\nsent_at: '{sent.isoformat()}'\n"
                    f"sent_by: s.bakker\nwith_whom: [{', '.join(audiences)}]\nhow: [{', '.join(channels)}]\n{approval}"
                    f"summary: Update {number} for {event_id}.\nevidence: https://status.example.com/{event_id}/{number}\n",
                    encoding="utf-8",
                )
                number += 1
    return OUT


def timed(arguments: list[str], env: dict | None = None) -> tuple[float, float]:
    """Run commsctl in a new process; return its wall-clock time and its CPU time (user + system), in seconds.

    The CPU time depends less on other work running on the machine than the wall-clock time.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "commsctl", *arguments], capture_output=True, env={**os.environ, **(env or {})}, check=False
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode not in (0, 1):
        sys.exit(f"commsctl {' '.join(arguments)} failed:\n{completed.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000, help="number of events, each with ten records")
    parser.add_argument("--reuse", action="store_true", help="time the plan generated by the previous run")
    options = parser.parse_args()

    plan = OUT if options.reuse and OUT.is_dir() else generate(options.events)
    events = sum(1 for _ in (plan / "events").iterdir())
    records = sum(1 for _ in (plan / "records").rglob("*.yaml"))
    print(f"plan: {events:,} events, {records:,} records in {plan}")
    check = ["check", str(plan), "--since", "2026-01-01", "--until", "2027-12-31", "--now", "2028-01-01T00:00:00Z",
             "--format", "json"]
    check_text = check[:-2]
    validate = ["validate", str(plan), "--quiet"]
    # The benchmark keeps its parse cache beside the generated plan, so that a cold
    # run is really cold and the user's own cache directory is left alone.
    cache = OUT.parent / "check-plan-cache"
    os.environ["COMMSCTL_CACHE_DIR"] = str(cache)
    for name, arguments in (("check", check_text), ("check json", check), ("validate", validate)):
        shutil.rmtree(cache, ignore_errors=True)
        figures = [timed(arguments), timed(arguments), timed(arguments, {"COMMSCTL_NO_CACHE": "1"})]
        shown = "   ".join(f"{label} {wall:5.2f} s (CPU {cpu:5.2f} s)" for label, (wall, cpu) in zip(("cold", "warm", "no cache"), figures))
        print(f"{name:<10} {shown}   warm/no cache {figures[1][0] / figures[2][0]:.2f}")


if __name__ == "__main__":
    main()
