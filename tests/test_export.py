"""One export format: `parse --json` and the site's `<slug>.json` both follow the JSON Schema
in generator/store/liveblog-archive.schema.json (checked with the jsonschema library), and
agree on everything both know."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import SEED, SEED_SLUG, run_cli
from liveblog_archive.store.export import FORMAT, SCHEMA

# What only one of the two exports knows: addresses and the archive date (the site), the
# converter's notes on each update (parse).
SITE_ONLY = {"url", "archived"}
PARSE_ONLY = {"source_line", "repairs", "lost_media", "headings", "report"}


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def parsed() -> dict:
    result = run_cli("parse", SEED, "--json", "--slug", SEED_SLUG, "--publisher", "EA WorldView")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def exported(seed_site: Path) -> dict:
    return json.loads((seed_site / SEED_SLUG / f"{SEED_SLUG}.json").read_text("utf-8"))


def errors(validator, data: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_both_exports_follow_the_schema(validator, parsed, exported):
    assert errors(validator, parsed) == []
    assert errors(validator, exported) == []
    assert parsed["format"] == exported["format"] == FORMAT


def test_the_schema_refuses_what_it_should(validator, exported):
    broken = json.loads(json.dumps(exported))
    broken["updates"][0]["published"] = "7 December 2024"
    del broken["updates"][1]["anchor"]
    broken["updates"][2]["embeds"] = [{"platform": "x"}]
    broken["extra"] = True
    where = {tuple(e.absolute_path) for e in validator.iter_errors(broken)}
    assert where == {(), ("updates", 0, "published"), ("updates", 1), ("updates", 2, "embeds", 0)}


def _common(data: dict, drop: set[str]) -> dict:
    data = {k: v for k, v in data.items() if k not in drop}
    data["updates"] = [{k: v for k, v in u.items() if k not in drop} for u in data["updates"]]
    return data


def test_parse_and_the_site_export_the_same_live_blog(parsed, exported):
    assert _common(parsed, SITE_ONLY | PARSE_ONLY) == _common(exported, SITE_ONLY | PARSE_ONLY)


def test_the_site_export_has_every_address_and_the_archive_date(exported):
    assert exported["url"] == f"/{SEED_SLUG}/"
    assert exported["archived"] == "2026-11-24"
    urls = [u["url"] for u in exported["updates"]]
    assert urls[0] == f"/{SEED_SLUG}/update-2024-12-07-1737/"
    assert len(set(urls)) == 27


def test_the_seed_export_holds_what_the_page_said(exported):
    """Facts of the seed read off the page, not off the code: four Bluesky posts, the
    newest update at 17:37 GMT, the original entry with its date only."""
    updates = exported["updates"]
    embeds = [e for u in updates for e in u["embeds"]]
    assert [e["platform"] for e in embeds] == ["bluesky"] * 4
    assert embeds[0]["handle"] == "qusaynoor.bsky.social"
    assert embeds[0]["posted_as_printed"] == "December 7, 2024 at 4:42 PM"
    assert (updates[0]["published"], updates[0]["label"]) == (
        "2024-12-07T17:37:00+00:00",
        "1737 GMT",
    )
    assert (updates[-1]["anchor"], updates[-1]["published"], updates[-1]["time_known"]) == (
        "original-entry",
        "2024-12-06",
        False,
    )
    assert exported["standfirst"] == "UPDATES: Rebels Liberate Aleppo and Hama"
    assert exported["lead_image"]["credit"] == "Bakr Alkasem/AFP"
