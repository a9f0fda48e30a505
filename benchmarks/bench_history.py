"""Time ``commsctl history`` against the raw ``git log`` that reads the same information.

Builds a repository of 20,000 commits on a temporary disk folder with
``git fast-import``: 16,000 direct commits and 2,000 pull requests (one branch
commit and one ``--no-ff`` merge each), every commit touching the plan. Then it
times the library call ``collect_history`` and the same ``git log`` command run
by subprocess with its output captured, and prints both and their ratio.

Usage: python benchmarks/bench_history.py [--commits N] [--merges M] [--runs R]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from commsctl.history import collect_history
from commsctl.history.gitlog import log_arguments

START = 1_767_225_600  # 2026-01-01T00:00:00Z
PLAN_FILES = 50


def identity(name: str, when: int) -> str:
    return f"{name} <{name.lower()}@example.com> {when} +0100"


def data(text: str) -> str:
    encoded = text.encode("utf-8")
    return f"data {len(encoded)}\n{text}\n"


def change(serial: int) -> str:
    """Return a fast-import file modification of one plan file."""
    path = f"plan/communications/c{serial % PLAN_FILES:02d}.yaml"
    return f"M 100644 inline {path}\n" + data(f"id: c{serial % PLAN_FILES:02d}\nrevision: {serial}\n")


def fast_import_stream(commits: int, merges: int) -> str:
    """Return a fast-import stream: ``commits`` in all, ``merges`` of them pull request merges."""
    parts = []
    mark = 0
    clock = START
    main_tip = None
    direct = commits - 2 * merges
    every = max(1, direct // merges) if merges else direct + 1
    serial = 0
    done_direct = done_merges = 0

    while done_direct < direct or done_merges < merges:
        clock += 60
        serial += 1
        is_merge_turn = done_merges < merges and (done_direct >= direct or (done_direct + 1) % every == 0)
        if not is_merge_turn:
            mark += 1
            message = f"Edit communication {serial}\n\nReviewed-by: Bob Reviewer <bob@example.com>\n" if serial % 3 else f"Edit {serial}\n"
            parent = f"from :{main_tip}\n" if main_tip else ""
            parts.append(
                f"commit refs/heads/main\nmark :{mark}\ncommitter {identity('Alice', clock)}\n"
                + data(message)
                + parent
                + (change(serial) if main_tip else "M 100644 inline plan/plan.yaml\n" + data("name: bench\n"))
            )
            main_tip = mark
            done_direct += 1
            continue

        number = done_merges + 1
        mark += 1
        branch_tip = mark
        parts.append(
            f"commit refs/heads/pr\nmark :{mark}\ncommitter {identity('Dana', clock)}\n"
            + data(f"Change for pull request {number}\n")
            + f"from :{main_tip}\n"
            + change(serial)
        )
        clock += 60
        mark += 1
        parts.append(
            f"commit refs/heads/main\nmark :{mark}\ncommitter {identity('Merger', clock)}\n"
            + data(f"Merge pull request #{number} from acme/pr-{number}\n\nChange for pull request {number}\n")
            + f"from :{main_tip}\nmerge :{branch_tip}\n"
            + change(serial)
        )
        main_tip = mark
        done_merges += 1

    parts.append("reset refs/heads/pr\nfrom 0000000000000000000000000000000000000000\n")
    return "".join(parts)


def build_repository(folder: Path, commits: int, merges: int) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True, env=env)
    stream = fast_import_stream(commits, merges).encode("utf-8")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=folder, input=stream, check=True, env=env)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=folder, check=True, env=env)


def time_runs(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commits", type=int, default=20_000)
    parser.add_argument("--merges", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="commsctl-bench-history-") as temporary:
        repo = Path(temporary) / "repo"
        began = time.perf_counter()
        build_repository(repo, options.commits, options.merges)
        print(f"built {options.commits} commits ({options.merges} pull request merges) in {time.perf_counter() - began:.1f} s")

        raw_command = ["git", "log", *log_arguments("HEAD", ":(top,literal)plan")]
        listed = []
        raw, tool = [], []
        for _ in range(options.runs):  # interleaved, so that changes in machine load hit both alike
            raw += time_runs(lambda: subprocess.run(raw_command, cwd=repo, capture_output=True, check=True), 1)
            tool += time_runs(lambda: listed.append(collect_history(repo / "plan")), 1)

        changes = listed[-1].changes
        merges = sum(1 for item in changes if item.pull_request and item.pull_request.style == "merge")
        print(f"history: {len(changes)} changes on the first-parent line, {merges} pull request merges")
        if merges != options.merges:
            sys.exit(f"expected {options.merges} pull request merges, found {merges}")

        raw_median, tool_median = statistics.median(raw), statistics.median(tool)
        print(f"raw git log:      median {raw_median * 1000:7.1f} ms (min {min(raw) * 1000:.1f}) over {options.runs} runs")
        print(f"commsctl history: median {tool_median * 1000:7.1f} ms (min {min(tool) * 1000:.1f}) over {options.runs} runs")
        print(f"ratio of medians: {tool_median / raw_median:.2f}x, of minimums: {min(tool) / min(raw):.2f}x (target: at most 1.5x)")
        print(f"load average during the runs: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
