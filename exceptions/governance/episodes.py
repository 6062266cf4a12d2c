"""A ticket's episodes: each stretch from when it opened (first seen, or reopened because the
same failure came back after it was resolved) to when it was resolved. The review counts
episodes, so a ticket resolved on Monday and reopened on Saturday was cleared on Monday and
opened again on Saturday. Built from the ticket and its history rows (no database here)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Episode:
    ticket_id: int
    team: str
    ticket_type_id: int
    opened_at: datetime
    due_at: datetime
    cleared_at: datetime | None
    is_open: bool  # not cleared, as far as anything recorded says
    is_reopening: bool = False


@dataclass(frozen=True)
class TicketNow:
    """The ticket's row as it is now."""

    ticket_id: int
    team: str
    ticket_type_id: int
    first_seen: datetime
    due_at: datetime
    resolved_at: datetime | None
    reopened_at: datetime | None
    is_open: bool  # open or snoozed


def episodes_of(ticket: TicketNow,
                recorded: Iterable[tuple[datetime | None, datetime | None, datetime]]
                ) -> list[Episode]:
    """`recorded`: the (resolved_at, reopened_at, due_at) values of the ticket's history rows
    that carry a resolution or a reopening. A resolution ends the episode it falls in, and its
    row says which response window that episode had; the last episode has the ticket's own."""
    windows = {resolved: due for resolved, _, due in recorded if resolved is not None}
    if ticket.resolved_at is not None:
        windows.setdefault(ticket.resolved_at, ticket.due_at)
    reopened = {at for _, at, _ in recorded if at is not None}
    if ticket.reopened_at is not None:
        reopened.add(ticket.reopened_at)
    starts = [ticket.first_seen, *sorted(at for at in reopened if at > ticket.first_seen)]
    resolutions = sorted(windows)
    found = []
    for index, start in enumerate(starts):
        last = index == len(starts) - 1
        following = None if last else starts[index + 1]
        cleared = next((at for at in resolutions
                        if at >= start and (following is None or at <= following)), None)
        found.append(Episode(
            ticket.ticket_id, ticket.team, ticket.ticket_type_id, start,
            windows[cleared] if cleared is not None else ticket.due_at, cleared,
            # An earlier episode whose resolution went unrecorded ended at an unknown time:
            # counted as opened, never as open.
            is_open=cleared is None and last and ticket.is_open,
            is_reopening=index > 0,
        ))
    return found
