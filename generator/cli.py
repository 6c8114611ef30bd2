"""Command line: `convert`, `parse --json`, `check`, `key`. Errors: one line, non-zero exit."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import __version__
from .convert.model import LiveBlog
from .convert.parser import MAX_BYTES, decode_source, parse_live_blog, slugify
from .errors import ConvertError
from .store.checker import check_content
from .store.content_store import opened
from .store.export import dumps, live_blog_json
from .store.schema import http_url_problem
from .store.writer import write_live_blog

EXIT_ERROR = 2
EXIT_PROBLEMS = 1


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _time_zone(value: str) -> ZoneInfo:
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a time zone name such as Europe/London or America/New_York"
        ) from None


def _http_url(value: str) -> str:
    problem = http_url_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(f"{value!r} {problem}")
    return value


def _year(value: str) -> int:
    if not (value.isdigit() and len(value) == 4):
        raise argparse.ArgumentTypeError(f"{value!r} is not a year (YYYY)")
    return int(value)


class OneLineArgumentParser(argparse.ArgumentParser):
    """Usage errors as one line, like every other error of this tool."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"error: {self.prog}: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineArgumentParser(
        prog="liveblog-archive",
        description="Turn a live blog copied as plain text into Markdown entries for the archive.",
    )
    parser.add_argument("--version", action="version", version=f"liveblog-archive {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    def source_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("raw", type=Path, help="the raw post: plain text copied from the page")
        sub.add_argument("--slug", help="folder and URL name (default: from the file name)")
        sub.add_argument("--date", type=_iso_date, help="date of the newest update, YYYY-MM-DD")
        sub.add_argument("--year", type=_year, help="year of the updates, if no post gives it")
        sub.add_argument(
            "--timezone",
            type=_time_zone,
            help="zone of times printed without one (8.40am, Posted at 17:37), e.g. Europe/London",
        )
        sub.add_argument(
            "--source-url", type=_http_url, help="where the live blog was published (http/https)"
        )
        sub.add_argument("--publisher", help="who published it, e.g. 'EA WorldView'")
        sub.add_argument("--max-mb", type=float, default=MAX_BYTES / 1e6, help="size limit")

    convert = commands.add_parser("convert", help="write Markdown entries under content/")
    source_options(convert)
    convert.add_argument("--out", type=Path, default=Path("content"), help="default: content/")
    convert.add_argument(
        "--archived",
        type=_iso_date,
        default=datetime.now(UTC).date(),
        help="date of this archive copy (default: today, UTC)",
    )
    convert.add_argument("--force", action="store_true", help="overwrite edited entries")

    parse = commands.add_parser("parse", help="print the parsed live blog")
    source_options(parse)
    parse.add_argument("--json", action="store_true", required=True, help="as JSON")

    commands.add_parser(
        "build",
        help="build the site with Pelican (Pelican's options follow; see `pelican --help`)",
        add_help=False,
    )
    check = commands.add_parser("check", help="validate entries under content/")
    check.add_argument("content", type=Path, nargs="?", default=Path("content"))
    add_key_command(commands)
    return parser


def add_key_command(commands: argparse._SubParsersAction) -> None:
    key = commands.add_parser(
        "key", help="mark updates as key events (Key: yes), listed at the top of the live blog"
    )
    key.add_argument("slug", help="the live blog's folder under content/")
    key.add_argument("anchors", nargs="+", metavar="ANCHOR", help="e.g. update-2024-12-07-1335")
    key.add_argument("--title", help="the key event's line in the box (one anchor only)")
    key.add_argument("--remove", action="store_true", help="unmark them instead")
    key.add_argument("--content", type=Path, default=Path("content"), help="default: content/")


def key(args: argparse.Namespace) -> int:
    """`key SLUG ANCHOR…`: set (or with --remove, drop) Key: yes in each update's header."""
    from .store.editorial import set_key

    changed = set_key(
        args.content,
        args.slug,
        args.anchors,
        key=not args.remove,
        title=args.title,
        on_wait=say,
    )
    done = "unmarked" if args.remove else "marked"
    say(f"{done} {len(args.anchors)} update(s) as key events ({len(changed)} file(s) changed)")
    return 0


def load(args: argparse.Namespace) -> tuple[LiveBlog, bytes]:
    path: Path = args.raw
    if not path.exists():
        raise ConvertError("no such file", path=path)
    if not path.is_file():
        raise ConvertError("not a regular file", path=path)
    limit = int(args.max_mb * 1e6)
    if path.stat().st_size > limit:
        size = path.stat().st_size
        raise ConvertError(
            f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit "
            "(raise it with --max-mb)",
            path=path,
        )
    raw = path.read_bytes()
    text = decode_source(raw, path, max_bytes=limit)
    slug = args.slug or slugify(path.stem)
    blog = parse_live_blog(
        text,
        slug=slug,
        path=path,
        newest_date=args.date,
        year=args.year,
        source_url=args.source_url,
        publisher=args.publisher,
        timezone=args.timezone,
    )
    return blog, raw


def say(message: str) -> None:
    print(message, file=sys.stderr)


def check(content: Path) -> int:
    """Every problem the build would stop on, as `file:line: message`; 1 if any."""
    from .site.reader import entry_markdown, markdown_problems  # Pelican: only for check

    if not content.is_dir():
        raise ConvertError("no such folder", path=content)
    with opened(content, exclusive=False, on_wait=say, on_recover=say):
        result = check_content(content, markdown_problems(entry_markdown()))
    for problem in result.problems:
        say(str(problem))
    if not result.live_blogs:
        say(f"{content}: nothing checked: no live blog here (a folder with an index.md)")
        return EXIT_PROBLEMS
    say(
        f"{len(result.problems)} problem(s) in {content} "
        f"({result.live_blogs} live blog(s), {result.entries} entries checked)"
    )
    return EXIT_PROBLEMS if result.problems else 0


def run(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["build"]:  # Pelican's options follow: its parser reads them
        from .site.build import main as build

        return build(argv[1:])
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return check(args.content)
    if args.command == "key":
        return key(args)
    blog, raw = load(args)
    if args.command == "parse":
        sys.stdout.buffer.write(dumps(live_blog_json(blog, raw), indent=1))
        return 0
    target = write_live_blog(
        blog,
        raw,
        args.out,
        archived=args.archived,
        force=args.force,
        source=args.raw,
        on_wait=say,
        on_recover=say,
    )
    say(f"wrote {len(blog.updates)} updates to {target}")
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        return run(argv)
    except ConvertError as exc:
        print(f"error: {exc}", file=sys.stderr)
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
    return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
