"""House styles: how an outlet marks its updates, in the time grammar's terms (no regex).

A style is a TOML file (see README, "Style files"). The built-in styles are files too, in
`styles/`; `convert --style FILE` reads a user's own. This module holds the loaded form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .clock import DateOrder

OrderRule = Literal["newest", "oldest", "detect"]


@dataclass(frozen=True)
class Style:
    """What the import needs to know of a house style beyond the grammar's defaults."""

    name: str = "generic"
    labels: dict[str, str] = field(default_factory=dict)  # printed label (lower) → family
    original_labels: frozenset[str] = frozenset()  # families whose stamp is the first post
    order: OrderRule = "detect"
    zone: str | None = None  # IANA zone the outlet prints its times in
    date_order: DateOrder = "DMY"
    source: str = "built-in"


DEFAULT = Style(
    labels={"original entry": "original"},
    original_labels=frozenset({"original"}),
)


EA_WORLDVIEW = Style(
    name="EA WorldView",
    labels={"update": "update", "original entry": "original"},
    original_labels=frozenset({"original"}),
    order="newest",
)


def detect_style(candidates: list) -> Style:  # type: ignore[type-arg]
    """The built-in style whose markers the page uses, or the generic one."""
    if any(c.stamp is not None and c.stamp.family in ("update", "original") for c in candidates):
        return EA_WORLDVIEW
    return DEFAULT
