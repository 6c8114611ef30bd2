"""Command line: `convert`, `parse --json`, `check`, `key`, `build`. Errors are one line and
a non-zero exit.

`convert` takes one raw post, several, or a folder with a manifest (CSV or TOML) that gives
each file its own options; it prints a review report of what it found (one fact a line, on
stderr), and `--dry-run` writes nothing. One bad file does not stop the others; the exit
status is non-zero if any failed.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import __version__
from .convert.model import LiveBlog
from .convert.parser import MAX_BYTES, decode_source, parse_live_blog, slugify
from .convert.styles import Style, load_style
from .errors import ConvertError
from .review import report_json, report_lines
from .store.checker import check_content
from .store.content_store import opened
from .store.export import dumps, live_blog_json
from .store.schema import http_url_problem
from .store.writer import write_live_blog

EXIT_ERROR = 2
EXIT_PROBLEMS = 1
MANIFEST_COLUMNS = (
    "file",
    "slug",
    "date",
    "timezone",
    "order",
    "style",
    "source_url",
    "publisher",
    "title",
)


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
    if not (value.isdigit() and len(value) == 4) or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a year (YYYY)")
    return int(value)


def _megabytes(value: str) -> float:
    try:
        size = float(value)
    except ValueError:
        size = math.nan
    if not math.isfinite(size) or size <= 0:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a size in megabytes: give a positive number, e.g. --max-mb 64"
        )
    return size


def _order(value: str) -> str:
    if value not in ("newest", "oldest"):
        raise argparse.ArgumentTypeError(f"{value!r}: use --order newest or --order oldest")
    return value


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
        sub.add_argument("--slug", help="folder and URL name (default: from the file name)")
        sub.add_argument("--date", type=_iso_date, help="date of the newest update, YYYY-MM-DD")
        sub.add_argument("--year", type=_year, help="year of the updates, if no post gives it")
        sub.add_argument(
            "--timezone",
            type=_time_zone,
            help="the page's zone, if it does not say (8.40am, Posted at 17:37): Europe/London",
        )
        sub.add_argument(
            "--order", type=_order, help="newest or oldest: how the page runs (default: detect)"
        )
        sub.add_argument("--style", type=Path, help="a house style file (TOML; see README)")
        sub.add_argument("--title", help="the live blog's title (default: from the page)")
        sub.add_argument("--standfirst", help="its standfirst (default: from the page)")
        sub.add_argument(
            "--source-url", type=_http_url, help="where the live blog was published (http/https)"
        )
        sub.add_argument("--publisher", help="who published it, e.g. 'EA WorldView'")
        sub.add_argument(
            "--max-mb", type=_megabytes, default=MAX_BYTES / 1e6, help="size limit per file"
        )

    convert = commands.add_parser("convert", help="write Markdown entries under content/")
    convert.add_argument(
        "raw", type=Path, nargs="+", help="raw posts (plain text copied from the page)"
    )
    source_options(convert)
    convert.add_argument(
        "--manifest",
        type=Path,
        help="CSV or TOML listing the files of a folder and their options "
        f"({', '.join(MANIFEST_COLUMNS)})",
    )
    convert.add_argument("--out", type=Path, default=Path("content"), help="default: content/")
    convert.add_argument(
        "--archived",
        type=_iso_date,
        default=datetime.now(UTC).date(),
        help="date of this archive copy (default: today, UTC)",
    )
    convert.add_argument("--force", action="store_true", help="overwrite edited entries")
    convert.add_argument("--dry-run", action="store_true", help="report only; write nothing")

    parse = commands.add_parser("parse", help="print the parsed live blog")
    parse.add_argument("raw", type=Path, help="the raw post: plain text copied from the page")
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


def say(message: str) -> None:
    print(message, file=sys.stderr)


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


# ---------------------------------------------------------------------------- jobs


@dataclass
class Job:
    """One raw post to convert and its options (from the flags or a manifest row)."""

    path: Path
    slug: str | None = None
    date: date | None = None
    year: int | None = None
    timezone: ZoneInfo | None = None
    order: str | None = None
    style: Path | None = None
    source_url: str | None = None
    publisher: str | None = None
    title: str | None = None
    standfirst: str | None = None


def job_from_args(args: argparse.Namespace, path: Path) -> Job:
    return Job(
        path=path,
        slug=args.slug,
        date=args.date,
        year=args.year,
        timezone=args.timezone,
        order=args.order,
        style=args.style,
        source_url=args.source_url,
        publisher=args.publisher,
        title=args.title,
        standfirst=args.standfirst,
    )


def load(job: Job, max_mb: float, archived: date) -> tuple[LiveBlog, bytes]:
    path = job.path
    if not path.exists():
        raise ConvertError("no such file", path=path)
    if not path.is_file():
        raise ConvertError("not a regular file", path=path)
    limit = int(max_mb * 1e6)
    if path.stat().st_size > limit:
        size = path.stat().st_size
        raise ConvertError(
            f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit "
            "(raise it with --max-mb)",
            path=path,
        )
    raw = path.read_bytes()
    text = decode_source(raw, path, max_bytes=limit)
    style: Style | None = load_style(job.style) if job.style is not None else None
    blog = parse_live_blog(
        text,
        slug=job.slug or slugify(path.stem),
        path=path,
        newest_date=job.date,
        year=job.year,
        source_url=job.source_url,
        publisher=job.publisher,
        timezone=job.timezone,
        order=job.order,  # type: ignore[arg-type]
        style=style,
        title=job.title,
        standfirst=job.standfirst,
        archived=archived,
    )
    return blog, raw


def read_manifest(manifest: Path, folder: Path, args: argparse.Namespace) -> list[Job]:
    """The jobs a manifest lists; a bad row is a one-line error naming its line."""
    try:
        raw = manifest.read_text("utf-8")
    except OSError as exc:
        raise ConvertError(f"cannot read the manifest: {exc.strerror}", path=manifest) from None
    rows: list[tuple[int, dict[str, Any]]] = []
    if manifest.suffix.lower() == ".toml":
        try:
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            raise ConvertError(f"not valid TOML ({exc})", path=manifest) from None
        entries = data.get("blog", [])
        if not isinstance(entries, list):
            raise ConvertError("list each file as a [[blog]] table", path=manifest, line=1)
        starts = [n for n, line in enumerate(raw.split("\n"), 1) if line.strip() == "[[blog]]"]
        rows = [(starts[i] if i < len(starts) else 1, e) for i, e in enumerate(entries)]
    else:
        reader = csv.DictReader(io.StringIO(raw))
        unknown = set(reader.fieldnames or []) - set(MANIFEST_COLUMNS)
        if unknown or "file" not in (reader.fieldnames or []):
            raise ConvertError(
                f"the header must name the columns {', '.join(MANIFEST_COLUMNS)} "
                f"(unknown: {', '.join(sorted(unknown)) or 'none'}; 'file' is required)",
                path=manifest,
                line=1,
            )
        rows = [(reader.line_num, dict(row)) for row in reader]
    return [_job_from_row(row, line, manifest, folder, args) for line, row in rows]


def _job_from_row(
    row: dict[str, Any], line: int, manifest: Path, folder: Path, args: argparse.Namespace
) -> Job:
    def value(name: str) -> str | None:
        found = row.get(name)
        return str(found).strip() or None if found is not None else None

    def bad(message: str) -> ConvertError:
        return ConvertError(message, path=manifest, line=line)

    unknown = set(row) - set(MANIFEST_COLUMNS)
    if unknown:
        raise bad(f"unknown column(s) {', '.join(sorted(unknown))}: use {MANIFEST_COLUMNS}")
    name = value("file")
    if not name:
        raise bad("no file named: every row needs a file")
    job = job_from_args(args, folder / name)
    try:
        if value("date"):
            job.date = _iso_date(value("date") or "")
        if value("timezone"):
            job.timezone = _time_zone(value("timezone") or "")
        if value("order"):
            job.order = _order(value("order") or "")
    except argparse.ArgumentTypeError as exc:
        raise bad(str(exc)) from None
    job.slug = value("slug") or job.slug
    job.style = folder / (value("style") or "") if value("style") else job.style
    job.source_url = value("source_url") or job.source_url
    job.publisher = value("publisher") or job.publisher
    job.title = value("title") or job.title
    return job


# ---------------------------------------------------------------------------- commands


def convert_one(job: Job, args: argparse.Namespace, *, batch: bool) -> LiveBlog:
    """Convert one raw post; the report is printed once it is written (or in a dry run), so
    that a failure prints one line only."""
    blog, raw = load(job, args.max_mb, args.archived)
    target = None
    if not args.dry_run:
        target = write_live_blog(
            blog,
            raw,
            args.out,
            archived=args.archived,
            force=args.force,
            source=job.path,
            on_wait=say,
            on_recover=say,
        )
    if not batch:
        for line in report_lines(blog):
            print(f"{job.path}: {line}", file=sys.stderr)
    if target is None:
        done = f"dry run: {len(blog.updates)} update(s) found, nothing written"
    else:
        done = f"wrote {len(blog.updates)} updates to {target}"
    if batch:
        done += (
            f" ({blog.report.order} first, {blog.report.timezone or 'no zone'}, "
            f"{len(blog.report.warnings)} warning(s))"
        )
    print(f"{job.path}: {done}", file=sys.stderr)
    return blog


def run_convert(args: argparse.Namespace) -> int:
    if args.manifest is not None:
        if len(args.raw) != 1 or not args.raw[0].is_dir():
            raise ConvertError("with --manifest, give the folder the manifest's files are in")
        jobs = read_manifest(args.manifest, args.raw[0], args)
    else:
        if args.slug and len(args.raw) > 1:
            raise ConvertError("--slug names one live blog: use a manifest to name several")
        jobs = [job_from_args(args, path) for path in args.raw]
    batch = len(jobs) > 1
    failed = 0
    for job in jobs:
        try:
            convert_one(job, args, batch=batch)
        except ConvertError as exc:
            if exc.path is None:
                exc.path = job.path
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
        except OSError as exc:
            print(f"error: {exc.filename or job.path}: {exc.strerror}", file=sys.stderr)
            failed += 1
    if batch:
        print(f"{len(jobs) - failed} of {len(jobs)} converted", file=sys.stderr)
    return EXIT_ERROR if failed else 0


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
    if args.command == "parse":
        blog, raw = load(job_from_args(args, args.raw), args.max_mb, datetime.now(UTC).date())
        data = live_blog_json(blog, raw)
        data["report"] = report_json(blog.report)
        sys.stdout.buffer.write(dumps(data, indent=1))
        return 0
    return run_convert(args)


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
