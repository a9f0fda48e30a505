"""A progress display on standard error for long Git walks, shown only to a person at a terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def commit_counter(*, enabled: bool = True) -> Iterator[Callable[[], None] | None]:
    """Yield a callback that advances a rich progress bar by one commit, or None off a terminal.

    The bar has no total because counting the commits first would cost a second walk.
    """
    if not enabled or not sys.stderr.isatty() or "NO_COLOR" in os.environ or os.environ.get("CI"):
        yield None
        return

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("reading history"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("history", total=None)

        def advance() -> None:
            progress.advance(task)

        yield advance
