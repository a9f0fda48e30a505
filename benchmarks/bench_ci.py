"""Benchmark the CI features on a generated plan: settings and suppressions, reporters, and diff.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_ci.py``). Prints
the best of several runs, and the cost of the settings step as a ratio of the
whole validation.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_validate import best_of, generate_plan  # noqa: E402

from commsctl.diff import diff_revisions  # noqa: E402
from commsctl.reporters import Report, get_reporter  # noqa: E402
from commsctl.validate import validate_directory  # noqa: E402

GIT = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "-c", "commit.gpgsign=false"]


def git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True)


def add_suppressions(plan: Path, every: int) -> int:
    """End the 'how' line of every ``every``-th communication with a suppression comment; return the count."""
    count = 0
    for index, path in enumerate(sorted((plan / "communications").glob("generated-*.yaml"))):
        if index % every == 0:
            path.write_text(path.read_text().replace("how: [email]", "how: [email]  # commsctl: ignore[unknown-channel]"))
            count += 1
    return count


def change_plan(repo: Path, plan: Path, every: int) -> int:
    """Change the timing of every ``every``-th communication and move it into a subfolder; return the count."""
    moved = plan / "communications" / "moved"
    moved.mkdir()
    count = 0
    for index, path in enumerate(sorted((plan / "communications").glob("generated-*.yaml"))):
        if index % every == 0:
            path.write_text(path.read_text().replace("first_within: 30m", "first_within: 1h"))
            git(repo, "mv", str(path.relative_to(repo)), str((moved / path.name).relative_to(repo)))
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communications", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        repo = Path(folder)
        git(repo, "init", "-q", "-b", "main")
        plan = generate_plan(repo / "plan", options.communications)
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "base")

        validate_directory(plan)  # warm the file cache, so that both timings read from memory
        plain = best_of(options.runs, lambda: validate_directory(plan))
        suppressions = add_suppressions(plan, 10)
        with (plan / "plan.yaml").open("a") as handle:
            handle.write("lint:\n  rules:\n    unused-event: off\n  ignore: ['communications/drafts/**']\n")
        configured = best_of(options.runs, lambda: validate_directory(plan))

        result = validate_directory(plan)
        report = Report(result.findings, result.files)
        reporter_times = {
            name: best_of(options.runs, lambda name=name: get_reporter(name)(report, io.StringIO()))
            for name in ("text", "json", "sarif", "junit", "github")
        }

        git(repo, "checkout", "-q", "--", ".")
        git(repo, "switch", "-q", "-c", "feature")
        changed = change_plan(repo, plan, 20)
        git(repo, "commit", "-qam", "change")
        os.chdir(repo)
        diff_time = best_of(options.runs, lambda: diff_revisions(Path("plan")))
        plan_diff = diff_revisions(Path("plan"))
        reported = len(plan_diff.entries_of("communications", "changed"))

    print(f"generated plan: {options.communications} communications, {len(result.files)} files checked")
    print(f"  validate without settings:              {plain:6.3f} s")
    print(f"  validate with lint settings and {suppressions} suppressions: {configured:6.3f} s "
          f"(ratio {configured / plain:.2f})")
    for name, seconds in reporter_times.items():
        print(f"  --format {name:<7} ({len(report.findings)} findings): {seconds * 1000:7.1f} ms")
    print(f"  diff, {changed} communications changed and moved: {diff_time:6.3f} s "
          f"({reported} reported as changed; ratio to one validate {diff_time / plain:.2f})")


if __name__ == "__main__":
    main()
