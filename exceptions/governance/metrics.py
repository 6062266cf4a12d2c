"""The figures the review shows per team and ticket type, each with how it is written on the
page (counts, percentages, durations in words) and in the CSV (numbers with their unit)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from .display import duration_delta, in_words, percent, rate_delta, signed
from .figures import AGE_BUCKETS, Figures

COUNT, RATE, DURATION = "tickets", "percent", "hours"


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    read: Callable[[Figures], object]
    unit: str = COUNT

    def shown(self, figures: Figures) -> str:
        value = self.read(figures)
        if self.unit == RATE:
            return percent(value)
        if self.unit == DURATION:
            return in_words(value)
        return str(value)

    def delta(self, this: Figures, last: Figures) -> str:
        new, old = self.read(this), self.read(last)
        if self.unit == RATE:
            return rate_delta(new, old)
        if self.unit == DURATION:
            return duration_delta(new, old)
        return signed(new - old)

    def number(self, figures: Figures) -> str:
        """As a plain number for the CSV: tickets, a percentage, or hours (one decimal)."""
        value = self.read(figures)
        if value is None:
            return ""
        if self.unit == RATE:
            return f"{value * 100:.1f}"
        if self.unit == DURATION:
            return f"{value / timedelta(hours=1):.1f}"
        return str(value)

    def number_delta(self, this: Figures, last: Figures) -> str:
        new, old = self.number(this), self.number(last)
        if not new or not old:
            return ""
        difference = float(new) - float(old)
        return str(int(difference)) if self.unit == COUNT else f"{difference:.1f}"


TICKET_METRICS = (
    Metric("opened", "Opened", lambda f: f.opened),
    Metric("reopened", "of which reopened", lambda f: f.reopened),
    Metric("cleared", "Cleared", lambda f: f.cleared),
    Metric("open_at_end", "Open at week's end", lambda f: f.open_at_end),
    Metric("breached", "Breached window", lambda f: f.breached),
    Metric("cleared_in_window", "Cleared within window", lambda f: f.cleared_in_window_rate,
           RATE),
    Metric("mean_to_clear", "Mean time to clear", lambda f: f.mean_to_clear, DURATION),
    Metric("p90_to_clear", "p90 time to clear", lambda f: f.p90_to_clear, DURATION),
)


@dataclass(frozen=True)
class Cell:
    """One figure as the page writes it: this week's, last week's and the difference."""

    label: str
    value: str
    last: str
    delta: str


def cells(metrics, this: Figures, last: Figures) -> list[Cell]:
    return [Cell(m.label, m.shown(this), m.shown(last), m.delta(this, last)) for m in metrics]


def _bucket(index: int) -> Callable[[Figures], int]:
    return lambda f: f.aging[index]


AGING_METRICS = tuple(
    Metric(f"open_aged_{index}", label, _bucket(index))
    for index, (label, _) in enumerate(AGE_BUCKETS)
)
