"""The recommendations monitor: for each recommendation of the report and question of the
Commissioner (data/recommendations.json, linked to its paragraph), the measures that answer it,
per force and over the last quarters. Nationally, through the same suppression as the dashboard."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lantern.oversight import dashboard, measures
from lantern.oversight.filters import build_filter

DATA = Path(__file__).parent / "data" / "recommendations.json"


@functools.cache
def load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    for item in data["items"]:
        unknown = [m for m in item["measures"] if m not in measures.MEASURES]
        if unknown:
            raise ValueError(f"recommendation {item['id']} names unknown measures {unknown}")
    return data


@dataclass
class MeasureLine:
    title: str
    key: str
    by_quarter: list[str] = field(default_factory=list)


@dataclass
class Item:
    id: str
    title: str
    text: str
    source_title: str
    paragraph: str
    url: str
    lines: list[MeasureLine] = field(default_factory=list)


def monitor(quarters: list[str], today: dt.date, force_ids: set[int] | None, national: bool) -> list[Item]:
    from lantern.oversight.victims import shared_computation

    with shared_computation():
        return _monitor(quarters, today, force_ids, national)


def _monitor(quarters: list[str], today: dt.date, force_ids: set[int] | None, national: bool) -> list[Item]:
    data = load()
    filters = [build_filter(period=q, today=today, allowed_force_ids=force_ids) for q in quarters]
    cache: dict[str, MeasureLine] = {}
    out = []
    for raw in data["items"]:
        source = data["sources"][raw["source"]]
        item = Item(raw["id"], raw["title"], raw["text"], source["title"], raw["paragraph"], source["url"])
        for key in raw["measures"]:
            if key not in cache:
                m = measures.MEASURES[key]
                line = MeasureLine(m.title, key)
                for flt in filters:
                    agg = measures.total(m, flt)
                    if national or m.always_suppressed:
                        texts, _v, _t, _ = dashboard.published_values(m, {"all": agg}, ["all"], ["All"])
                        line.by_quarter.append(texts[0])
                    else:
                        line.by_quarter.append(dashboard.fmt(m, m.value(agg)))
                cache[key] = line
            item.lines.append(dataclasses.replace(cache[key]))
        out.append(item)
    return out
