"""Sync lag percentiles: how long a Shopify event took to be written in NetSuite.

Lag is measured from `WebhookEvent.received_at` to `SyncJob.finished_at` of the job that
succeeded. PostgreSQL computes the percentiles itself (`percentile_cont`); elsewhere the
lags are read and `percentile` gives the same answer, so both databases agree to the
microsecond.
"""

from collections.abc import Sequence
from datetime import timedelta

QUANTILES = {"p50": 0.5, "p95": 0.95}


def percentile(values: Sequence[timedelta], fraction: float) -> timedelta | None:
    """The `fraction` percentile of `values` by linear interpolation between the closest
    ranks (PostgreSQL's percentile_cont); None for no values."""
    if not values:
        return None
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"a percentile fraction is between 0 and 1, not {fraction}")
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    weight = position - lower
    return ordered[lower] + (ordered[upper] - ordered[lower]) * weight


def summary(values: Sequence[timedelta]) -> dict[str, timedelta | None]:
    """p50 and p95 of the lags, by name."""
    return {name: percentile(values, fraction) for name, fraction in QUANTILES.items()}
