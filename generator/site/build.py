"""`liveblog-archive build`: Pelican's one-shot build, as `make html` and `make publish` run it.

It takes Pelican's own options (`pelican --help`) and runs Pelican as its command does,
with two differences for an archive: log lines are plain (one `file:line: message` per
line, unwrapped, so a problem can be read and searched), and a broken archive
(`integrity.ArchiveError`: the problems are already logged), or settings Pelican refuses
(a content folder that is not a folder), end with one line and exit status 1 instead of
a traceback. `pelican -r` and `pelican -l` are Pelican's, unchanged.
"""

from __future__ import annotations

import logging
import os
import sys

from pelican import LOG_HANDLERS, get_instance, parse_arguments
from pelican.log import init as init_logging

from .integrity import ArchiveError


def main(argv: list[str]) -> int:
    if not any(arg.startswith("--log-handler") for arg in argv):
        argv = ["--log-handler", "plain", *argv]
    args = parse_arguments(argv)
    init_logging(
        level=args.verbosity,
        fatal=args.fatal,
        name="pelican",
        handler=LOG_HANDLERS[args.log_handler],
        logs_dedup_min_level=getattr(logging, args.logs_dedup_min_level),
    )
    if args.path is not None and not os.path.isdir(args.path):
        print(f"error: {args.path}: no such folder (the content to build)", file=sys.stderr)
        return 1
    try:
        # Settings are read here (a settings file that fails, a PATH that is not a folder):
        # one line, as Pelican's command says it.
        pelican, _ = get_instance(args)
    except Exception as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    try:
        pelican.run()
    except ArchiveError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
