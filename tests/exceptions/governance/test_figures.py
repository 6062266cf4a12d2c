"""The review's figures from tickets' episodes: counts, breaches, aging buckets, nearest-rank
p90, opened/cleared per day and recurring fingerprints."""

from datetime import UTC, timedelta

import pytest

from exceptions.governance.episodes import Episode
from exceptions.governance.figures import (
    AGE_BUCKETS,
    TicketOccurrences,
    age_bucket,
    daily_counts,
    mean_duration,
    percentile,
    recurrences,
    week_figures,
)
from exceptions.governance.weeks import IsoWeek

WEEK = IsoWeek(2026, 48)
START, END = WEEK.bounds(UTC)
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


def fact(opened_at, *, resolved_at=None, window=4 * HOUR, reopening=False):
    return Episode(1, "ops", 1, opened_at, opened_at + window, resolved_at,
                   is_open=resolved_at is None, is_reopening=reopening)


@pytest.mark.parametrize(("p", "expected"), [(50, 5), (90, 9), (100, 10), (10, 1), (1, 1)])
def test_percentiles_are_nearest_rank(p, expected):
    assert percentile(list(range(10, 0, -1)), p) == expected


def test_the_percentile_of_nothing_is_none_and_of_one_value_that_value():
    assert percentile([], 90) is None
    assert percentile([timedelta(hours=3)], 90) == timedelta(hours=3)
    with pytest.raises(ValueError):
        percentile([1], 0)


def test_mean_of_durations():
    assert mean_duration([HOUR, 3 * HOUR]) == 2 * HOUR
    assert mean_duration([]) is None


@pytest.mark.parametrize(("age", "label"), [
    (timedelta(0), "0\u20131 d"), (DAY - timedelta(seconds=1), "0\u20131 d"),
    (DAY, "1\u20133 d"), (3 * DAY, "3\u20137 d"), (7 * DAY - HOUR, "3\u20137 d"),
    (7 * DAY, "older"), (400 * DAY, "older"),
])
def test_an_upper_bound_belongs_to_the_next_bucket(age, label):
    assert AGE_BUCKETS[age_bucket(age)][0] == label


def test_opened_cleared_open_and_breached_in_a_week():
    facts = [
        fact(START + HOUR, resolved_at=START + 2 * HOUR),          # opened, cleared in window
        fact(START + HOUR, resolved_at=START + 10 * HOUR),         # opened, cleared late
        fact(START + 2 * DAY),                                     # opened, open past window
        fact(END - HOUR, window=DAY),                              # opened, open within window
        fact(START - 10 * DAY),                                    # older, still open
        fact(START - DAY, resolved_at=START + DAY + HOUR),         # cleared, opened last week
        fact(START - 2 * DAY, resolved_at=START - DAY),            # cleared last week: no count
        fact(END + HOUR),                                          # next week: no count
        fact(START - DAY, resolved_at=END + HOUR),                 # cleared after the end
    ]

    figures = week_figures(facts, START, END)

    assert figures.opened == 4
    assert figures.cleared == 3
    assert figures.cleared_late == 2
    assert figures.open_at_end == 4
    assert figures.breached == 2 + 3
    assert figures.aging == (1, 0, 1, 2)  # 1 hour; 5 days; 8 and 17 days
    assert figures.mean_to_clear == (HOUR + 9 * HOUR + 2 * DAY + HOUR) / 3
    assert figures.p90_to_clear == 2 * DAY + HOUR
    assert figures.cleared_in_window_rate == pytest.approx(1 / 3)


def test_reopenings_count_as_opened_and_are_counted_apart():
    figures = week_figures([fact(START + HOUR, reopening=True), fact(START + DAY)], START, END)

    assert (figures.opened, figures.reopened) == (2, 1)


def test_an_episode_with_no_recorded_end_is_never_open():
    lost = Episode(1, "ops", 1, START - DAY, START, None, is_open=False)

    figures = week_figures([lost], START, END)

    assert (figures.open_at_end, figures.cleared) == (0, 0)


def test_an_empty_week_has_no_rates_or_times():
    figures = week_figures([], START, END)

    assert figures.is_empty
    assert figures.cleared_in_window_rate is None
    assert figures.mean_to_clear is None and figures.p90_to_clear is None


def test_opened_and_cleared_per_day():
    facts = [fact(START + HOUR, resolved_at=START + DAY + HOUR), fact(START + 2 * HOUR),
             fact(START + 6 * DAY + 23 * HOUR)]

    days = daily_counts(facts, WEEK.day_bounds(UTC))

    assert [(opened, cleared) for _, opened, cleared in days] == [
        (2, 0), (0, 1), (0, 0), (0, 0), (0, 0), (0, 0), (1, 0)]


def test_recurring_fingerprints_count_this_weeks_occurrences_over_all_their_tickets():
    rows = [
        TicketOccurrences(1, "sku:A", before_last_week=3, before_this_week=5, by_week_end=9),
        TicketOccurrences(7, "sku:A", before_last_week=None, before_this_week=None, by_week_end=2),
        TicketOccurrences(3, "tax:B", before_last_week=None, before_this_week=4, by_week_end=4),
        TicketOccurrences(4, "loc:C", before_last_week=None, before_this_week=None, by_week_end=6),
    ]

    ranked = recurrences(rows)

    assert [(r.fingerprint, r.this_week, r.last_week, r.latest_ticket_id) for r in ranked] == [
        ("loc:C", 6, 0, 4), ("sku:A", 6, 2, 7)]
