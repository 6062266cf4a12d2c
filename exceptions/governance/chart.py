"""The review's chart of tickets opened and cleared per day, as geometry for an inline SVG
(templates/admin/governance/chart.html draws it; the same numbers are in a table beside it)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 12, 30
BAR, GAP = 26, 4
SERIES = ("opened", "cleared")


@dataclass(frozen=True)
class Bar:
    series: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Column:
    label: str
    label_x: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    width: int
    height: int
    left: int
    right_edge: int
    baseline: float
    columns: tuple[Column, ...]
    ticks: tuple[Tick, ...]


def tick_step(largest: int, most: int = 5) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50… that marks `largest` in at most `most` steps."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if math.ceil(largest / (step * factor)) <= most:
                return step * factor
        step *= 10


def opened_vs_cleared(daily: Sequence[tuple[date, int, int]], title: str) -> Chart:
    """Two bars a day (opened, cleared) on a shared scale starting at zero."""
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    largest = max([max(opened, cleared) for _, opened, cleared in daily] + [1])
    step = tick_step(largest)
    top = math.ceil(largest / step) * step
    baseline = TOP + plot_height

    def y_of(value: int) -> float:
        return round(baseline - value / top * plot_height, 1)

    slot = plot_width / max(len(daily), 1)
    columns = []
    for index, (day, *values) in enumerate(daily):
        centre = LEFT + slot * index + slot / 2
        first_x = centre - BAR - GAP / 2
        bars = tuple(
            Bar(series, value, round(first_x + n * (BAR + GAP), 1), y_of(value), BAR,
                round(baseline - y_of(value), 1))
            for n, (series, value) in enumerate(zip(SERIES, values, strict=True))
        )
        columns.append(Column(f"{day:%a} {day.day}", round(centre, 1), bars))
    description = "; ".join(
        f"{day:%A} {day.day} {day:%b}: {opened} opened, {cleared} cleared"
        for day, opened, cleared in daily
    )
    ticks = tuple(Tick(value, y_of(value)) for value in range(0, top + 1, step))
    return Chart(title, description, WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, baseline,
                 tuple(columns), ticks)
