"""Deterministic synthetic live blogs, as raw posts in the seed's format and as our entries.

A raw post reads like the seed's (committed as
`content/syria-axis-cracking-2024-12-07/source.txt`): a lead caption with its credit, a
title, a standfirst, then updates newest first, each opened by `UPDATE 1737 GMT:`; the
earliest update of each day is a day marker `UPDATE, DEC 7:`; the oldest is
`ORIGINAL ENTRY: …`. Updates hold paragraphs of news-like length, Bluesky
posts copied as text (`[image or embed]` / `— Name (@handle.bsky.social) December 7,
2024 at 4:42 PM`), an occasional subheading and media lost in copying (`A snapshot:`).

The archive is made with the project's own converter (`parse_live_blog`,
`write_live_blog`), so its entries are exactly what `convert` writes.
Same arguments, same bytes: everything comes from `random.Random(seed)`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from liveblog_archive.convert.parser import decode_source, parse_live_blog
from liveblog_archive.store.writer import write_live_blog

ARCHIVED = date(2026, 11, 24)
PUBLISHER = "EA WorldView"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_WORDS = _words(
    "rebels regime forces city province offensive government minister foreign officials "
    "reported claimed border crossing airbase military airstrikes civilians detainees "
    "prison headquarters capital suburb highway bridge convoy ceasefire talks envoy "
    "embassy refugees residents protesters statue square police security intelligence "
    "withdrawal advance control positions fighting clashes killed wounded hospital "
    "statement spokesman agency footage interview sources analysts negotiations deal "
    "council opposition faction commander troops army generals barracks district north "
    "south east west central eastern western northern southern river valley desert "
    "coast port airport village town countryside villages towns the a of in on to and "
    "with from by for at after before during as its their his her said says announced "
    "confirmed denied warned called urged agreed met visited seized took held lost "
    "entered reached crossed fled left returned captured liberated toppled declared"
)
_PLACES = _words(
    "Aleppo Hama Homs Damascus Daraa Suwayda Quneitra Latakia Tartous Idlib Raqqa "
    "Deir ez-Zor Palmyra Qusayr Talbiseh Rastan Jermana Darayya Kiswah Kanaker Manbij "
    "Qamishli Hasakah Kobani Afrin Azaz Jarabulus Maarat Saraqeb Khan Sheikhoun"
)
_PEOPLE = (
    ("Qusay Noor", "qusaynoor"),
    ("Rami Jarrah", "ramijarrah"),
    ("Fared Al Mahlool", "faredalmahlool"),
    ("Leila Haddad", "leilahaddad"),
    ("Omar Khatib", "omarkhatib"),
    ("Sara Mansour", "saramansour"),
    ("Yusuf Karim", "yusufkarim"),
    ("Nadia Salem", "nadiasalem"),
)
_MEDIA_LEADS = (
    "A snapshot from {place}:",
    "Residents celebrated throughout the night in {place}:",
    "Footage from {place} this afternoon:",
    "The scene in {place}:",
)
_HEADINGS = (
    "{place} Liberated on Friday?",
    "Regime Withdraws from {place}",
    "Talks Resume in {place}",
)


def _sentence(rng: random.Random, words: tuple[int, int] = (8, 28)) -> str:
    count = rng.randint(*words)
    picked = [rng.choice(_WORDS) for _ in range(count)]
    # Place names now and then, as in news copy.
    for _ in range(rng.randint(0, 2)):
        picked[rng.randrange(count)] = rng.choice(_PLACES)
    text = " ".join(picked)
    if rng.random() < 0.15:
        text += f", {rng.randint(2, 40)} km ({rng.randint(1, 25)} miles) from {rng.choice(_PLACES)}"
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))


def _printed(moment: datetime) -> str:
    """`December 7, 2024 at 4:42 PM`, as Bluesky prints a post's date."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{moment:%B} {moment.day}, {moment.year} at {hour}:{moment.minute:02d} {half}"


def _embed(rng: random.Random, posted: datetime) -> list[str]:
    name, handle = rng.choice(_PEOPLE)
    post = _sentence(rng, (6, 30))[:290].rstrip(" .") + "."
    return [post, "[image or embed]", f"— {name} (@{handle}.bsky.social) {_printed(posted)}"]


def _update_body(rng: random.Random, when: datetime, *, force_embed: bool = False) -> list[str]:
    """The paragraphs of one update (an editor's words, maybe a post, maybe lost media)."""
    paras = [_paragraph(rng) for _ in range(rng.randint(1, 4))]
    roll = rng.random()
    if force_embed or roll < 0.3:
        paras.append("Posting on Bluesky, a journalist in " + rng.choice(_PLACES) + " wrote:")
        paras.extend(_embed(rng, when - timedelta(minutes=rng.randint(5, 300))))
        if rng.random() < 0.5:
            paras.append(_paragraph(rng))
    elif roll < 0.4:
        heading = rng.choice(_HEADINGS).format(place=rng.choice(_PLACES))
        paras += [heading, _paragraph(rng)]
    elif roll < 0.5:
        paras.append(rng.choice(_MEDIA_LEADS).format(place=rng.choice(_PLACES)))
    return paras


def raw_post(
    seed: int, updates: int, newest: date, *, first_update: int = 0, per_day: int = 14
) -> str:
    """A raw live blog of `updates` updates (newest on `newest`), as copied from the page.

    `first_update` skips that many of the newest updates: raw_post(s, n, d, first_update=1)
    is the same live blog as raw_post(s, n + 1, d) before its newest update was posted.
    """
    rng = random.Random(seed)
    title = f"Syria Live: {rng.choice(_PLACES)} and {rng.choice(_PLACES)} ({seed})"
    lines = [
        f"Residents gather in {rng.choice(_PLACES)}, Syria (Photographer {seed}/AFP)",
        "",
        "",
        title,
        "",
        f"UPDATES: {_sentence(rng, (4, 8)).rstrip('.')}",
        "",
    ]
    # Plan the page top down: days newest first, within a day times going down; the last
    # update of each day (its earliest) is the day marker; the very last is the original.
    plan: list[tuple[str, datetime]] = []
    day = newest
    midnight = datetime.min.time()
    while len(plan) < updates + first_update:
        count = rng.randint(max(2, per_day - 6), per_day + 6)
        minutes = sorted(rng.sample(range(6 * 60, 23 * 60 + 59), count - 1), reverse=True)
        for minute in minutes:
            plan.append(("clock", datetime.combine(day, midnight) + timedelta(minutes=minute)))
        plan.append(("day", datetime.combine(day, midnight)))
        day -= timedelta(days=1)
    plan = plan[: updates + first_update]
    plan[-1] = ("original", plan[-1][1])
    bodies = [_update_body(rng, when, force_embed=kind == "original") for kind, when in plan]
    for (kind, when), paras in list(zip(plan, bodies, strict=True))[first_update:]:
        lines.append("")
        if kind == "clock":
            lines += [f"UPDATE {when:%H%M} GMT:", "", *_joined(paras)]
        elif kind == "day":
            lines += [f"UPDATE, {when.strftime('%b').upper()} {when.day}:", "", *_joined(paras)]
        else:
            lines += [f"ORIGINAL ENTRY: {paras[0]}", "", *_joined(paras[1:])]
    return "\n".join(lines).rstrip("\n") + "\n"


def _joined(paras: list[str]) -> list[str]:
    out: list[str] = []
    for para in paras:
        out += [para, ""]
    return out


def raw_of_size(size: int, seed: int = 1) -> str:
    """One raw live blog of about `size` bytes (UTF-8), for converter throughput."""
    updates = max(3, size // 1000)
    text = raw_post(seed, updates, date(2024, 12, 7))
    for _ in range(2):  # rescale from the size we got (updates average about 1 KB)
        updates = max(3, round(updates * size / len(text.encode())))
        text = raw_post(seed, updates, date(2024, 12, 7))
    return text


@dataclass(frozen=True)
class ArchiveSpec:
    blogs: int = 200
    updates: int = 50
    seed: int = 2024

    def slug(self, index: int) -> str:
        return f"synthetic-{index:04d}"

    def newest(self, index: int) -> date:
        # Spread over February–November 2023, never near a new year (the year comes from the posts).
        return date(2023, 2, 1) + timedelta(days=(index * 37) % 300)


def convert(raw: str, slug: str, out: Path, newest: date, *, force: bool = False) -> int:
    """Run the project's converter on a raw post: `liveblog-archive convert --date NEWEST`."""
    data = raw.encode()
    blog = parse_live_blog(decode_source(data), slug=slug, newest_date=newest, publisher=PUBLISHER)
    write_live_blog(blog, data, out, archived=ARCHIVED, force=force)
    return len(blog.updates)


def write_archive(spec: ArchiveSpec, out: Path) -> int:
    """The synthetic archive as our own entries under `out`; returns the number of updates."""
    total = 0
    for index in range(spec.blogs):
        # One update held back, so that `add_update` can post it later.
        raw = raw_post(spec.seed + index, spec.updates, spec.newest(index), first_update=1)
        total += convert(raw, spec.slug(index), out, spec.newest(index))
    return total


def add_update(spec: ArchiveSpec, out: Path, index: int = 0) -> None:
    """The live blog went on: re-convert it with one more update at the top (`--force`)."""
    raw = raw_post(spec.seed + index, spec.updates + 1, spec.newest(index))
    convert(raw, spec.slug(index), out, spec.newest(index), force=True)


# ---------------------------------------------------------------------------- tiny live blogs


def write_tiny_archive(
    out: Path,
    count: int,
    *,
    first: date = date(2012, 1, 1),
    publishers: tuple[str, ...] = ("EA WorldView", "The Daily Wire Service", "Radio Example"),
    series: str | None = "Syria Daily",
) -> list[dict[str, object]]:
    """`count` live blogs of one update each, one a day from `first`, written straight
    through the entry schema (no converter: 5,000 of them take a second or two). Every
    third live blog belongs to `series`; publishers take turns. Returns what was written
    (slug, day, publisher, series) for the tests to compare the site with."""
    from liveblog_archive.store.schema import format_header

    written = []
    for i in range(count):
        day = first + timedelta(days=i)
        slug = f"day-{day:%Y-%m-%d}"
        when = datetime(day.year, day.month, day.day, 9, 30, tzinfo=UTC)
        publisher = publishers[i % len(publishers)] if publishers else None
        in_series = series if series and i % 3 == 0 else None
        folder = out / slug
        (folder / "updates").mkdir(parents=True)
        index = {
            "title": f"Live: the news of {day:%-d %B %Y}",
            "date": when,
            "slug": slug,
            "liveblog": slug,
            "template": "liveblog",
            "publisher": publisher,
            "coverage-start": when,
            "coverage-end": when,
            "updates": 1,
            "series": in_series,
        }
        (folder / "index.md").write_text(
            format_header("live blog", index) + f"\nThe day of {day:%-d %B %Y}.\n", "utf-8"
        )
        anchor = f"update-{day:%Y-%m-%d}-0930"
        update = {
            "title": f"Morning report, {day:%-d %B %Y}",
            "date": when,
            "slug": f"{slug}--{anchor}",
            "liveblog": slug,
            "anchor": anchor,
            "label": "0930 GMT",
            "kind": "update",
            "time-known": True,
            "position": 1,
            "status": "hidden",
            "template": "update",
        }
        (folder / "updates" / f"{anchor}.md").write_text(
            format_header("update", update) + f"\nWhat happened on {day:%-d %B %Y}.\n", "utf-8"
        )
        written.append({"slug": slug, "day": day, "publisher": publisher, "series": in_series})
    return written
