"""The parser on the seed and on every marker variant, date rule and block rule."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import SEED, run_cli
from liveblog_archive.convert.clock import read_date_line, read_stamp, read_trailing_stamp
from liveblog_archive.convert.model import Embed, Heading, LostMedia, Paragraph
from liveblog_archive.convert.parser import decode_source, parse_live_blog
from liveblog_archive.convert.styles import DEFAULT, load_style
from liveblog_archive.errors import ConvertError
from liveblog_archive.store.writer import update_markdown


def parse(text: str, **kwargs):
    return parse_live_blog(text, slug="test", **kwargs)


def clock_times(text: str, zone: str, newest: date, **kwargs) -> list[str]:
    """The local times (HHMM) of a page's updates, in the order they are listed."""
    blog = parse(text, timezone=ZoneInfo(zone), newest_date=newest, **kwargs)
    return [u.anchor[-4:] for u in blog.updates]


@pytest.fixture(scope="module")
def seed_json() -> dict:
    result = run_cli("parse", SEED, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# ---------------------------------------------------------------------------- the seed


def test_seed_has_27_entries_in_page_order(seed_json):
    updates = seed_json["updates"]
    assert len(updates) == 27
    kinds = [u["kind"] for u in updates]
    assert kinds == ["update"] * 14 + ["day-opener"] + ["update"] * 11 + ["original"]
    assert [u["position"] for u in updates] == list(range(1, 28))


def test_seed_dates_resolve_across_the_day_marker(seed_json):
    updates = seed_json["updates"]
    dec7 = updates[:14]
    assert [u["published"][:10] for u in dec7] == ["2024-12-07"] * 14
    assert dec7[0]["published"] == "2024-12-07T17:37:00+00:00"
    assert dec7[-1]["published"] == "2024-12-07T08:07:00+00:00"
    opener = updates[14]
    assert (opener["published"], opener["time_known"], opener["label"]) == (
        "2024-12-07",
        False,
        "DEC 7",
    )
    dec6 = updates[15:26]
    assert [u["published"][:10] for u in dec6] == ["2024-12-06"] * 11
    assert dec6[0]["published"] == "2024-12-06T16:18:00+00:00"
    assert dec6[-1]["published"] == "2024-12-06T09:48:00+00:00"
    original = updates[26]
    assert (original["published"], original["time_known"], original["anchor"]) == (
        "2024-12-06",
        False,
        "original-entry",
    )


def test_seed_timed_updates_are_newest_first(seed_json):
    timed = [u["published"] for u in seed_json["updates"] if u["time_known"]]
    assert len(timed) == 25
    assert timed == sorted(timed, reverse=True)


def test_seed_anchors_are_unique_and_well_formed(seed_json):
    anchors = [u["anchor"] for u in seed_json["updates"]]
    assert len(set(anchors)) == 27
    assert anchors[0] == "update-2024-12-07-1737"
    assert anchors[14] == "update-2024-12-07"
    assert "update-2024-12-07-1121" in anchors


def test_seed_labels_are_as_printed(seed_json):
    assert seed_json["updates"][0]["label"] == "1737 GMT"
    assert seed_json["updates"][-1]["label"] == "ORIGINAL ENTRY"


def test_seed_four_bluesky_embeds(seed_json):
    embeds = [e for u in seed_json["updates"] for e in u["embeds"]]
    assert [(e["author"], e["handle"], e["posted"]) for e in embeds] == [
        ("Qusay Noor", "qusaynoor.bsky.social", "2024-12-07T16:42"),
        ("Fared Al Mahlool | فريد المحلول", "faredalmahlool.bsky.social", "2024-12-07T10:13"),
        ("Rami Jarrah", "ramijarrah.bsky.social", "2024-12-05T14:25"),
        ("Rami Jarrah", "ramijarrah.bsky.social", "2024-12-05T20:21"),
    ]
    assert {e["platform"] for e in embeds} == {"bluesky"}
    assert embeds[0]["url"] is None  # the post's own address was not in the copy
    assert embeds[0]["profile"] == "https://bsky.app/profile/qusaynoor.bsky.social"
    assert embeds[1]["text"].startswith("BREAKING NEWS")  # not the editor's first paragraph
    assert embeds[2]["text"].endswith("This is iconic.")  # a post of two paragraphs
    assert embeds[3]["text"].startswith("The moment the Rastan Bridge")


def test_seed_lost_media_and_lead_photo(seed_json):
    lost = [m for u in seed_json["updates"] for m in u["lost_media"]]
    assert [m["after"] for m in lost] == [
        "A snapshot from Hama:",
        "Residents celebrated throughout the night:",
    ]
    assert lost[0]["kind"] == "image"
    assert seed_json["lead_image"] == {
        "caption": "Residents set fire to a giant poster of Bashar al-Assad on the facade of "
        "the city hall in Hama, Syria",
        "credit": "Bakr Alkasem/AFP",
    }


def test_seed_title_standfirst(seed_json):
    assert (
        seed_json["title"] == "The Russia-Iran-Assad “Axis of the Vulnerable” Is Cracking in Syria"
    )
    assert seed_json["standfirst"] == "UPDATES: Rebels Liberate Aleppo and Hama"


def test_seed_split_word_repaired_and_recorded(seed_json):
    update = next(u for u in seed_json["updates"] if u["anchor"] == "update-2024-12-07-1335")
    assert "They are currently about 15 km" in update["markdown"]
    assert update["repairs"] == [
        {"kind": "split-word", "before": ["cu", "rrently"], "after": "currently"}
    ]
    assert sum(len(u["repairs"]) for u in seed_json["updates"]) == 1


def test_seed_keeps_the_originals_typos(seed_json):
    markdown = "".join(u["markdown"] for u in seed_json["updates"])
    assert "Tehran’support" in markdown
    assert "has'nt" in markdown


def test_seed_subheading(seed_json):
    headings = [h for u in seed_json["updates"] for h in u["headings"]]
    assert headings == ["Homs Liberated on Friday?"]
    original = seed_json["updates"][-1]["markdown"]
    assert "\n## Homs Liberated on Friday?\n" in original


# ---------------------------------------------------------------------------- time grammar


@pytest.mark.parametrize(
    ("line", "printed", "text"),
    [
        ("UPDATE 1737 GMT:", "1737 GMT", ""),
        ("UPDATE, 1800 GMT:", "1800 GMT", ""),
        ("UPDATE 0930 UTC: Text here", "0930 UTC", "Text here"),
        ("UPDATE, DEC 7:", "DEC 7", ""),
        ("UPDATE, December 25:", "December 25", ""),
        ("ORIGINAL ENTRY: Advancing rapidly", None, None),  # a style's label, not the grammar's
        ("2030 GMT: Syria. The text…", "2030 GMT", "Syria. The text…"),
        ("The 2030 GMT: deadline", None, None),
        ("UPDATE 1737:", "1737", ""),  # a candidate; the zone is asked for later
        ("8.40am:", "8.40am", ""),
        ("12.05pm BST: The text", "12.05pm BST", "The text"),
        ("13.40pm:", None, None),
        ("At 8.40am: we heard", None, None),
        ("Posted at 17:37", "17:37", ""),
        ("Posted at 9:05 BST", "9:05 BST", ""),
        ("8:40 a.m. ET, September 14, 2018", "8:40 a.m. ET, September 14, 2018", ""),
        ("10am: Doors open", "10am", "Doors open"),
        ("Noon: lunch", "Noon", "lunch"),
        ("Noon prayers were held", None, None),
        ("12.50 per cent of voters", None, None),
        ("2011 was a year", None, None),
        ("10 amendments were tabled", None, None),
        ("• 17.37 BST", "17.37 BST", ""),
        ("17:37 +03:00 Text", "17:37 +03:00", "Text"),
    ],
)
def test_time_grammar_reads_a_stamp_at_the_start_of_a_line(line, printed, text):
    stamp = read_stamp(line)
    if printed is None:
        assert stamp is None or (stamp.clock is None and stamp.date is None)
    else:
        assert (stamp.printed, stamp.text) == (printed, text)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("March 23, 2022", (2022, 3, 23)),
        ("Monday 20 June 2011", (2011, 6, 20)),
        ("23/03/2022", (2022, 3, 23)),
        ("Tuesday 7 December", (None, 12, 7)),
        ("Sept. 14, 2018", (2018, 9, 14)),
        ("2022-03-23", (2022, 3, 23)),
        ("March 2022 was a month", None),
        ("7 December 2024 was a Saturday", None),
    ],
)
def test_date_headings(line, expected):
    found = read_date_line(line)
    assert (None if found is None else (found.year, found.month, found.day)) == expected


TWELVE_HOUR = """Geneva talks: live

9.05pm: The talks ended without a statement.

12.10pm BST: A spokesman said they would meet again.

8.40am: Good morning.

11.55pm: Late news from the day before.
"""


def test_twelve_hour_clock_in_the_pages_zone_with_summer_time():
    blog = parse(TWELVE_HOUR, newest_date=date(2024, 6, 3), timezone=ZoneInfo("Europe/London"))
    assert [u.label for u in blog.updates] == ["9.05pm", "12.10pm BST", "8.40am", "11.55pm"]
    assert [u.published for u in blog.updates] == [
        datetime(2024, 6, 3, 20, 5, tzinfo=UTC),  # BST, UTC+1, from the page's zone
        datetime(2024, 6, 3, 11, 10, tzinfo=UTC),  # BST printed beside the time
        datetime(2024, 6, 3, 7, 40, tzinfo=UTC),
        datetime(2024, 6, 2, 22, 55, tzinfo=UTC),  # 11.55pm below 8.40am: the day before
    ]
    # anchors name the local time the page printed (11.55pm BST), not UTC
    assert [u.anchor for u in blog.updates][-1] == "update-2024-06-02-2355"
    assert blog.updates[-1].local.isoformat() == "2024-06-02T23:55:00+01:00"
    assert (blog.order, blog.timezone) == ("newest", "Europe/London")


def test_the_pages_zone_follows_winter_time():
    blog = parse(
        "T\n\nPosted at 17:37\n\nx\n\nPosted at 0:05\n\ny\n",
        newest_date=date(2024, 12, 7),
        timezone=ZoneInfo("Europe/London"),
        order="newest",  # two times 6.5 hours apart across midnight, or 17.5 hours: ask
    )
    assert [u.published for u in blog.updates] == [
        datetime(2024, 12, 7, 17, 37, tzinfo=UTC),
        datetime(2024, 12, 7, 0, 5, tzinfo=UTC),
    ]
    assert [u.label for u in blog.updates] == ["17:37", "0:05"]


def test_impossible_twelve_hour_time_is_an_error_with_its_line():
    with pytest.raises(ConvertError) as err:
        parse("T\n\n8.75am: x\n", newest_date=date(2024, 1, 1), timezone=ZoneInfo("UTC"))
    assert err.value.line == 3
    assert "8.75am" in str(err.value) and "8.40am" in str(err.value)


def test_time_without_a_zone_asks_for_timezone():
    with pytest.raises(ConvertError) as err:
        parse(TWELVE_HOUR, newest_date=date(2024, 6, 3))
    assert err.value.line == 3
    assert "--timezone" in str(err.value) and "9.05pm" in str(err.value)


def test_timezone_flag_is_checked(tmp_path):
    raw = tmp_path / "talks.txt"
    raw.write_text(TWELVE_HOUR)
    bad = run_cli("parse", raw, "--json", "--date", "2024-06-03", "--timezone", "../etc/x")
    assert bad.returncode == 2 and "not a time zone" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    good = run_cli("parse", raw, "--json", "--date", "2024-06-03", "--timezone", "America/New_York")
    assert good.returncode == 0, good.stderr
    # 9.05pm in New York, in the page's zone with its offset (01:05 UTC the next day)
    assert json.loads(good.stdout)["updates"][0]["published"] == "2024-06-03T21:05:00-04:00"


def test_comma_variant_and_text_on_marker_line():
    blog = parse(
        "Title\n\nUPDATE, 1800 GMT:\n\nEvening text.\n\n2030 GMT: Syria. Same-line text.\n",
        newest_date=date(2015, 3, 2),
    )
    # 1800 above 2030: the clock goes up going down the page, so 2030 is the day before
    assert [u.published for u in blog.updates] == [
        datetime(2015, 3, 2, 18, 0, tzinfo=UTC),
        datetime(2015, 3, 1, 20, 30, tzinfo=UTC),
    ]
    assert blog.updates[1].blocks == [Paragraph("Syria. Same-line text.")]
    assert blog.updates[0].label == "1800 GMT"


def test_time_zone_converted_to_utc():
    blog = parse("T\n\nUPDATE 0930 BST:\n\nx\n", newest_date=date(2024, 7, 1))
    assert blog.updates[0].published == datetime(2024, 7, 1, 8, 30, tzinfo=UTC)
    # the anchor is the local time the page printed; BST names the page's zone
    assert blog.updates[0].anchor == "update-2024-07-01-0930"
    assert blog.timezone == "Europe/London"


def test_impossible_time_is_an_error_with_its_line():
    with pytest.raises(ConvertError) as err:
        parse("T\n\nUPDATE 2575 GMT:\n\nx\n", newest_date=date(2024, 1, 1))
    assert err.value.line == 3
    assert "HHMM" in str(err.value)


# ---------------------------------------------------------------------------- dates


def test_roll_over_across_midnight():
    text = "T\n\nUPDATE 0115 GMT:\n\na\n\nUPDATE 0005 GMT:\n\nb\n\nUPDATE 2350 GMT:\n\nc\n"
    blog = parse(text, newest_date=date(2025, 1, 1))
    assert [u.anchor for u in blog.updates] == [
        "update-2025-01-01-0115",
        "update-2025-01-01-0005",
        "update-2024-12-31-2350",
    ]


def test_same_minute_twice_is_the_same_day_with_a_suffix():
    blog = parse(
        "T\n\nUPDATE 1200 GMT:\n\nnew\n\nUPDATE 1200 GMT:\n\nold\n", newest_date=date(2024, 5, 5)
    )
    # numbered oldest first, so an update added later at the top never renumbers older ones
    assert [u.anchor for u in blog.updates] == [
        "update-2024-05-05-1200-2",
        "update-2024-05-05-1200",
    ]


def test_day_marker_with_year_from_an_embed():
    text = (
        "T\n\nUPDATE 1000 GMT:\n\nText\n\nPost text\n\n[image or embed]\n\n"
        "— A (@a.bsky.social) March 3, 2023 at 9:00 AM\n\nUPDATE, MAR 3:\n\nopener\n\n"
        "UPDATE 2200 GMT:\n\nprevious evening\n"
    )
    blog = parse(text)
    assert [(u.anchor, u.time_known) for u in blog.updates] == [
        ("update-2023-03-03-1000", True),
        ("update-2023-03-03", False),
        ("update-2023-03-02-2200", True),
    ]


def test_post_with_no_year_asks_for_year_or_date():
    text = "T\n\nUPDATE 1000 GMT:\n\nText\n\nUPDATE, MAR 3:\n\nopener\n"
    with pytest.raises(ConvertError, match="--year"):
        parse(text)
    blog = parse(text, year=2022)
    assert blog.updates[0].anchor == "update-2022-03-03-1000"


# A date printed with its weekday that falls on another day in the year it was given:
# the year is wrong, and every update would be dated wrongly without a word.
WEEKDAY_HEADING = "T\n\nFriday 31 May\n\n10:15\n\nLater\n\n09:30\n\nEarlier\n"
WEEKDAY_DATELINE = "Fri, May 31\n\nLive blog\n\n10:15\n\nLater\n\n09:30\n\nEarlier\n"


@pytest.mark.parametrize("text", [WEEKDAY_HEADING, WEEKDAY_DATELINE])
def test_a_weekday_the_year_contradicts_stops_the_converter(text):
    with pytest.raises(ConvertError, match=r"is a Saturday .*falls in 2013, 2019, 2024") as caught:
        parse(text, year=2014, timezone=ZoneInfo("Europe/Dublin"))
    assert caught.value.line in (1, 3)
    blog = parse(text, year=2013, timezone=ZoneInfo("Europe/Dublin"))
    assert [u.anchor for u in blog.updates] == ["update-2013-05-31-1015", "update-2013-05-31-0930"]


def test_a_weekday_the_embedded_posts_year_contradicts_stops_the_converter():
    embed = "Post\n\n[image or embed]\n\n— A (@a.bsky.social) May 30, 2014 at 9:00 AM\n\n"
    with pytest.raises(ConvertError, match="the year is not 2014"):
        parse(
            WEEKDAY_HEADING.replace("Earlier\n", "Earlier\n\n" + embed),
            timezone=ZoneInfo("Europe/Dublin"),
        )


@pytest.mark.parametrize("text", [WEEKDAY_HEADING, WEEKDAY_DATELINE])
def test_date_overrides_a_contradicting_weekday_with_a_warning(text):
    blog = parse(text, newest_date=date(2014, 5, 31), timezone=ZoneInfo("Europe/Dublin"))
    assert blog.updates[0].anchor == "update-2014-05-31-1015"
    assert any("is a Saturday: check --date" in w for w in blog.report.warnings)


def test_a_post_with_no_text_is_reported_and_the_next_keeps_its_time():
    # A post whose picture did not copy leaves its stamp right above the next one: not an
    # agenda (whose items carry their text on their line), and the report says so.
    text = "T\n• 10:15\nLater\n• 10:00\n• 09:30\nEarlier\n"
    blog = parse(text, newest_date=date(2013, 6, 6), timezone=ZoneInfo("Europe/Dublin"))
    assert [(u.label, u.time_known) for u in blog.updates] == [
        ("10:15", True),
        ("10:00", True),
        ("09:30", True),
    ]
    assert blog.report.warnings == [
        "line 4: the update of 10:00 has no text (a picture or video that did not copy?)"
    ]
    # Deccan Herald's layout: a blank line between each stamp and its text, so the stamp
    # under the empty post opens no paragraph: it opens its update all the same.
    spaced = "T\n\n  • 10:15\n\n    Later\n\n  • 10:00\n  • 09:30\n\n    Earlier\n"
    blog = parse(spaced, newest_date=date(2022, 10, 24), timezone=ZoneInfo("Asia/Kolkata"))
    assert [(u.label, u.time_known, u.title) for u in blog.updates] == [
        ("10:15", True, "Later"),
        ("10:00", True, ""),
        ("09:30", True, "Earlier"),
    ]


GLUED_BYLINES = (
    "Keynote live\n"
    "Dana Reyes 9/7/2016 4:56:29 PM\n"
    "Dana Reyes 9/7/2016 4:57:09 PMDoors are open and the hall is filling up.\n"
    "Sam Ortiz 9/7/2016 4:57:41 PMThe lights just dimmed.\n"
    "The stage is dark.\n"
)


def test_stamps_glued_to_their_text_are_reported_not_merged_silently():
    # CNET's copy glued each post's text to its byline's time ('4:57:09 PMDoors…'): only
    # the first byline, alone on its line, is read as a stamp, so the other posts stay in
    # its update. The report names them; a date and time in prose further along a line,
    # or written another way, is not taken for one.
    style = replace(DEFAULT, date_order="MDY")
    blog = parse(GLUED_BYLINES, style=style, timezone=ZoneInfo("UTC"))
    assert len(blog.updates) == 1
    [warning] = blog.report.warnings
    assert warning.startswith("2 line(s) print a time like a stamp but open no update")
    assert "line 3 'Dana Reyes 9/7/2016 4:57:09 PMDoors are open" in warning
    assert "line 4 'Sam Ortiz 9/7/2016 4:57:41 PMThe lights" in warning
    prose = GLUED_BYLINES.replace(
        "Dana Reyes 9/7/2016 4:57:09 PMDoors are open and the hall is filling up.",
        "Doors opened well before the keynote, which the invitation had set for "
        "9/7/2016 4:57:09 PM, and on September 7, 2016 at 5:00 PM the hall was full.",
    ).replace("Sam Ortiz 9/7/2016 4:57:41 PMThe lights just dimmed.", "The lights dimmed.")
    assert parse(prose, style=style, timezone=ZoneInfo("UTC")).report.warnings == []


def test_a_headline_above_each_stamp_opens_its_update_unless_it_is_furniture():
    page = (
        "Election night\n\n"
        "Markets open higher\nPosted November 6, 2024 at 9:31 AM EST\nStocks rose.\n\n"
        "Polls close in the East\nPosted November 5, 2024 at 7:00 PM EST\nCounting began.\n"
    )
    blog = parse(page)
    assert [(u.anchor, u.title) for u in blog.updates] == [
        ("update-2024-11-06-0931", "Markets open higher"),
        ("update-2024-11-05-1900", "Polls close in the East"),
    ]
    assert blog.updates[0].blocks[1].text == "Stocks rose."
    # The same line above every stamp is the page's furniture, ending the post above.
    furniture = page.replace("Markets open higher", "Copy link").replace(
        "Polls close in the East", "Copy link"
    )
    blog = parse(furniture)
    assert [u.title for u in blog.updates] == ["Stocks rose.", "Counting began."]
    assert [b.text for b in blog.updates[0].blocks] == ["Stocks rose.", "Copy link"]
    assert [line.text for line in blog.preamble] == ["Copy link"]


# Moneycontrol's cricket page (2018), in our words: the article's header prints the year,
# each post's stamp a date without it, a zone in brackets; a pinned post of the day before
# sits at the top.
YEARLESS = (
    "Aug 31, 2018 09:31 PM IST | Source: Scores desk\n\n"
    "4th Test, Day 2 LIVE: India trail by 19 runs\n\n"
    "  \u2022 Aug 30, 04:21 PM (IST)\n\n    The full scorecard is on our scores page.\n\n"
    "  \u2022 Aug 31, 09:36 PM (IST)\n\n    A FOUR through square leg, then a wicket.\n\n"
    "  \u2022 Aug 31, 09:31 PM (IST)\n\n    WICKET! Caught at short leg.\n\n"
    "  \u2022 Aug 31, 09:29 PM (IST)\n\n    A quiet over from the spinner.\n\n"
    "  \u2022 Aug 31, 09:27 PM (IST)\n\n    Drinks are taken.\n"
)


def test_stamps_with_a_date_but_no_year_take_the_year_of_the_pages_date():
    # Once: the bullets were not stamps, and the header line alone made one entry of
    # every post, with nothing reported.
    blog = parse(YEARLESS, timezone=ZoneInfo("Asia/Kolkata"))
    assert blog.title == "4th Test, Day 2 LIVE: India trail by 19 runs"
    assert [(u.anchor, u.label) for u in blog.updates] == [
        ("update-2018-08-31-2136", "Aug 31, 09:36 PM (IST)"),  # the zone keeps its ')'
        ("update-2018-08-31-2131", "Aug 31, 09:31 PM (IST)"),
        ("update-2018-08-31-2129", "Aug 31, 09:29 PM (IST)"),
        ("update-2018-08-31-2127", "Aug 31, 09:27 PM (IST)"),
        ("update-2018-08-30-1621", "Aug 30, 04:21 PM (IST)"),
    ]
    assert blog.report.days_source == (
        "the dates the page prints (the first on the page: line 5), their year from the "
        "page's date (line 1): "
        "'Aug 31, 2018 09:31 PM IST | Source: Scores desk'"
    )
    # The year that puts the newest day nearest the page's date: across New Year too.
    new_year = YEARLESS.replace("Aug 31, 2018", "Dec 31, 2018").replace("Aug 3", "Jan ")
    assert parse(new_year, timezone=ZoneInfo("Asia/Kolkata")).updates[0].anchor == (
        "update-2019-01-01-2136"
    )
    # With no year anywhere, the converter asks, as before.
    with pytest.raises(ConvertError, match="cannot tell the year"):
        parse(YEARLESS.replace(", 2018", ""), timezone=ZoneInfo("Asia/Kolkata"))


def test_a_quoted_posts_date_is_not_the_pages_date():
    # Adweek's intro quoted a tweet of the day before the debate: its date dated every
    # update, unreported. A post's signature is no dateline.
    page = (
        "Debate night live blog\n\n"
        "The boss is already happy:\n"
        "Another big debate tonight.\n"
        "\u2014 Media Owner (@mediaowner) January 11, 2016\n\n"
        "9:03 p.m. ET: Candidates pivot to foreign policy.\n\n"
        "9:17 p.m. ET: A joke about being woken up.\n"
    )
    with pytest.raises(ConvertError, match="cannot tell the date of the updates"):
        parse(page)
    blog = parse(page, newest_date=date(2016, 1, 14))
    assert blog.updates[0].anchor == "update-2016-01-14-2117"
    assert blog.report.days_source == "--date 2016-01-14 (the newest update's day)"


@pytest.mark.parametrize(
    "above",
    [
        "Catch LIVE Updates Below:",  # a lead-in (Free Press Journal)
        "Here\u2019s the latest on Election Day \u2026",  # (The Washington Post)
        "Radio | Results Centre | Webcams | Twitter",  # a menu (RT\u00c9)
        "Counting of votes has begun. Almost all the exit polls predicted a win for the "
        "alliance, which projected its leader as chief minister.",  # prose (Business Today)
        "This coverage has ended. Follow here for Wednesday\u2019s updates.",
    ],
)
def test_lead_ins_menus_and_prose_are_never_the_title(above):
    page = (
        f"{above}\n\n12:22 pm: Customs duties simplified.\n\n12:19 pm: Drugs exempted.\n\n"
        "12:17 pm: The speech goes on.\n\n12:14 pm: The minister rises.\n"
    )
    # (short posts under a lead-in read as a timetable too: the order is given)
    told = {"timezone": ZoneInfo("Asia/Kolkata"), "newest_date": date(2026, 2, 1)}
    with pytest.raises(ConvertError, match="no title before the first update marker"):
        parse(page, order="newest", **told)
    titled = parse(f"Budget day live\n\n{page}", order="newest", **told)
    assert titled.title == "Budget day live"
    # kept: a lead-in or a menu as the page's furniture, a paragraph as its standfirst
    if above.endswith((":", " \u2026")) or " | " in above:
        assert (titled.standfirst, [line.text for line in titled.preamble]) == ("", [above])
    else:
        assert (titled.standfirst, titled.preamble) == (above, [])


def test_a_title_with_a_bracketed_time_range_is_no_photo_caption():
    # RT\u00c9's 'Election Count (0700-1500)' was read as a lead photo's caption and credit.
    page = (
        "Election Count (0700-1500)\n\nMonday 28 February 2011 00.13\n\n"
        "1458 Dublin Mid West: no one reached the quota.\n\n"
        "1453 The quota in Dublin West was 8,495.\n"
    )
    blog = parse(page, timezone=ZoneInfo("Europe/Dublin"))
    assert (blog.title, blog.lead_image) == ("Election Count (0700-1500)", None)
    # The date line dated the updates: the report says so and quotes it.
    assert blog.report.days_source == (
        "the page's date (line 3), the oldest update's day: 'Monday 28 February 2011 00.13'"
    )
    credited = parse(
        "Residents queue for sandbags (Photo/Jane Roe)\n\n" + page,
        timezone=ZoneInfo("Europe/Dublin"),
    )
    assert credited.lead_image is not None and credited.lead_image.credit == "Photo/Jane Roe"


@pytest.mark.parametrize("order", ["newest", "oldest"])
def test_updates_under_a_date_heading_may_cross_midnight(order):
    # FrontloadingHQ's election night under 'Tuesday, November 6, 2012': the posts after
    # midnight were dated the 6th and listed as the oldest, and --date could not mend it.
    posts = ["11:17pm: Missouri.", "11:43pm: Nevada.", "12:00am: Alaska.", "12:11am: Virginia."]
    if order == "newest":
        posts.reverse()
    page = "Tuesday, November 6, 2012\n\nElection night live blog\n\n" + "\n\n".join(posts)
    blog = parse(page, timezone=ZoneInfo("America/New_York"))
    assert blog.order == order
    assert [u.anchor for u in blog.updates] == [
        "update-2012-11-07-0011",
        "update-2012-11-07-0000",
        "update-2012-11-06-2343",
        "update-2012-11-06-2317",
    ]
    assert blog.report.days_source == (
        "the dates the page prints (the first on the page: line 1): 'Tuesday, November 6, 2012'"
    )
    # A time a little earlier than the one above, under a heading, stays a pinned post
    # of that day (TRT pins one at the top of a day); it is no new day.
    pinned = "Tuesday, November 6, 2012\n\nElection night live blog\n\n" + "\n\n".join(
        ["9:05pm: Pinned: how to follow tonight.", "11:43pm: Nevada.", "11:17pm: Missouri."]
    )
    blog = parse(pinned, timezone=ZoneInfo("America/New_York"), order="newest")
    assert sorted(u.anchor for u in blog.updates) == [
        "update-2012-11-06-2105",
        "update-2012-11-06-2317",
        "update-2012-11-06-2343",
    ]


def test_german_and_french_tickers():
    # hessenschau and MDR print '10.10 Uhr:' and '22:25 Uhr |', with a '+++ headline +++'
    # above a post; 20 Minutes prints '5h37 :'. All were refused ('the posts print no
    # time'), or with --order every time was dropped.
    german = (
        "Corona-Ticker: Das war der Freitag\n\n"
        "10.10 Uhr: Damit endet der Ticker f\u00fcr heute.\n\n"
        "+++ Rentnerin gewinnt im Lotto +++\n\n"
        "9.59 Uhr: Kurz vor Schluss diese Meldung.\n\n"
        "9.58 Uhr: Motorradfahrer wollen zum Feldberg.\n"
    )
    blog = parse(german, timezone=ZoneInfo("Europe/Berlin"), newest_date=date(2020, 6, 5))
    assert [(u.anchor, u.label, u.title) for u in blog.updates] == [
        ("update-2020-06-05-1010", "10.10 Uhr", "Damit endet der Ticker f\u00fcr heute."),
        ("update-2020-06-05-0959", "9.59 Uhr", "+++ Rentnerin gewinnt im Lotto +++"),
        ("update-2020-06-05-0958", "9.58 Uhr", "Motorradfahrer wollen zum Feldberg."),
    ]
    assert [b.text for b in blog.updates[0].blocks] == ["Damit endet der Ticker f\u00fcr heute."]
    piped = "Ticker\n\n22:25 Uhr | Striktere Ma\u00dfnahmen\n\n21:45 Uhr | Quarant\u00e4ne\n"
    blog = parse(piped, timezone=ZoneInfo("Europe/Berlin"), newest_date=date(2020, 9, 18))
    assert [(u.anchor, u.title) for u in blog.updates] == [
        ("update-2020-09-18-2225", "Striktere Ma\u00dfnahmen"),
        ("update-2020-09-18-2145", "Quarant\u00e4ne"),
    ]
    french = (
        "Coronavirus : le point du samedi\n\n"
        "5h37 : La cote de confiance remonte\n\n"
        "17h05 : Le pr\u00e9sident s\u2019exprime ce soir\n"
    )
    blog = parse(
        french, timezone=ZoneInfo("Europe/Paris"), order="oldest", newest_date=date(2020, 5, 16)
    )
    assert [(u.anchor, u.label) for u in blog.updates] == [
        ("update-2020-05-16-1705", "17h05"),
        ("update-2020-05-16-0537", "5h37"),
    ]
    # a time inside a sentence is no stamp
    assert read_stamp("Il est 5h37 et le jour se l\u00e8ve", {}) is None


def test_a_page_of_one_line_posts_is_no_agenda():
    # India Today's ball by ball: one post a line, no blank lines; 16 posts were 1 entry
    # and 15 'kept as text (in a list of times)'.
    balls = [f"10:{m:02d} IST: 84.{m % 6}: Starc to Astle, no run." for m in range(11, 5, -1)]
    page = "Third Test, day 3: live cricket score\n" + "\n".join(balls) + "\n"
    blog = parse(page, timezone=ZoneInfo("Asia/Kolkata"), newest_date=date(2020, 1, 5))
    assert [u.label for u in blog.updates] == [f"10:{m:02d} IST" for m in range(11, 5, -1)]
    assert blog.report.kept_as_text == []
    # The same lines under a post that leads into them stay that post's timetable.
    agenda = (
        "Third Test, day 3: live cricket score\n\n"
        "09:58 IST: Play starts soon. Here is the day's plan:\n" + "\n".join(balls) + "\n"
    )
    blog = parse(agenda, timezone=ZoneInfo("Asia/Kolkata"), newest_date=date(2020, 1, 5))
    assert [u.label for u in blog.updates] == ["09:58 IST"]


def test_a_short_line_of_its_own_with_a_time_is_reported():
    # The Straits Times' timeline: 'AROUND 2PM' was a subheading inside the update above,
    # without a word. A time in a sentence, or in a long line, is not reported.
    page = (
        "Timeline of the day\n\n1PM\n\nThe session opens.\n\nAROUND 2PM\n\n"
        "Crowds gather at the doors, and police close the road at 2.15pm.\n\n"
        "3.13PM\n\nA statement asks for calm.\n"
    )
    blog = parse(page, timezone=ZoneInfo("America/New_York"), newest_date=date(2021, 1, 6))
    assert [u.label for u in blog.updates] == ["3.13PM", "1PM"]  # newest first
    assert blog.report.warnings == [
        "1 line(s) print a time like a stamp but open no update, so each stays in the "
        "update above it: line 7 'AROUND 2PM' (if they are posts of their own, the page's "
        "form is not read: check the split)"
    ]


def test_a_weekday_heading_that_the_dates_contradict_is_said():
    # ClickOrlando's Irma page heads its posts 'FRIDAY'; --date on the Saturday wrote
    # them on the Saturday without a word.
    page = (
        "Hurricane Irma: storm updates\n\nFRIDAY\n\n11:10 p.m.\n\nIrma is a Category 5 "
        "storm again.\n\n8:15 p.m.\n\nBarrier islands are evacuated.\n"
    )
    new_york = ZoneInfo("America/New_York")
    blog = parse(page, timezone=new_york, newest_date=date(2017, 9, 9))
    assert blog.report.warnings == [
        "line 3: the heading 'FRIDAY' is above an update dated Saturday 9 September 2017 "
        "(line 5): weekday headings do not date updates; check --date and the day changes above"
    ]
    assert parse(page, timezone=new_york, newest_date=date(2017, 9, 8)).report.warnings == []
    dated = page.replace("storm updates\n", "storm updates, September 9, 2017\n")
    with pytest.raises(ConvertError, match="the heading 'FRIDAY' is above an update dated"):
        parse(dated, timezone=new_york)


def test_dated_posts_years_apart_are_no_agenda():
    # PetsWelcome's hurricane page keeps a post of 2020 under two of 2022: it was merged
    # into the one above as 'breaks the sequence of times'.
    page = (
        "Hurricane Updates\n\n"
        "9/28/2022 3:43 pm The eye of Hurricane Ian made landfall west of Fort Myers.\n\n"
        "9/28/2022 11:39 am Ian has strengthened to a Category 4 storm.\n\n"
        "11/11/2020 12:26 pm Eta strengthened to a Category 1 hurricane.\n"
    )
    blog = parse(page, timezone=ZoneInfo("America/New_York"))
    assert [u.anchor for u in blog.updates] == [
        "update-2022-09-28-1543",
        "update-2022-09-28-1139",
        "update-2020-11-11-1226",
    ]
    assert blog.report.kept_as_text == [] and blog.report.warnings == []


def test_headlines_a_blank_line_above_stamps_that_print_their_date():
    # BEV's war blog: a headline, a blank line, '22:15 \u2013 10 Mar 2022'. Each headline
    # ended the post above, the first went to the page's furniture, and the dates were text.
    page = (
        "Ukraine war \u2013 updates and analysis\n\n"
        "Contact lost with the Chernobyl site\n\n22:15 \u2013 10 Mar 2022\n\n"
        "The watchdog says all communications were lost.\n\n"
        "Studio pauses its business in Russia\n\n22:00 \u2013 10 Mar 2022\n\n"
        "The company announced the pause.\n\n"
        "Cities encircled, officials say\n\n21:45 \u2013 9 Mar 2022\n\n"
        "Several cities are encircled.\n"
    )
    blog = parse(page, timezone=ZoneInfo("Europe/Malta"))
    assert blog.title == "Ukraine war \u2013 updates and analysis"
    assert [(u.anchor, u.title) for u in blog.updates] == [
        ("update-2022-03-10-2215", "Contact lost with the Chernobyl site"),
        ("update-2022-03-10-2200", "Studio pauses its business in Russia"),
        ("update-2022-03-09-2145", "Cities encircled, officials say"),
    ]
    assert blog.updates[0].blocks[-1].text == "The watchdog says all communications were lost."
    # The Miami Herald and WSOC: the same with text after the stamp ('11:45 p.m.: …');
    # each headline ended the update above.
    texts = (
        "Hurricane live updates\n\nStay with us.\n\n"
        "Hospital runs low on fuel\n\n11:45 p.m.: The hospital ran low.\n\nMore text.\n\n"
        "Doral extends its curfew\n\n11:15 p.m.: Doral extended it.\n"
    )
    blog = parse(texts, timezone=ZoneInfo("America/New_York"), newest_date=date(2017, 9, 10))
    assert [(u.title, [b.text for b in u.blocks][-1]) for u in blog.updates] == [
        ("Hospital runs low on fuel", "More text."),
        ("Doral extends its curfew", "Doral extended it."),
    ]
    # Posts with no time are split at their own headlines: no line above one is taken for
    # it (Krazy Kats' forum page lost its dateline so, and asked for a year it printed).
    forum = (
        "FRIENDLY CATS\n\nWelcome to Friendly Cats - a board about the things we care about\n\n"
        "    Coronavirus - 28th June\n\n\n"
        "    Board - Coronavirus - 28th June Empty Coronavirus - 28th June\n\n"
        "    Post by Kitkat Sun 28 Jun 2020, 10:08\n\n    Summary for Sunday, 28th June\n\n\n"
        "    Hello and welcome to our updates. Here are the latest headlines.\n\n"
        "    We will bring you more through the day.\n\n\n"
        "    UK will not return to austerity - PM\n\n    Board - Coronavirus - 28th June 9b14\n\n"
        "    The UK is not going back to austerity, the PM said.\n    He made a pledge.\n\n\n"
        "    Shops reopen in the town centre\n\n    Board - Coronavirus - 28th June 9b15\n\n"
        "    Shops reopened this morning.\n"
    )
    blog = parse(forum, order="newest")
    assert {u.day for u in blog.updates} == {date(2020, 6, 28)}
    # A last paragraph that ends a sentence, or a byline, is no headline.
    signed = page.replace("Studio pauses its business in Russia", "\u2014 Jane Roe, Valletta")
    blog = parse(signed, timezone=ZoneInfo("Europe/Malta"))
    assert blog.updates[1].title == "The company announced the pause."


def test_an_ap_dateline_before_the_first_time_and_the_latest_as_title():
    # A station's copy of AP's 'The Latest' (WKYT): the story's first paragraph, a time,
    # got the wire's dateline ('TAMPA, Florida, (AP) - 12:30 p.m.'); the newest update
    # went to the page's furniture, silently. The dateline is kept, first in the update.
    page = (
        "Irma weakens to tropical storm\n\nBy  | \n\n"
        "TAMPA, Florida, (AP) - 12:30 p.m.\n\nNearly 7.2 million homes are without power.\n\n"
        "The vast majority were in Florida.\n\n___\n\n"
        "8 a.m.\n\nIrma has weakened to a tropical storm.\n\n"
        "7 a.m.\n\nTampa's mayor says the city escaped the worst.\n"
    )
    blog = parse(page, timezone=ZoneInfo("America/New_York"), newest_date=date(2017, 9, 11))
    assert [(u.anchor, u.title) for u in blog.updates] == [
        ("update-2017-09-11-1230", "Nearly 7.2 million homes are without power."),
        ("update-2017-09-11-0800", "Irma has weakened to a tropical storm."),
        ("update-2017-09-11-0700", "Tampa's mayor says the city escaped the worst."),
    ]
    assert [b.text for b in blog.updates[0].blocks][:2] == [
        "TAMPA, Florida, (AP)",
        "Nearly 7.2 million homes are without power.",
    ]
    assert not [line.text for line in blog.preamble if "Tampa" in line.text.title()]
    # WBRZ's copy: a menu's 'Latest Weather Blog' above AP's 'The Latest: …' title. A
    # title that names itself a live blog before a colon comes first.
    menu = (
        "76\u00b0\nBaton Rouge, Louisiana\n7 Day Forecast\n\nLatest Weather Blog\n\n"
        "Follow our weather team on social media\n\n"
        "The Latest: Utility says it will take weeks to restore power\n\n"
        "6 p.m.\n\nThe president declared a disaster.\n\n___\n\n"
        "5:15 p.m.\n\nThe president says the U.S. got lucky.\n"
    )
    blog = parse(menu, timezone=ZoneInfo("America/New_York"), newest_date=date(2017, 9, 10))
    assert blog.title == "The Latest: Utility says it will take weeks to restore power"
    assert len(blog.updates) == 2


def test_stern_plus_stamps_cox_update_stamps_and_blog_regional_bullets():
    # stern: '+++ 22.37 Uhr: Headline +++' (refused, then 2 posts in one entry)
    stern = (
        "News des Tages im Ticker\n\n+++ 22.37 Uhr: Twitter verdoppelt die L\u00e4nge +++\n\n"
        "Text eins.\n\n+++ 21.54 Uhr: Airbus muss umdrehen +++\n\nText zwei.\n"
    )
    blog = parse(stern, timezone=ZoneInfo("Europe/Berlin"), newest_date=date(2017, 11, 7))
    assert [(u.label, u.title) for u in blog.updates] == [
        ("22.37 Uhr", "Twitter verdoppelt die L\u00e4nge +++"),
        ("21.54 Uhr", "Airbus muss umdrehen +++"),
    ]
    # Cox: 'Update 11:13 p.m. EST March 3:' was taken for EA WorldView's 'UPDATE 1737 GMT:'
    # style, whose notations it is not in: 'no update markers found'. The date after the
    # time is the stamp's.
    cox = (
        "Ukraine: the latest\n\n"
        "Update 11:13 p.m. EST March 3: Starlink could be targeted, Musk says.\n\n"
        "Update 10:39 p.m. EST March 3: The president speaks.\n"
    )
    blog = parse(cox, timezone=ZoneInfo("America/New_York"), year=2022)
    assert [u.anchor for u in blog.updates] == ["update-2022-03-03-2313", "update-2022-03-03-2239"]
    # Blog Regional: a photo credit and a date bullet above each bare time bullet are that
    # stamp's, not posts of their own (4 entries for 2 posts, one titled 'Foto: \u2026').
    regional = (
        "Not\u00edcias do dia no Brasil\n\n"
        "  \u2022 Foto: Reprodu\u00e7\u00e3o\n  \u2022 21 // Abr // 2025\n  \u2022 09h50\n\n"
        "Presidente decreta luto oficial.\n\n"
        "  \u2022 Foto: Redes Sociais\n  \u2022 20 // Abr // 2025\n  \u2022 23h20\n\n"
        "Ex-presidente completa uma semana internado.\n"
    )
    blog = parse(regional, timezone=ZoneInfo("America/Sao_Paulo"), newest_date=date(2025, 4, 21))
    assert [u.anchor for u in blog.updates] == ["update-2025-04-21-0950", "update-2025-04-20-2320"]
    assert "the clock goes back from 23h20" in blog.report.rollovers[0].reason


@pytest.mark.parametrize(
    ("printed", "day"),
    [
        ("26 de febrero de 2022", date(2022, 2, 26)),  # elDiario.es, Emol
        ("27 ottobre 2020", date(2020, 10, 27)),  # tuttonotizie
        ("Dienstag, 27. Oktober 2020", date(2020, 10, 27)),
        ("Mardi 04 JUILLET 2023", date(2023, 7, 4)),  # La Gazette France
        ("10 juni 2022", date(2022, 6, 10)),  # Aftonbladet
        ("4 de março de 2024", date(2024, 3, 4)),
    ],
)
def test_european_dates_are_read(printed, day):
    # Every European page of the sixth audit needed --date: no month name was read.
    page = f"Der Liveticker zum Tag\n\n{printed}\n\n21:10 h: Zwei.\n\n20:45 h: Eins.\n"
    blog = parse(page, timezone=ZoneInfo("Europe/Madrid"))
    assert [u.day for u in blog.updates] == [day, day]
    assert read_stamp(f"21:10 h, {printed}: texto", {}).date.on(1) == day


def test_a_european_weekday_the_date_contradicts_stops_the_converter():
    page = "Le direct\n\nLundi 04 juillet 2023\n\n10h05 : Deux.\n\n9h30 : Un.\n"
    with pytest.raises(ConvertError, match="the page prints Monday 4 July, but 4 July 2023 is a"):
        parse(page, timezone=ZoneInfo("Europe/Paris"))


def test_forms_of_the_seventh_audit():
    # The Hindu: '2047 hours:' beside '0155 hrs:' (the older posts were folded into one)
    hindu = (
        "Live | Rio Olympics 2016\n\nAugust 15, 2016 04:15 pm\n\n"
        "0155 hrs: Sindhu is on court shortly.\n\n2047 hours: The pair win the third game.\n\n"
        "2036 hours: The pair take the lead.\n"
    )
    blog = parse(hindu, timezone=ZoneInfo("Asia/Kolkata"))
    assert [u.anchor for u in blog.updates] == [
        "update-2016-08-16-0155",
        "update-2016-08-15-2047",
        "update-2016-08-15-2036",
    ]
    # VentureBeat: the year glued to the time in each byline (7 posts were 2 entries)
    venturebeat = (
        "Live blog: the keynote\n\nDana Reyes May 15, 201312:39 pm\n\nSo tired.\n\n"
        "Sam Ortiz May 15, 201312:31 pm\n\nAnd that is it.\n"
    )
    blog = parse(venturebeat, timezone=ZoneInfo("America/Los_Angeles"))
    assert [u.anchor for u in blog.updates] == ["update-2013-05-15-1239", "update-2013-05-15-1231"]
    # Refinery29: '1:50 p.m.The death count…' kept 'p.m' as the label, '.The' as the text
    glued = (
        "T\n\nUpdate, August 24, 2016, 1:50 p.m.The count rises.\n\n"
        "Update, August 24, 2016, 9 a.m.: Rescue goes on.\n"
    )
    blog = parse(glued, timezone=ZoneInfo("America/New_York"))
    assert (blog.updates[0].label, blog.updates[0].title) == (
        "August 24, 2016, 1:50 p.m.",
        "The count rises.",
    )
    # GigaOM: a name, then a time to the second ('Eliza Kern 12:31:09 pm'): 'no time
    # printed', each byline an entry's title, an empty post stuck to the entry above
    gigaom = (
        "Live blog: the keynote\n\nEliza Kern 12:31:09 pm\n\nWe are done!\n\n"
        "Janko Roettgers 12:28:58 pm\n\nEliza Kern 12:27:41 pm\n\nThe answer is more women.\n"
    )
    blog = parse(gigaom, timezone=ZoneInfo("America/Los_Angeles"), newest_date=date(2013, 5, 15))
    assert [(u.anchor, u.title) for u in blog.updates] == [
        ("update-2013-05-15-1231", "We are done!"),
        ("update-2013-05-15-1228", ""),
        ("update-2013-05-15-1227", "The answer is more women."),
    ]
    assert [b.text for b in blog.updates[0].blocks] == ["We are done!", "Eliza Kern"]
    assert blog.report.warnings == [
        "line 7: the update of 12:28:58 pm has no text (a picture or video that did not copy?)"
    ]
    assert read_trailing_stamp("The meeting ends at 12:31:09 pm") is None
    # Election Essentials: 'Liveblog' in one word names the page's title
    titled = (
        "Please refresh the page for updates.\n\nElection Night Liveblog\n\n"
        "0421: Seat lost.\n\n0417: Checks the phone.\n"
    )
    assert parse(
        titled, timezone=ZoneInfo("Europe/London"), newest_date=date(2017, 6, 9)
    ).title == ("Election Night Liveblog")


def test_the_report_says_how_the_title_was_chosen_and_where_posts_were_guessed():
    # The eighth audit: wrong titles and splits of posts with no time were 'silent' because
    # the report did not say they were guesses.
    named = parse(
        "Storm live blog\n\n10:15: Later.\n\n09:30: Earlier.\n",
        newest_date=date(2024, 1, 1),
        timezone=ZoneInfo("Europe/London"),
    )
    assert named.report.title_source == "line 1, which names itself a live blog"
    guessed = parse(
        "A forum for friends and neighbours\n\n10:15: Later.\n\n09:30: Earlier.\n",
        newest_date=date(2024, 1, 1),
        timezone=ZoneInfo("Europe/London"),
    )
    assert guessed.report.title_source == (
        "line 1, a guess: the first line that could be a title; --title if not"
    )
    # greetings, 'please refresh', 'Live Streaming', a tracking pixel's alt text and
    # 'Updated' in other languages are the page's furniture, never its title
    for furniture in (
        "Welcome to Election Day.",
        "Live Streaming",
        "piwik no script img",
        "Uppdaterades",
    ):
        with pytest.raises(ConvertError, match="no title before the first update marker"):
            parse(
                f"{furniture}\n\n10:15: Later.\n\n09:30: Earlier.\n",
                newest_date=date(2024, 1, 1),
                timezone=ZoneInfo("Europe/London"),
            )
    given = parse(
        "x\n\n10:15: Later.\n\n09:30: Earlier.\n",
        title="Storm",
        newest_date=date(2024, 1, 1),
        timezone=ZoneInfo("Europe/London"),
    )
    assert given.report.title_source == "--title"
    headlines = (
        "Coronavirus: the day in our community\n\nThe cases rise again\n\nText one.\n\n"
        "No return to austerity\n\nText two.\n"
    )
    blog = parse(headlines, order="newest", newest_date=date(2020, 6, 28))
    assert len(blog.updates) == 2
    assert blog.report.warnings == [
        "no post prints a time: the page is split into 2 update(s) at the short lines that "
        "look like headlines (lines 3, 7); check each split"
    ]


def test_a_date_line_right_above_a_time_is_that_posts_stamp():
    # Kettner's ticker: '24.09.2024' then '06:09 Uhr', each item's text right above: the
    # date line ended the item above and the first item went to the page's furniture.
    page = (
        "Nachrichten im Live Ticker\n\n24.09.2024\n06:09 Uhr\n\nErste Meldung\n\n"
        "Text eins.\n24.09.2024\n06:03 Uhr\n\nZweite Meldung\n\nText zwei.\n"
        "23.09.2024\n23:50 Uhr\n\nDritte Meldung\n\nText drei.\n"
    )
    blog = parse(page, timezone=ZoneInfo("Europe/Berlin"))
    assert [(u.anchor, u.title) for u in blog.updates] == [
        ("update-2024-09-24-0609", "Erste Meldung"),
        ("update-2024-09-24-0603", "Zweite Meldung"),
        ("update-2024-09-23-2350", "Dritte Meldung"),
    ]
    assert [b.text for b in blog.updates[0].blocks] == ["Erste Meldung", "Text eins."]


def test_an_icons_alt_text_is_no_headline():
    # Eurosport: 'Live comment icon' above each post became three updates' titles.
    page = (
        "Qualifications Euro live\n\n19:49\nLive comment icon\nLes Bleus sont arriv\u00e9s. "
        "Photos \u00e0 suivre.\n\n19:48\nLive comment icon\nQui sera capitaine ce soir ?\n"
    )
    blog = parse(page, timezone=ZoneInfo("Europe/Paris"), newest_date=date(2011, 6, 3))
    assert [u.title for u in blog.updates] == [
        "Les Bleus sont arriv\u00e9s.",
        "Qui sera capitaine ce soir ?",
    ]
    assert "Live comment icon" in blog.updates[0].blocks[0].text  # kept as text


def test_a_tag_above_the_title_of_a_page_of_headline_posts():
    # New York Magazine: the tag 'george floyd' above 'Police Spar…: Live Updates' was
    # taken for the title, and the real title, its caption and lede for a first post.
    page = (
        "george floyd\n\nPolice Spar With Protesters for 6th Straight Night: Live Updates\n\n"
        "Below is everything we know.\n\nTrump hints at outside forces\n\nThe president said.\n\n"
        "Curfews in forty cities\n\nMayors ordered curfews.\n"
    )
    blog = parse(page, order="newest", newest_date=date(2020, 6, 1))
    assert blog.title == "Police Spar With Protesters for 6th Straight Night: Live Updates"
    assert [u.title for u in blog.updates] == [
        "Trump hints at outside forces",
        "Curfews in forty cities",
    ]


def aged(*ages: str) -> str:
    posts = [
        f"{age}\n\nHeadline {n}\n\nFrom our reporter\n\nText {n}.\n" for n, age in enumerate(ages)
    ]
    return "Live Updates\n\nThe story\n\n" + "\n".join(posts)


def test_posts_that_print_only_their_age_are_split_at_it_and_ordered_by_it():
    blog = parse(aged("4 min ago", "2 hr 5 min ago", "1 day ago"), newest_date=date(2022, 12, 21))
    assert blog.order == "newest" and blog.report.order_source == "the posts' ages"
    assert [(u.title, u.time_known, u.day) for u in blog.updates] == [
        (f"Headline {n}", False, date(2022, 12, 21)) for n in range(3)
    ]
    assert all("From our reporter" in update_markdown(u) for u in blog.updates)
    assert parse(aged("14 min ago", "4m ago"), newest_date=date(2022, 12, 21)).order == "oldest"
    with pytest.raises(ConvertError, match="--order"):  # ages out of order: a pinned post?
        parse(aged("4 min ago", "1 hr ago", "10 min ago"), newest_date=date(2022, 12, 21))


def test_a_24_hour_time_then_its_headline_in_a_column_opens_an_update():
    column = "T\nFri, 14 March 2014\n\n23:44   Modi to meet\nText.\n\n23:08\tPolls\nText.\n"
    blog = parse(column, timezone=ZoneInfo("Asia/Kolkata"))
    assert [(u.anchor, u.title) for u in blog.updates] == [
        ("update-2014-03-14-2344", "Modi to meet"),
        ("update-2014-03-14-2308", "Polls"),
    ]
    # One space is how prose may open ("10:30 Police arrived"): once on a page it is no
    # stamp, and the refusal says so; post after post it is the page's form (DW, the
    # Jaumann ticker's '13:03 Hoeneß verteidigt…': refused, or every time dropped).
    spaced = column.replace("   ", " ").replace("\t", " ")
    blog = parse(spaced, timezone=ZoneInfo("Asia/Kolkata"))
    assert [u.anchor for u in blog.updates] == ["update-2014-03-14-2344", "update-2014-03-14-2308"]
    once = spaced.replace("23:08 Polls", "Polls")
    with pytest.raises(ConvertError, match=r"1 line\(s\) open with a time and one space") as err:
        parse(once, timezone=ZoneInfo("Asia/Kolkata"))
    assert err.value.line == 4
    assert (
        parse(
            "T\n\n10:30 Police arrived.\n\n09:15: Earlier.\n",
            newest_date=date(2014, 3, 14),
            timezone=ZoneInfo("Asia/Kolkata"),
        )
        .updates[0]
        .label
        == "09:15"
    )


def test_a_numeric_date_that_reads_both_ways_is_never_guessed(tmp_path):
    # CNET's bylines: 9/7/2016 was read as 9 July; the page meant 7 September.
    text = (
        "Apple event live blog\n\nThe keynote, as it happens.\n\n"
        "Shara Tibken 9/7/2016 5:01:12 PM\n\nTim Cook is on stage.\n\n"
        "Scott Stein 9/7/2016 4:57:41 PM\n\nThe lights are dimming.\n"
    )
    with pytest.raises(ConvertError, match=r"'9/7/2016' .*\(9 July or 7 September\)") as caught:
        parse(text, timezone=ZoneInfo("UTC"))
    assert caught.value.line == 5
    us = tmp_path / "us.toml"
    us.write_text('name = "us"\ndate_order = "MDY"\n')
    blog = parse(text, timezone=ZoneInfo("UTC"), style=load_style(us))
    assert blog.updates[0].day == date(2016, 9, 7)
    # A date on the page that reads one way only (9/13/2016) says how the others read.
    later = text.replace("as it happens.", "as it happens. Corrected 9/13/2016.")
    assert parse(later, timezone=ZoneInfo("UTC")).updates[-1].day == date(2016, 9, 7)


def test_ist_is_read_with_the_zone_the_page_meant():
    # IST names India's, Ireland's and Israel's time: it was unknown (Indian pages were
    # refused, or their updates titled 'IST'); now --timezone says which, and must fit.
    text = (
        "News updates\n\nSEP 09, 2021 07:50 AM IST\n\nAssam boat tragedy\n\nText.\n\n"
        "SEP 09, 2021 06:35 AM IST\n\nWhite House on Taliban\n\nText.\n"
    )
    with pytest.raises(ConvertError, match=r"IST is India's time \(Asia/Kolkata\)"):
        parse(text)
    blog = parse(text, timezone=ZoneInfo("Asia/Kolkata"))
    assert [(u.title, u.local.isoformat()) for u in blog.updates] == [
        ("Assam boat tragedy", "2021-09-09T07:50:00+05:30"),
        ("White House on Taliban", "2021-09-09T06:35:00+05:30"),
    ]
    with pytest.raises(ConvertError, match="in America/New_York is EDT"):
        parse(text, timezone=ZoneInfo("America/New_York"))


def test_a_date_in_a_summary_bullet_is_not_the_pages_date():
    # The Spinoff: a summary's bullet names a later day; the short dateline is the page's.
    text = (
        "Live updates\n\nblog oct 20\n\nThe 1pm update, summarised\n\n"
        "  • Senior students in level three will be able to return to school from next "
        "Tuesday, October 26.\n\n6.20pm: Schools reopening poses risk\n\nText.\n"
    )
    blog = parse(text, year=2021, timezone=ZoneInfo("Pacific/Auckland"))
    assert blog.updates[0].anchor == "update-2021-10-20-1820"


def test_a_lone_four_digit_number_is_no_marker():
    # NPR's title '2024 Election: Trump wins…' was read as an update at 20:24.
    text = "News\n\n2024 Election: Trump wins 2nd term as president\n\nThe results.\n"
    with pytest.raises(ConvertError, match="no update markers found"):
        parse(text, timezone=ZoneInfo("America/New_York"), newest_date=date(2024, 11, 6))


def test_a_stamp_dated_with_on():
    # Gizmodo: '10:06 am ON Jun 9 2008' dates its update.
    text = "Keynote\n\n10:06 am ON Jun 9 2008\n\nLights.\n\n10:05 am ON Jun 9 2008\n\nMusic.\n"
    blog = parse(text, timezone=ZoneInfo("America/Los_Angeles"))
    assert [u.anchor for u in blog.updates] == ["update-2008-06-09-1006", "update-2008-06-09-1005"]


def test_a_stamp_alone_on_its_line_opens_an_update_with_no_blank_line_above():
    # FiveThirtyEight: '10:48 PM' under 'Powered by LivePress', '10:45 PM' under a chart's
    # caption, each alone on its line: updates, not text of the update above.
    text = (
        "Election night\n\nPowered by LivePress\n10:48 PM\n\nColorado called.\n\n"
        "10:47 PM\nCalls as of 10:43 p.m.\n10:45 PM\nCalifornia votes on marijuana\n\n"
        "Nine states are deciding.\n"
    )
    blog = parse(text, timezone=ZoneInfo("America/New_York"), newest_date=date(2016, 11, 8))
    assert [(u.label, u.title) for u in blog.updates] == [
        ("10:48 PM", "Colorado called."),
        ("10:47 PM", "Calls as of 10:43 p.m."),
        ("10:45 PM", "California votes on marijuana"),
    ]


def test_no_day_anywhere_asks_for_date():
    with pytest.raises(ConvertError, match="--date YYYY-MM-DD"):
        parse("T\n\nUPDATE 1000 GMT:\n\nText\n")


def test_date_flag_overrides_inference():
    text = "T\n\nUPDATE 1000 GMT:\n\nText\n\nUPDATE, MAR 3:\n\nopener\n"
    blog = parse(text, year=2022, newest_date=date(2022, 3, 9))
    assert blog.updates[0].published == datetime(2022, 3, 9, 10, tzinfo=UTC)


def test_unknown_times_keep_page_order_and_invent_no_time():
    text = "T\n\nUPDATE, MAR 3:\n\nopener\n\nORIGINAL ENTRY: first words\n"
    blog = parse(text, year=2022)
    assert [(u.kind, u.position, u.published, u.day) for u in blog.updates] == [
        ("day-opener", 1, None, date(2022, 3, 3)),
        ("original", 2, None, date(2022, 3, 3)),
    ]


# ---------------------------------------------------------------------------- blocks


def _blocks(body: str):
    return parse(f"Title\n\nUPDATE 1000 GMT:\n\n{body}\n", newest_date=date(2024, 1, 1)).updates[0]


def test_x_embed_without_media_line():
    update = _blocks("Lead-in:\n\nThe tweet.\n\n— Some One (@someone) January 1, 2024")
    (embed,) = update.embeds
    assert (embed.platform, embed.url, embed.text) == ("x", "https://x.com/someone", "The tweet.")
    assert embed.posted == date(2024, 1, 1)  # a date alone: no invented midnight


def test_unknown_platform_has_no_url():
    update = _blocks("Text\n\nPost\n\n— Name (@someone.example/x) yesterday")
    (embed,) = update.embeds
    assert (embed.platform, embed.url, embed.posted) == ("unknown", None, None)
    assert embed.posted_as_printed == "yesterday"


def test_lost_media_before_a_heading_and_at_the_end():
    update = _blocks("Watch the video:\n\nA Short Heading Here\n\nBody text.\n\nThe map:")
    assert [type(b) for b in update.blocks] == [
        Paragraph,
        LostMedia,
        Heading,
        Paragraph,
        Paragraph,
        LostMedia,
    ]
    assert [m.kind for m in update.lost_media] == ["video", "image"]


def test_colon_followed_by_text_is_not_lost_media():
    update = _blocks("He said:\n\nThe quote follows.")
    assert update.lost_media == []


def test_sentences_are_not_headings():
    update = _blocks("This is iconic.\n\nthere was little fighting\n\nEnd")
    assert update.headings == []


def test_split_between_words_is_joined_with_a_space():
    update = _blocks("The rebels have entered the\n\ncity from the north.")
    assert update.blocks == [Paragraph("The rebels have entered the city from the north.")]
    assert [r.kind for r in update.repairs] == ["split-paragraph"]


def test_embed_blocks_are_typed():
    update = _blocks(
        "Intro:\n\nPost\n\n[image or embed]\n\n— N (@n.bsky.social) May 1, 2024 at 1:00 PM"
    )
    assert isinstance(update.blocks[1], Embed)
    assert update.blocks[1].media_note == "[image or embed]"


# ---------------------------------------------------------------------------- decoding


def test_bom_and_crlf_are_normalised():
    text = decode_source("\ufeffTitle\r\n\r\nUPDATE 1000 GMT:\r\n\r\nText\r\n".encode())
    assert text == "Title\n\nUPDATE 1000 GMT:\n\nText\n"


def test_undecodable_bytes_name_the_line():
    with pytest.raises(ConvertError) as err:
        decode_source(b"Title\n\nline two \xff\n")
    assert err.value.line == 3
    assert "UTF-8" in str(err.value)


# ---------------------------------------------------------------------------- embeds (item 8)


def test_x_post_signed_on_the_same_line_as_its_text():
    update = _blocks(
        "Harbour City:\n\nCrowd is down to fifty. pic.twitter.com/Hx7bQ2mW — Rosa Quill "
        "(@rosaquill_news) June 7, 2020"
    )
    (embed,) = update.embeds
    assert (embed.platform, embed.handle, embed.posted) == ("x", "rosaquill_news", date(2020, 6, 7))
    assert embed.text == "Crowd is down to fifty. pic.twitter.com/Hx7bQ2mW"
    assert update.blocks[0] == Paragraph("Harbour City:")


def test_a_dash_in_prose_is_not_a_signature():
    update = _blocks("He said — and I quote (@ the time) — that it was over.")
    assert update.embeds == []


def test_signature_under_the_text_without_a_blank_line():
    update = _blocks("Intro.\n\nThe post text.\n— Some One (@someone) January 1, 2024")
    (embed,) = update.embeds
    assert embed.text == "The post text."


def test_a_post_url_printed_in_the_text_is_the_cards_url():
    update = _blocks(
        "Intro.\n\nLook https://twitter.com/someone/status/12345 now\n\n"
        "— Some One (@someone) January 1, 2024"
    )
    assert update.embeds[0].url == "https://twitter.com/someone/status/12345"


@pytest.mark.parametrize(
    ("url", "platform", "handle"),
    [
        ("https://www.instagram.com/p/Cx1yZ/", "instagram", "Cx1yZ"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://www.facebook.com/citycouncil/posts/12345", "facebook", "citycouncil"),
        ("https://t.me/newschannel/4521", "telegram", "newschannel"),
        ("https://mastodon.social/@reporter/11223344", "mastodon", "reporter@mastodon.social"),
    ],
)
def test_links_to_posts_become_link_cards(url, platform, handle):
    update = _blocks(f"Here is the post:\n\n{url}\n\nMore text.")
    (embed,) = update.embeds
    assert (embed.platform, embed.handle, embed.url, embed.text) == (platform, handle, url, "")
    assert update.blocks[-1] == Paragraph("More text.")


# ---------------------------------------------------------------------------- headlines (item 10)


@pytest.mark.parametrize(
    ("body", "title"),
    [
        (
            "The U.S. envoy met Mr. Smith in St. Louis. Then he left.",
            "The U.S. envoy met Mr. Smith in St. Louis.",
        ),
        ("Syria. Rebels have entered Homs. More follows.", "Rebels have entered Homs."),
        ("Quiet Close. The capital is calm.", "Quiet Close."),
        ('The officer has given a "go". Then more.', 'The officer has given a "go".'),
        ("Lunchtime summary\n\n• One.\n• Two.", "Lunchtime summary"),
        ("Evacuation orders lifted\nResidents can return home.", "Evacuation orders lifted"),
        (
            "It rose 2.5 metres at 9 a.m. on Tuesday. Then fell.",
            "It rose 2.5 metres at 9 a.m. on Tuesday.",
        ),
    ],
)
def test_an_updates_title_is_its_first_sentence(body, title):
    assert _blocks(body).title == title


def test_a_consent_gate_becomes_a_card_that_keeps_its_lines():
    """A post the BBC showed behind a consent gate: one card, the gate's lines as its note,
    whether the copy kept blank lines between them or not; an unclosed gate stays text."""
    from liveblog_archive.convert.blocks import parse_blocks

    spaced = [
        "The council posted the result.",
        "Skip twitter post by Vale County Council",
        "Allow Twitter content?",
        "This article contains content provided by Twitter.",
        "End of twitter post by Vale County Council",
        "Turnout was 41%.",
    ]
    for paragraphs in (spaced, [spaced[0], "\n".join(spaced[1:5]), spaced[5]]):
        blocks, _ = parse_blocks(paragraphs)
        assert [type(b) for b in blocks] == [Paragraph, Embed, Paragraph]
        card = blocks[1]
        assert (card.platform, card.author, card.handle, card.url) == (
            "x",
            "Vale County Council",
            "",
            None,
        )
        assert card.media_note == " / ".join(spaced[1:5])
    unclosed = ["Skip instagram post", "Allow Instagram content?", "The count goes on."]
    blocks, _ = parse_blocks(unclosed)
    assert all(isinstance(b, Paragraph) for b in blocks)


def test_a_wire_dateline_opens_an_update_only_before_a_time_alone():
    stamp = read_stamp("ST. PETERSBURG, Fla. (AP) \u2014 6 p.m.")
    assert stamp is not None and stamp.clock is not None
    assert (stamp.family, stamp.label, stamp.printed) == (
        "dateline",
        "ST. PETERSBURG, Fla. (AP)",
        "6 p.m.",
    )
    assert read_stamp("WASHINGTON (AP) \u2014 2024 was a year of storms.") is None
    assert read_stamp("WASHINGTON (AP) \u2014 The Latest on the storm (all times local):") is None
    assert read_stamp("Washington (AP) - 6 p.m.") is None  # a dateline's place is in capitals


def test_spaced_stamps_beside_stamps_with_a_colon_or_alone_open_posts_too():
    # SABC: '19:10: EFF leader…' and '19:32 Malema, Ndlozi…' on one page; the 18 posts
    # without a colon went into the posts above them, without a word.
    sabc = (
        "State of the Nation Address\n\nLIVE Proceedings of 2023 State of the Nation Address:\n\n"
        "19:10: EFF leader raises a point of order\n\n19:14: ATM leader asked to leave\n\n"
        "19:32 Malema and other EFF MPs asked to leave\n\n19:36 Violence breaks out\n\n"
        "19:37: Riot police remove EFF members\n\n19:38 Speaker apologises for disruption\n"
    )
    assert sorted(clock_times(sabc, "Africa/Johannesburg", date(2023, 2, 9))) == [
        "1910",
        "1914",
        "1932",
        "1936",
        "1937",
        "1938",
    ]
    # RMF24: times alone on their lines, then '00:31 PRZEŻYJMY TO JESZCZE RAZ: …'
    rmf = (
        "Wybory 2019\n\n02:02\n\nSondaż late poll: PiS 239.\n\n01:55\n\nSondaż: PiS 43,6 proc.\n\n"
        "00:31 PRZEŻYJMY TO JESZCZE RAZ: REPORTERZY RMF FM\n\nPrzez cały wieczór relacjonowali.\n\n"
        '00:25 JACEK SASIN\n\n"Jestem optymistą" - powiedział.\n'
    )
    times = clock_times(rmf, "Europe/Warsaw", date(2019, 10, 14))
    assert sorted(times) == ["0025", "0031", "0155", "0202"]
    # SRF: a post's text opening with a quote: '23:21 «Kassensturz» zu Homeoffice …'
    srf = (
        "Coronavirus-Ticker\n\n2:32 Corona – wird der Ernstfall die Gesellschaft verändern?\n\n"
        "23:21 «Kassensturz» zu Homeoffice Um Ansteckungen zu vermeiden.\n\n"
        "23:04 Notstand auch in Luxemburg Im Kampf gegen die Pandemie.\n\n"
        "22:46 Hamster-Käufe verbreitet Obwohl der Bund versichert.\n"
    )
    blog = parse(srf, timezone=ZoneInfo("Europe/Zurich"), newest_date=date(2020, 3, 18))
    assert sorted(u.anchor for u in blog.updates) == [
        "update-2020-03-17-2246",
        "update-2020-03-17-2304",
        "update-2020-03-17-2321",
        "update-2020-03-18-0232",
    ]


def test_italian_ore_stamps_and_the_hour_alone_with_h():
    # Libero, LaPresse (and Corriere before them): 'Ore 23.26 - …', 'Ore 22.10. Per la…'
    # were refused ('no update markers', or 'the posts print no time').
    libero = (
        "25 settembre 2022 a\n\na\n\na\n\nElezioni 2022, la diretta\n\n"
        "Ore 23.26 - Exit poll Opinio-Rai: la Camera\n\nIl centrodestra avanti.\n\n"
        "Ore 23.23 Exit poll Opinio-Rai: il Senato\n\nAnche al Senato.\n\n"
        "Ore 22.10. Per la prima volta i cittadini del Lazio hanno confermato il presidente.\n"
    )
    blog = parse(libero, timezone=ZoneInfo("Europe/Rome"), newest_date=date(2022, 9, 25))
    assert blog.title == "Elezioni 2022, la diretta"  # not a stray 'a' above it
    assert [(u.anchor, u.title) for u in blog.updates] == [
        ("update-2022-09-25-2326", "Exit poll Opinio-Rai: la Camera"),
        ("update-2022-09-25-2323", "Exit poll Opinio-Rai: il Senato"),
        (
            "update-2022-09-25-2210",
            "Per la prima volta i cittadini del Lazio hanno confermato il presidente.",
        ),
    ]
    # Brasil sem Medo, Paris Town News: '21h - João Azevedo…', '1h : Ce live est terminé'
    # (the 21h post was merged into the 21h05 one; the 1h post went to the furniture).
    brasil = (
        "Apuração 2022 ao vivo\n\n21h10 - Lula lidera.\n\n21h05 - Ibaneis é reeleito.\n\n"
        "21h - João Azevedo vai ao segundo turno.\n\n20h20 - Urnas apuradas.\n"
    )
    times = clock_times(brasil, "America/Sao_Paulo", date(2022, 10, 2))
    assert times == ["2110", "2105", "2100", "2020"]
    assert read_stamp("5h du matin, la ville dort.") is None  # no separator: prose


def test_a_photo_caption_with_its_credit_does_not_date_the_page():
    # Newsweek: the only date above the updates was a photo's caption ('… in Cap-Haitien on
    # September 7. Hector Retamal/AFP/Getty Images'); every update was dated that day, a
    # day early. Without another date the page asks for one.
    page = (
        "Hurricane Live Updates: Irma, Jose and Katia Threaten Florida\n\n"
        "Haitians walk through the wind and rain on a beach as Hurricane Irma approaches, in "
        "Cap-Haitien on September 7. Hector Retamal/AFP/Getty Images\n\n"
        "Update: 5:09 p.m. EDT— Floridians ramp up preparations.\n\n"
        "Update: 4:38 p.m. EDT— The storm turns west.\n"
    )
    with pytest.raises(ConvertError, match="--date"):
        parse(page, year=2017)
    blog = parse(page, newest_date=date(2017, 9, 8))
    assert {u.day for u in blog.updates} == {date(2017, 9, 8)}


def test_times_that_may_be_on_a_12_hour_clock_without_am_or_pm_are_said():
    # Business Insider's Super Bowl: '9:06: Packers punt again.' to '10:05: Game over.',
    # in the evening, read as a morning without a word.
    page = (
        "Super Bowl XLV live blog\n\n10:05: Incomplete pass. Game over.\n\n"
        "9:41: Touchdown.\n\n9:06: Packers punt again.\n"
    )
    said = "no a.m. or p.m."
    blog = parse(page, timezone=ZoneInfo("America/New_York"), newest_date=date(2011, 2, 6))
    assert [w for w in blog.report.warnings if said in w]
    # A 24-hour page shows it: a leading zero, or an afternoon.
    for times in (("10:05", "09:41", "09:06"), ("14:05", "13:41", "13:06")):
        other = page
        for old, new in zip(("10:05", "9:41", "9:06"), times, strict=True):
            other = other.replace(old, new)
        blog = parse(other, timezone=ZoneInfo("America/New_York"), newest_date=date(2011, 2, 6))
        assert not [w for w in blog.report.warnings if said in w]
    # Where news runs on a 24-hour clock, a morning is a morning (Nova's count, Dublin).
    blog = parse(page, timezone=ZoneInfo("Europe/Dublin"), newest_date=date(2011, 2, 6))
    assert not [w for w in blog.report.warnings if said in w]


def test_an_advertisements_label_is_no_headline():
    # The Canadian Press via Melita New Era: '1:45 a.m.' / 'article continues below' /
    # the post: the advertisement's label was the update's title.
    page = (
        "The Latest: Election night in Canada\n\n1:45 a.m.\n\narticle continues below\n\n"
        "Green Leader Elizabeth May says her party will hold the Liberals to account.\n\n"
        "She vows to.\n\n1:30 a.m.\n\nThe Liberals won a minority.\n"
    )
    blog = parse(page, timezone=ZoneInfo("America/Toronto"), newest_date=date(2019, 10, 22))
    assert blog.updates[0].title.startswith("Green Leader Elizabeth May says")
    assert blog.updates[0].blocks[0].text == "article continues below"  # kept, as text


def test_a_page_dated_by_a_night_with_updates_in_the_small_hours_is_said():
    # The Canadian Press: 'The latest developments on federal election night, Oct. 21,
    # 2019.' then '1:45 a.m.', '1:30 a.m.': dated 21 October without a word; the text says
    # 'early Tuesday', the 22nd.
    page = (
        "The Latest: Election night in Canada\n\n"
        "OTTAWA — The latest developments on federal election night, Oct. 21, 2019. All "
        "times are Eastern Time:\n\n1:45 a.m.\n\nThe Greens will hold the Liberals to account.\n\n"
        "1:30 a.m.\n\nThe Liberals won a minority, as of early Tuesday.\n"
    )
    blog = parse(page)
    said = [w for w in blog.report.warnings if "names a night" in w]
    assert said and "--date 2019-10-22" in said[0]
    blog = parse(page, newest_date=date(2019, 10, 22))  # mended: nothing more to say
    assert not [w for w in blog.report.warnings if "names a night" in w]
    evening = page.replace("1:45 a.m.", "11:45 p.m.").replace("1:30 a.m.", "11:30 p.m.")
    assert not [w for w in parse(evening).report.warnings if "names a night" in w]


def test_a_photo_credit_glued_to_the_title_is_kept_apart():
    # WION: 'ENG vs WI, 1st Test Day 2, Live Score and updates Photograph: AFP' was refused
    # ('no title before the first update marker').
    page = (
        "ENG vs WI, 1st Test Day 2, Live Score and updates Photograph: AFP\n"
        "Jul 09, 2020, 03.51 PM\nThe moisture has dried up a bit.\n"
        "Jul 09, 2020, 03.46 PM\nRory Burns tucks a delivery for a single.\n"
        "Jul 09, 2020, 03.43 PM\nJason Holder starts the attack.\n"
    )
    blog = parse(page, timezone=ZoneInfo("Asia/Kolkata"))
    assert blog.title == "ENG vs WI, 1st Test Day 2, Live Score and updates"
    assert [line.text for line in blog.preamble] == ["Photograph: AFP"]
    assert len(blog.updates) == 3


def test_a_game_clock_under_period_headings_is_refused():
    # 12NewsNow's Super Bowl: the time left in each quarter was written as times of day,
    # spread over two days.
    page = (
        "Super Bowl LIV live\n\nNow it's time to crown a champion.\n\nSecond quarter\n\n"
        "5:05: Chiefs 10, 49ers 10: Garoppolo answers back.\n\n"
        "9:32: Chiefs 10, 49ers 3: Mahomes engineers a drive.\n\n"
        "14:08: Chiefs 7, 49ers 3: Garoppolo is intercepted.\n\nFirst quarter\n\n"
        "0:31: Chiefs 7, 49ers 3: Chiefs put together a drive.\n"
    )
    with pytest.raises(ConvertError, match="game clock"):
        parse(page, timezone=ZoneInfo("America/Chicago"), newest_date=date(2020, 2, 2))
    # Times of day with a.m. or p.m. under the same headings are times of day.
    day = page.replace("5:05:", "7:05 p.m.:").replace("9:32:", "6:52 p.m.:")
    day = day.replace("14:08:", "6:38 p.m.:").replace("0:31:", "6:21 p.m.:")
    blog = parse(day, timezone=ZoneInfo("America/Chicago"), newest_date=date(2020, 2, 2))
    assert len(blog.updates) == 4


def test_dutch_uur_argentine_hs_and_french_heures_stamps():
    # Rijnmond '18.30 uur: …', El Resaltador '22:54 hs | …' (both refused), La Province
    # '20 heures 45 : …' beside '19h55 - …' (1 entry of 14, the rest merged or furniture).
    for page, zone, day, want in (
        (
            "Storm live\n\n18.30 uur: De Moerdijkbrug is dicht.\n\n"
            "18.10 uur: Code oranje.\n\n17.45 uur: Bomen omgewaaid.\n",
            "Europe/Amsterdam",
            date(2022, 2, 18),
            ["1830", "1810", "1745"],
        ),
        (
            "Elecciones en vivo\n\n22:54 hs | Massa se ubica primero.\n\n"
            "22:22 hs | Se escrutaron el 90% de las mesas.\n\n21:44 hs | Continúa el escrutinio.\n",
            "America/Argentina/Buenos_Aires",
            date(2023, 10, 22),
            ["2254", "2222", "2144"],
        ),
        (
            "Présidentielle en direct\n\n20 heures 45 : François Fillon votera Macron.\n\n"
            "20 heures : les résultats.\n\n19h55 - Résultats de dernière minute.\n\n"
            "19 heures 42 : la participation.\n",
            "Europe/Brussels",
            date(2017, 4, 23),
            ["2045", "2000", "1955", "1942"],
        ),
    ):
        assert clock_times(page, zone, day) == want
    assert read_stamp("3 heures plus tard, la ville dormait.") is None


def test_new_zealand_zones_and_a_time_in_another_zone_beside_it():
    # amerinz: '1:15pm NZDT (7:15pm EST)': refused ('printed without a time zone'), then,
    # with --timezone, every update titled 'NZDT (7:15pm EST)'.
    page = (
        "US election live from Auckland\n\n2:04pm NZDT (8:04pm EST)\n\nFlorida is close.\n\n"
        "1:54pm NZDT (7:54pm EST)\n\nPolls close in Ohio.\n\n"
        "1:15pm NZDT (7:15pm EST)\n\nThe first results are in.\n"
    )
    blog = parse(page, newest_date=date(2016, 11, 9))
    assert blog.timezone == "Pacific/Auckland"
    assert [(u.anchor[-4:], u.title) for u in blog.updates] == [
        ("1404", "Florida is close."),
        ("1354", "Polls close in Ohio."),
        ("1315", "The first results are in."),
    ]
    assert blog.updates[0].label == "2:04pm NZDT (8:04pm EST)"


def test_a_date_heading_below_the_last_update_stays_as_its_text():
    # It dates nothing: it was dropped from the entries (the conservation property found
    # it). One above an update is a heading, not the text of the update above.
    blog = parse("A\n\nUPDATE, DEC 7:\n\nText.\n\n1 NOVEMBER\n", newest_date=date(2024, 12, 7))
    assert [b.text for b in blog.updates[0].blocks] == ["Text.", "1 NOVEMBER"]
    blog = parse(
        "A\n\nUPDATE 1200 GMT:\n\nText.\n\n1 NOVEMBER\n\nUPDATE 0900 GMT:\n\nMore.\n",
        newest_date=date(2024, 12, 7),
        timezone=ZoneInfo("Europe/London"),
    )
    assert [b.text for b in blog.updates[0].blocks] == ["Text."]  # a heading, not text


def test_a_12_hour_clock_rolling_from_12_to_1_without_pm_is_said_anywhere():
    # taxresearch's Budget (London): '1.00 I will be back later' above '12.58 …': 1.00 was
    # read as 01:00 the next day.
    page = (
        "The Budget: live commentary\n\n1.00: I will be back later.\n\n12.58: Borrowing again.\n\n"
        "12.56: Fantasy figures.\n\n12.52: Petty cash.\n"
    )
    blog = parse(page, timezone=ZoneInfo("Europe/London"), newest_date=date(2025, 11, 26))
    assert [w for w in blog.report.warnings if "no a.m. or p.m." in w]


def test_a_title_naming_itself_below_a_menu_and_a_section_blurb():
    # Frankfurter Rundschau: a menu, a mobile-view prompt, 'Ja Nein', the section and its
    # blurb, a date, then 'Landtagswahlen: Die Landtagswahlen im Liveticker': the prompt
    # was the title (a guess).
    page = (
        "Aktuell: Museumsuferfest | Türkei | US-Wahl | FR-Serie: Fintechs\n"
        "Möchten Sie zur mobilen Ansicht wechseln?\nJa Nein\n\nPolitik\n"
        "Nachrichten und Kommentare zur Politik in Deutschland und der Welt\n\n13. März 2016\n\n"
        "Landtagswahlen: Die Landtagswahlen im Liveticker\n\n"
        "20:14 Uhr: Dreyer liegt vorn.\n\n19:58 Uhr: Erste Hochrechnung.\n\n"
        "19:47 Uhr: Die Wahllokale sind zu.\n"
    )
    blog = parse(page, timezone=ZoneInfo("Europe/Berlin"))
    assert blog.title == "Landtagswahlen: Die Landtagswahlen im Liveticker"
    assert "names itself" in blog.report.title_source


def test_forms_of_the_last_audit():
    # t-online (via naijal): '2 Uhr: …' went to the furniture.
    page = (
        "Liveticker\n\n2 Uhr: Die Nacht ist ruhig.\n\n1.15 Uhr: Die Polizei meldet nichts.\n\n"
        "0.15 Uhr: Es geht los.\n"
    )
    assert clock_times(page, "Europe/Berlin", date(2022, 5, 14)) == ["0200", "0115", "0015"]
    # BR73: '22:28 ▪ Piazza Armerina…' (refused: 'the posts print no time').
    page = (
        "Diretta\n\n22:28 ▪ Piazza Armerina al voto.\n\n21:54 ▪ Affluenza in calo.\n\n"
        "21:15 ▪ Seggi aperti.\n"
    )
    assert clock_times(page, "Europe/Rome", date(2024, 11, 22)) == ["2228", "2154", "2115"]
    # Caffeinated Thoughts: '12:43a – …', '11:20p – …' (refused: no update markers).
    page = (
        "Election night 2018 live blog\n\n12:43a – Final update for the night.\n\n"
        "12:39a – Iowa results are in.\n\n11:20p – Walker is behind.\n"
    )
    blog = parse(page, timezone=ZoneInfo("America/Chicago"), newest_date=date(2018, 11, 7))
    assert [u.anchor for u in blog.updates] == [
        "update-2018-11-07-0043",
        "update-2018-11-07-0039",
        "update-2018-11-06-2320",
    ]
    assert read_stamp("10a day of rest") is None
    # Le Matin: the site's banner 'ACCUEIL 25.7.2014 Mis à jour à 17h51' dated a page of
    # 2012; a line that says when something was updated is no dateline.
    page = (
        "ACCUEIL 25.7.2014 Mis à jour à 17h51\n\nPrésidentielle: la soirée en direct\n\n"
        "  • 23:16 Hollande parle.\n\n  • 22:53 Sarkozy reconnaît sa défaite.\n"
    )
    with pytest.raises(ConvertError, match="--date"):
        parse(page, timezone=ZoneInfo("Europe/Zurich"))
    # OA Sport: 'CLICCA QUI PER AGGIORNARE LA DIRETTA LIVE' (a button) was the title.
    page = (
        "CLICCA QUI PER AGGIORNARE LA DIRETTA LIVE\n\nItalia-Portogallo, la diretta\n\n"
        "23.34 Una grande Italia.\n\n23.20 Fine del match.\n"
    )
    blog = parse(page, timezone=ZoneInfo("Europe/Rome"), newest_date=date(2021, 5, 31))
    assert blog.title == "Italia-Portogallo, la diretta"
