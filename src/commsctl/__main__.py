"""Console entry point.

``commsctl --version`` prints the version before typer, pydantic or rich are imported, so
that scripts and pre-commit can probe the tool cheaply. Every other call goes to
the typer application in ``commsctl.cli``.
"""

from __future__ import annotations

import os
import sys

from commsctl import __version__


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        sys.stdout.write(f"commsctl {__version__}\n")
        return

    from commsctl.errors import EXIT_USAGE, UserError

    try:
        from commsctl.cli import app

        app(prog_name="commsctl")
    except UserError as error:
        sys.stderr.write(f"error: {error}\n")
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("COMMSCTL_DEBUG"):
            raise
        sys.stderr.write(
            f"internal error: {type(error).__name__}: {error}\n"
            "This is a bug in commsctl. Run again with COMMSCTL_DEBUG=1 to see the traceback, and report it.\n"
        )
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
