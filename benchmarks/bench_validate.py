"""Benchmark plan loading and validation on a generated plan, and the CLI's start-up.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_validate.py``).
Prints the best of several runs; the figures depend on the machine, so the
README records them together with the machine they were measured on.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from commsctl.starter import write_starter_plan
from commsctl.validate import validate_directory

ROOT = Path(__file__).resolve().parent.parent

COMMUNICATION = """\
id: {id}
name: Generated communication {index}
type: {type}
trigger:
  kind: event
  event: major-incident-declared
what:
  - id: service
    description: Affected service
  - id: impact
    description: What customers experience
  - id: next_update
    description: Time of the next update
when:
  description: Within 30 minutes, then hourly until resolved.
  first_within: 30m
  repeat_every: 1h
  until: resolved
with_whom: [{audience}]
how: [email]
owner: incident-manager
approver: service-desk-lead
evidence:
  location: Incident ticket
  retention: 3 years
template: templates/major-incident-update.md.j2
"""


def generate_plan(target: Path, count: int) -> Path:
    """Write the starter plan plus ``count`` generated communications into ``target``."""
    write_starter_plan(target)
    folder = target / "communications"
    for index in range(count):
        external = index % 2 == 0
        text = COMMUNICATION.format(
            id=f"generated-{index:05d}",
            index=index,
            type="external" if external else "internal",
            audience="customers" if external else "service-staff",
        )
        (folder / f"generated-{index:05d}.yaml").write_text(text, encoding="utf-8")
    return target


def best_of(runs: int, action) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def command_time(args: list[str], runs: int) -> float:
    executable = shutil.which("commsctl") or str(Path(sys.executable).parent / "commsctl")
    return best_of(runs, lambda: subprocess.run([executable, *args], capture_output=True, check=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communications", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        plan = generate_plan(Path(folder) / "plan", options.communications)
        files = len(list(plan.rglob("*.yaml")))

        result = validate_directory(plan)
        errors = [finding for finding in result.findings if finding.severity.value == "error"]
        assert not errors, errors[:3]

        in_process = best_of(options.runs, lambda: validate_directory(plan))
        cold_cli = command_time(["validate", str(plan)], options.runs)

    version = command_time(["--version"], 10)
    example = command_time(["validate", str(ROOT / "examples" / "plan")], options.runs)

    print(f"generated plan: {options.communications} communications, {files} YAML files")
    print(f"  load + validate in process:      {in_process:6.3f} s  ({files / in_process:,.0f} files/s)")
    print(f"  commsctl validate (new process): {cold_cli:6.3f} s")
    print(f"commsctl --version:                {version * 1000:6.0f} ms")
    print(f"commsctl validate examples/plan:   {example * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
