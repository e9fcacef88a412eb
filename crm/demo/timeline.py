"""Dates for a project's walk through the stages, relative to today.

A project's history is laid out around anchors (the day its lead came from an activity, the day it
signed at a 云签约 ceremony) and ends at its last progress, so the health colours computed from the
stored dates stay meaningful whenever the demo is loaded.
"""

import random
from datetime import date, timedelta

from crm.domain.stages import Stage

# Typical days spent before reaching each stage (from the one before).
GAP_DAYS: dict[Stage, tuple[int, int]] = {
    Stage.screening: (5, 15),
    Stage.contact: (10, 30),
    Stage.inspection: (15, 45),
    Stage.negotiation: (20, 60),
    Stage.signed: (30, 90),
    Stage.registered: (15, 40),
    Stage.started: (30, 80),
    Stage.producing: (150, 300),
    Stage.operating: (150, 300),
}

# Days since the last progress, cycled over the projects being worked on so that every health
# colour shows: 绿 (< 2 months), 黄 (2–3 months), 红 (> 3 months) and 红 proposed for 移出库 (> 6).
QUIET_PATTERN = [(3, 25), (10, 50), (62, 85), (1, 20), (95, 170), (15, 55), (195, 300),
                 (5, 40), (64, 88), (20, 58), (100, 160), (2, 30)]
# When the next follow-up falls due, relative to today, cycled likewise.
DUE_PATTERN = [(-25, -2), (3, 30), (0, 0), (5, 45), (-10, -1), (1, 14), (7, 60), (0, 0)]


def stage_dates(rng: random.Random, top: Stage, end: date, today: date,
                anchors: dict[Stage, date] | None = None) -> list[date]:
    """One date per stage from 线索 up to `top`, strictly increasing, none after today.

    Without anchors the walk ends on `end`. Between two anchors the typical gaps are scaled to
    fit; after the last anchor they are squeezed so that the walk ends by `end` where possible.
    """
    stages = list(Stage)[: top.rank + 1]
    gaps = [rng.randint(*GAP_DAYS[s]) for s in stages[1:]]  # gaps[i]: stage i -> i + 1
    points = sorted(((s.rank, d) for s, d in (anchors or {}).items() if s.rank <= top.rank))
    if not points:
        points = [(top.rank, end)]
    dates: list[date | None] = [None] * len(stages)
    for rank, day in points:
        dates[rank] = day

    first_rank, first_day = points[0]
    for i in range(first_rank - 1, -1, -1):
        dates[i] = dates[i + 1] - timedelta(days=gaps[i])
    for (ra, da), (rb, db) in zip(points, points[1:], strict=False):
        _fill(dates, gaps, ra, da, rb, (db - da).days)
    last_rank, last_day = points[-1]
    if last_rank < top.rank:
        room = max((end - last_day).days, 10 * (top.rank - last_rank))
        room = min(room, sum(gaps[last_rank:]), (today - last_day).days)
        _fill(dates, gaps, last_rank, last_day, top.rank + 1, room, open_end=True)

    for i in range(1, len(dates)):  # strictly increasing, whatever the rounding did
        if dates[i] <= dates[i - 1]:
            dates[i] = dates[i - 1] + timedelta(days=1)
    return [min(d, today) for d in dates]


def _fill(dates, gaps, ra: int, da: date, rb: int, span: int, open_end: bool = False) -> None:
    stop = rb if not open_end else len(dates)
    total = sum(gaps[ra:stop]) or 1
    done = 0
    for i in range(ra + 1, stop):
        done += gaps[i - 1]
        dates[i] = da + timedelta(days=max(i - ra, span * done // total))


def spread(rng: random.Random, start: date, end: date, count: int) -> list[date]:
    """Up to `count` distinct sorted dates in [start, end], the last one on `end`."""
    if count <= 0:
        return []
    days = max((end - start).days, 0)
    picks = sorted(rng.sample(range(days), min(count - 1, days)))
    return [start + timedelta(days=d) for d in picks] + [end]
