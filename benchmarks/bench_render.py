"""Time the render step of 'commsctl render': template load, compile, render and format, without the plan load.

The plan is loaded once. Each timed render then does what one 'commsctl render'
call does after the plan load: it builds the context and a fresh sandboxed
environment, reads and compiles the template, renders the blocks, checks the
channel limits and writes the output format. The html and eml formats
compile the template twice, without and with autoescaping. Prints
milliseconds per render.

Usage: python benchmarks/bench_render.py [COMMUNICATION_ID] [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from commsctl.render.command import render_draft
from commsctl.render.formats import format_draft
from commsctl.render.inputs import read_data_file
from commsctl.validate import validate_directory

PLAN = Path(__file__).resolve().parent.parent / "examples" / "plan"
BUDGET_MS = 50.0


def render_once(loaded, communication, values: dict, output_format: str) -> bytes:
    draft = render_draft(loaded, communication, values, with_html=output_format in ("html", "eml"))
    return format_draft(draft, output_format)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("communication", nargs="?", default="major-incident-customer-update")
    parser.add_argument("--repeat", type=int, default=200)
    arguments = parser.parse_args()

    loaded = validate_directory(PLAN).loaded
    communication = loaded.by_id("communications")[arguments.communication]
    values = read_data_file(PLAN / "samples" / f"{arguments.communication}.yaml")

    print(f"render step of {arguments.communication}, {arguments.repeat} renders per format (plan load excluded)")
    slowest = 0.0
    for output_format in ("markdown", "text", "html", "eml"):
        render_once(loaded, communication, values, output_format)  # the first call pays for imports
        start = time.perf_counter()
        for _ in range(arguments.repeat):
            render_once(loaded, communication, values, output_format)
        per_render = (time.perf_counter() - start) * 1000 / arguments.repeat
        slowest = max(slowest, per_render)
        print(f"  {output_format:<8} {per_render:6.2f} ms per render")

    verdict = "within" if slowest < BUDGET_MS else "OVER"
    print(f"slowest {slowest:.2f} ms per render: {verdict} the {BUDGET_MS:.0f} ms budget")


if __name__ == "__main__":
    main()
